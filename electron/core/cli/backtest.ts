/**
 * `hearth backtest rules FILE --start T --end T [--rule NAME] [--interval D]
 * [--storage.tsdb.path DIR]`: replays a rule file's alerting rules over the data in storage and
 * prints, for each rule, when each alert would have gone pending, fired and resolved, with its
 * annotations. Each rule runs in the live evaluator (rules/backtest), at its group's interval
 * unless --interval says otherwise. Storage is opened only to read: nothing is written to it and
 * no retention or compaction runs; a directory a running Hearth holds is refused, with the API
 * to use instead.
 */

import { existsSync } from 'node:fs';
import { formatDuration, parseDuration } from '../../../shared/duration.js';
import { createLogger } from '../log.js';
import { QueryService } from '../query/service.js';
import { backtestRule, BacktestError, type BacktestResult } from '../rules/backtest/backtest.js';
import { readRuleFile } from '../rules/file/index.js';
import { engineQueryFunc } from '../rules/queryFunc.js';
import type { AlertingRuleSpec, RuleGroupSpec } from '../rules/types.js';
import { TSDB } from '../tsdb/index.js';
import { defaultDataDir } from './dataDir.js';
import { formatHelp, parseArgs, StartupError, UsageError, type FlagSpec } from './flags.js';

const FLAGS: readonly FlagSpec[] = [
  { name: 'start', kind: 'string', placeholder: 'TIME', help: 'First evaluation time: RFC 3339, Unix seconds, or now-<duration> (e.g. now-7d). Required.' },
  { name: 'end', kind: 'string', placeholder: 'TIME', default: 'now', help: 'Last evaluation time, in the same forms.' },
  { name: 'rule', kind: 'string', placeholder: 'NAME', help: 'Only the alerting rules with this name (default: every alerting rule in FILE).' },
  { name: 'interval', kind: 'duration', placeholder: 'DURATION', help: "Evaluation interval (default: each rule's group interval, else 1m)." },
  { name: 'storage.tsdb.path', kind: 'path', placeholder: 'DIR', default: defaultDataDir(), help: 'Base path of the metrics storage to read.' },
];

const USAGE = 'hearth backtest rules FILE --start TIME [--end TIME] [--rule NAME] [--interval DURATION] [--storage.tsdb.path DIR]';
const DEFAULT_INTERVAL_MS = 60_000;

export async function backtestCommand(argv: readonly string[]): Promise<number> {
  const [what, ...rest] = argv;
  if (what === undefined || what === '--help' || what === '-h') {
    process.stdout.write(formatHelp(USAGE, 'Replay alerting rules over stored data: when each alert would have gone pending, fired and resolved.', FLAGS));
    return what === undefined ? 2 : 0;
  }
  if (what !== 'rules') throw new UsageError(`hearth backtest: unknown backtest '${what}' (supported: rules)`);
  const args = parseArgs('hearth backtest rules', FLAGS, rest);
  if (args.help) {
    process.stdout.write(formatHelp(USAGE, 'Replay alerting rules over stored data.', FLAGS));
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('hearth backtest rules: exactly one rule FILE is required');
  const file = args.positionals[0]!;
  const now = Date.now();
  const startText = args.values['start'] as string | undefined;
  if (startText === undefined) throw new UsageError("hearth backtest rules: required flag '--start' not provided");
  const startMs = parseTime(startText, 'start', now);
  const endMs = parseTime(args.values['end'] as string, 'end', now);
  if (endMs < startMs) throw new UsageError('hearth backtest rules: --end is before --start');
  const interval = args.values['interval'] as number | undefined;
  if (interval !== undefined && interval <= 0) throw new UsageError("hearth backtest rules: invalid value for flag '--interval': must be greater than 0");

  const parsed = readRuleFile(file);
  if (!parsed.file) throw new StartupError(parsed.errors.map((e) => e.message).join('\n'));
  const only = args.values['rule'] as string | undefined;
  const picked: Array<{ rule: AlertingRuleSpec; group: RuleGroupSpec }> = [];
  for (const group of parsed.file.groups) {
    for (const rule of group.rules) if (rule.kind === 'alerting' && (only === undefined || rule.alert === only)) picked.push({ rule, group });
  }
  if (picked.length === 0) {
    throw new StartupError(only === undefined ? `${file}: no alerting rules to backtest` : `${file}: no alerting rule named ${JSON.stringify(only)}`);
  }

  const dir = args.values['storage.tsdb.path'] as string;
  if (!existsSync(dir)) throw new StartupError(`storage directory ${dir} does not exist (set --storage.tsdb.path)`);
  let db: TSDB;
  try {
    db = TSDB.open(dir, { retentionTimeMs: 0, housekeepingIntervalMs: 0, logger: createLogger('error') });
  } catch (e) {
    const msg = (e as Error).message;
    if (msg.includes('in use by another process')) {
      throw new StartupError(`${msg}; a running Hearth answers backtests itself: POST /api/hearth/v1/rules/backtest`);
    }
    throw new StartupError(msg);
  }
  const out = (s: string) => process.stdout.write(s);
  let failed = false;
  try {
    for (const { rule, group } of picked) {
      const intervalMs = interval ?? (group.intervalMs > 0 ? group.intervalMs : DEFAULT_INTERVAL_MS);
      const queries = QueryService.inline(db, { defaultSubqueryStepMs: intervalMs });
      try {
        const r = await backtestRule({ rule, group, startMs, endMs, intervalMs, query: engineQueryFunc(queries) });
        out(formatTimeline(r, group, startMs, endMs));
      } catch (e) {
        if (!(e instanceof BacktestError)) throw e;
        out(`${rule.alert} (group ${JSON.stringify(group.name)}): ${e.message}\n\n`);
        failed = true;
      } finally {
        await queries.close();
      }
    }
  } finally {
    db.close();
  }
  return failed ? 1 : 0;
}

/** RFC 3339, Unix seconds, `now` or `now-<duration>`. */
export function parseTime(s: string, flag: string, nowMs: number): number {
  if (s === 'now') return nowMs;
  const rel = /^now-(.+)$/.exec(s);
  if (rel) {
    try {
      return nowMs - parseDuration(rel[1]!);
    } catch {
      // fall through to the error below
    }
  } else if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  else if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(`hearth backtest rules: invalid value "${s}" for flag '--${flag}': expected RFC 3339, Unix seconds, now or now-<duration>`);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The timeline of one rule, readable in a terminal. */
export function formatTimeline(r: BacktestResult, group: Pick<RuleGroupSpec, 'name' | 'file'>, startMs: number, endMs: number): string {
  const lines: string[] = [];
  lines.push(`${r.rule} (group ${JSON.stringify(group.name)} in ${group.file}), ${iso(startMs)} to ${iso(endMs)} every ${formatDuration(r.intervalMs)}: ${r.evaluations} evaluations`);
  if (r.alerts.length === 0) lines.push('  no alerts');
  for (const a of r.alerts) {
    lines.push(`  ${a.labels.toString()}`);
    lines.push(`    pending   ${iso(a.activeAtMs)}`);
    if (a.firedAtMs !== null) lines.push(`    firing    ${iso(a.firedAtMs)}  (after ${formatDuration(a.firedAtMs - a.activeAtMs)})`);
    if (a.resolvedAtMs !== null) {
      const how = a.firedAtMs !== null ? `fired for ${formatDuration(a.resolvedAtMs - a.firedAtMs)}` : 'never fired';
      lines.push(`    resolved  ${iso(a.resolvedAtMs)}  (${how})`);
    } else lines.push(`    still ${a.firedAtMs !== null ? 'firing' : 'pending'} at the end`);
    lines.push(`    value     ${a.value}`);
    a.annotations.forEach((n, v) => lines.push(`    ${n}: ${v.replace(/\n/g, '\n      ')}`));
  }
  if (r.failedEvaluations > 0) {
    lines.push(`  ${r.failedEvaluations} of ${r.evaluations} evaluations failed${r.errors.length < r.failedEvaluations ? `; the first ${r.errors.length}` : ''}:`);
    for (const e of r.errors) lines.push(`    ${iso(e.timeMs)}: ${e.error}`);
  }
  return lines.join('\n') + '\n\n';
}
