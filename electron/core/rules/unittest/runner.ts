/**
 * `test rules`: runs promtool's rule unit-test files. For each test group the input series are
 * loaded lazily into an in-memory store, every rule group is evaluated at every
 * evaluation_interval from the group's start up to its largest eval_time (in group_eval_order
 * where given), the firing alerts are compared at each alert test's eval_time, and the PromQL
 * expression tests are queried once evaluation is done. Output, order and wording follow
 * promtool (cmd/promtool/unittest.go, Prometheus 3): "Unit Testing:  FILE", then "  SUCCESS"
 * or "  FAILED:" with one block per failure.
 */

import { compileAnchoredRegex, type AnchoredRegex } from '../../model/regex.js';
import { compareLabels, Labels } from '../../model/labels.js';
import { parseSeriesDesc } from '../../promql/parser/index.js';
import { QueryService } from '../../query/service.js';
import { memoryTestStore } from '../../promql/promqltest/store.js';
import type { Appendable } from '../../storage/interface.js';
import type { Value, VectorSample } from '../../promql/value.js';
import { engineQueryFunc } from '../queryFunc.js';
import type { RuleQueryFunc } from '../types.js';
import { alertsListing, goDuration, goLabels, indentLines, modelDuration, samplesListing, type LabelsAndAnnotations, type ParsedSample } from './format.js';
import type { EvaluableGroup, GroupLoader } from './groups.js';
import { expandInputSeries, InputSeriesError } from './inputSeries.js';
import { JUnitReport, type JUnitSuite } from './junit.js';
import { readUnitTestFile, resolveRuleFiles, TestFileError, type TestGroup, type UnitTestFile } from './testFile.js';

export interface RunOptions {
  /** Test groups run only when their name matches one of these (unanchored, RE2). */
  readonly run?: readonly string[];
  readonly debug?: boolean;
  readonly diff?: boolean;
  readonly loadGroups: GroupLoader;
  /** Standard output and standard error, as promtool splits them. */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Most evaluation steps one test group may take before it fails (a stall guard); default 1,000,000. */
  readonly maxSteps?: number;
  /** Filled with one suite per file when given (--junit). */
  readonly junit?: JUnitReport;
}

const DEFAULT_EVAL_INTERVAL_MS = 60_000;
const DEFAULT_MAX_STEPS = 1_000_000;

/** Runs the files in turn; the exit code is promtool's: 0 when all pass, 1 otherwise. */
export async function runRuleTests(files: readonly string[], opts: RunOptions): Promise<number> {
  const run = compileRun(opts.run);
  let failed = false;
  for (const f of files) {
    const suite = opts.junit?.suite(f) ?? null;
    const errs = await runFile(f, opts, run, suite);
    if (errs.length > 0) {
      opts.stderr('  FAILED:\n');
      for (const e of errs) {
        opts.stderr(e + '\n');
        opts.stdout('\n');
      }
      failed = true;
    } else opts.stdout('  SUCCESS\n');
    opts.stdout('\n');
  }
  return failed ? 1 : 0;
}

/** `--run` patterns joined as promtool joins them (`a|b`), matched anywhere in the name. */
function compileRun(run: readonly string[] | undefined): AnchoredRegex | null {
  if (!run || run.length === 0) return null;
  const joined = run.join('|');
  compileAnchoredRegex(joined); // invalid patterns fail with their own wording
  return compileAnchoredRegex(`.*(?:${joined}).*`);
}

async function runFile(path: string, opts: RunOptions, run: AnchoredRegex | null, suite: JUnitSuite | null): Promise<string[]> {
  opts.stdout(`Unit Testing:  ${path}\n`);
  let file: UnitTestFile;
  let ruleFiles: string[];
  try {
    file = readUnitTestFile(path);
    ruleFiles = resolveRuleFiles(path, file.ruleFiles, (l) => opts.stderr(l + '\n'));
  } catch (e) {
    if (!(e instanceof TestFileError)) throw e;
    suite?.abort(e.message);
    return [e.message];
  }
  const evalIntervalMs = file.evaluationIntervalMs || DEFAULT_EVAL_INTERVAL_MS;
  suite?.setTime(new Date().toISOString().slice(0, 19));
  const order = new Map<string, number>();
  for (const [i, name] of file.groupEvalOrder.entries()) {
    if (order.has(name)) {
      const msg = `group name repeated in evaluation order: ${name}`;
      suite?.abort(msg);
      return [msg];
    }
    order.set(name, i);
  }
  const errs: string[] = [];
  for (const [i, tg] of file.tests.entries()) {
    if (run && !run.test(tg.name)) continue;
    const testName = tg.name === '' ? `unnamed#${i}` : tg.name;
    suite?.addCase(testName);
    const group = tg.intervalMs === 0 ? { ...tg, intervalMs: file.evaluationIntervalMs || DEFAULT_EVAL_INTERVAL_MS } : tg;
    const found = await runGroup(group, testName, { ...opts, evalIntervalMs, order, ruleFiles, fuzzy: file.fuzzyCompare });
    for (const e of found) suite?.fail(e);
    errs.push(...found);
  }
  return errs;
}

interface GroupRunOptions extends RunOptions {
  readonly evalIntervalMs: number;
  readonly order: ReadonlyMap<string, number>;
  readonly ruleFiles: readonly string[];
  readonly fuzzy: boolean;
}

async function runGroup(tg: TestGroup, testName: string, o: GroupRunOptions): Promise<string[]> {
  const started = performance.now();
  if (o.debug) o.stdout(`DEBUG: Starting test ${testName}\n`);
  try {
    return await testGroup(tg, o);
  } finally {
    if (o.debug) o.stdout(`DEBUG: Test ${testName} finished, took ${goDuration(Math.round(performance.now() - started))}\n`);
  }
}

/** The instant query rules and expression tests run, as the server's rule manager runs it. */
export function ruleQueryFunc(queries: QueryService): RuleQueryFunc {
  return engineQueryFunc(queries);
}

async function testGroup(tg: TestGroup, o: GroupRunOptions): Promise<string[]> {
  let loader;
  try {
    loader = expandInputSeries(tg.inputSeries, tg.startMs, tg.intervalMs);
  } catch (e) {
    if (e instanceof InputSeriesError) return [e.message];
    throw e;
  }
  // The PromQL test runner's store: what promtool's lazy loader is to its promqltest.
  const testStore = memoryTestStore.create();
  const store: Appendable = { appender: () => testStore.appender() };
  const queries = QueryService.inline(testStore.queryable(), { defaultSubqueryStepMs: o.evalIntervalMs });
  try {
    const query = ruleQueryFunc(queries);
    const loaded = await o.loadGroups(o.ruleFiles, {
      query,
      appendable: store,
      intervalMs: tg.intervalMs,
      externalLabels: tg.externalLabels,
      externalURL: tg.externalURL,
    });
    if (!loaded.ok) return [...loaded.errors];
    const groups = orderedGroups(loaded.groups, o.order);
    const mint = tg.startMs;
    const maxt = mint + maxEvalTime(tg);

    const alertTimes = [...new Set(tg.alertRuleTests.map((a) => a.evalTimeMs))].sort((a, b) => a - b);
    for (const a of tg.alertRuleTests) {
      if (a.alertname === '') {
        const where = tg.name !== '' ? ` (in TestGroup ${tg.name})` : '';
        return [`an item under alert_rule_test misses required attribute alertname at eval_time ${modelDuration(a.evalTimeMs)}${where}`];
      }
    }
    const steps = Math.floor((maxt - mint) / o.evalIntervalMs) + 1;
    const maxSteps = o.maxSteps ?? DEFAULT_MAX_STEPS;
    if (steps > maxSteps) {
      return [
        `    the test would take ${steps} evaluations (largest eval_time ${modelDuration(maxt - mint)} at evaluation_interval ${modelDuration(o.evalIntervalMs)}); at most ${maxSteps} are allowed`,
      ];
    }

    const errs: string[] = [];
    let curr = 0;
    for (let ts = mint; ts <= maxt; ts += o.evalIntervalMs) {
      try {
        loader.appendTill(store, ts);
      } catch (e) {
        errs.push((e as Error).message);
        continue;
      }
      const evalErrs: string[] = [];
      for (const g of groups) {
        await g.evalOnce(ts);
        for (const r of g.rules()) {
          const err = r.lastError();
          if (err !== null) evalErrs.push(`    rule: ${r.name}, time: ${goDuration(ts - mint)}, err: ${err}`);
        }
      }
      errs.push(...evalErrs);
      // Evaluation errors end the test group; failed expectations so far do not.
      if (evalErrs.length > 0) return errs;

      // Alerts tested at eval_time t are compared after the evaluation at ts when ts <= t < ts+interval.
      while (curr < alertTimes.length && ts - mint <= alertTimes[curr]! && alertTimes[curr]! < ts + o.evalIntervalMs - mint) {
        const t = alertTimes[curr]!;
        const cases = tg.alertRuleTests.filter((a) => a.evalTimeMs === t);
        const got = firingAlerts(groups, new Set(cases.map((c) => c.alertname)));
        for (const tc of cases) {
          const gotAlerts = sortAlerts(got.get(tc.alertname) ?? []);
          const expAlerts = sortAlerts(
            tc.expAlerts.map((a) => ({
              labels: Labels.fromObject({ ...a.labels, alertname: tc.alertname }),
              annotations: Labels.fromObject(a.annotations),
            })),
          );
          if (!alertsEqual(expAlerts, gotAlerts)) {
            const name = tg.name !== '' ? `    name: ${tg.name},\n` : '';
            if (o.diff) {
              errs.push(`${name}    alertname: ${tc.alertname}, time: ${modelDuration(tc.evalTimeMs)}, \n        diff: ${indentLines(alertsDiff(expAlerts, gotAlerts), '            ')}`);
            } else {
              const exp = indentLines(alertsListing(expAlerts), '            ');
              const gotS = indentLines(alertsListing(gotAlerts), '            ');
              errs.push(`${name}    alertname: ${tc.alertname}, time: ${modelDuration(tc.evalTimeMs)}, \n        exp:${exp}, \n        got:${gotS}`);
            }
          }
        }
        curr++;
      }
    }

    for (const tc of tg.promqlExprTests) {
      const head = `    expr: ${JSON.stringify(tc.expr)}, time: ${modelDuration(tc.evalTimeMs)}`;
      let got: readonly VectorSample[];
      try {
        got = await query(tc.expr, mint + tc.evalTimeMs);
      } catch (e) {
        errs.push(`${head}, err: ${(e as Error).message}`);
        continue;
      }
      const exp: ParsedSample[] = [];
      let bad: string | null = null;
      for (const s of tc.expSamples) {
        const parsed = parseExpLabels(s.labels);
        if (typeof parsed === 'string') {
          bad = `labels ${JSON.stringify(s.labels)}: ${parsed}`;
          break;
        }
        if (s.histogram !== '') {
          bad = `labels ${JSON.stringify(s.labels)}: native histogram samples are not supported`;
          break;
        }
        exp.push({ labels: parsed, value: s.value });
      }
      if (bad !== null) {
        errs.push(`${head}, err: ${bad}`);
        continue;
      }
      const gotSamples = sortSamples(got.map((s) => ({ labels: s.labels, value: s.v })));
      const expSamples = sortSamples(exp);
      if (!samplesEqual(expSamples, gotSamples, o.fuzzy)) {
        errs.push(`${head},\n        exp: ${samplesListing(expSamples)}\n        got: ${samplesListing(gotSamples)}`);
      }
    }

    if (o.debug) await debugDump(tg, queries, o);
    return errs;
  } finally {
    await queries.close();
    testStore.close();
  }
}

/** Every group, those named in group_eval_order by their place there; the rest keep file order. */
function orderedGroups(groups: readonly EvaluableGroup[], order: ReadonlyMap<string, number>): EvaluableGroup[] {
  return groups
    .map((g, i) => ({ g, i, rank: order.get(g.name) ?? 0 }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.g);
}

function maxEvalTime(tg: TestGroup): number {
  let max = 0;
  for (const a of tg.alertRuleTests) max = Math.max(max, a.evalTimeMs);
  for (const p of tg.promqlExprTests) max = Math.max(max, p.evalTimeMs);
  return max;
}

/** Firing alerts of the alerting rules with these names, across all groups (names may repeat). */
function firingAlerts(groups: readonly EvaluableGroup[], names: ReadonlySet<string>): Map<string, LabelsAndAnnotations[]> {
  const got = new Map<string, LabelsAndAnnotations[]>();
  for (const g of groups) {
    for (const r of g.rules()) {
      if (r.kind !== 'alerting' || !names.has(r.name)) continue;
      const list = got.get(r.name) ?? [];
      for (const a of r.activeAlerts()) if (a.state === 'firing') list.push({ labels: a.labels, annotations: a.annotations });
      got.set(r.name, list);
    }
  }
  return got;
}

function sortAlerts(list: LabelsAndAnnotations[]): LabelsAndAnnotations[] {
  return list.sort((a, b) => compareLabels(a.labels, b.labels) || compareLabels(a.annotations, b.annotations));
}

function alertsEqual(a: readonly LabelsAndAnnotations[], b: readonly LabelsAndAnnotations[]): boolean {
  return a.length === b.length && a.every((x, i) => x.labels.equals(b[i]!.labels) && x.annotations.equals(b[i]!.annotations));
}

function sortSamples(list: ParsedSample[]): ParsedSample[] {
  return list.sort((a, b) => compareLabels(a.labels, b.labels));
}

/** Float equality as promtool's: exact (so NaN never matches), or within one ulp with fuzzy_compare. */
export function floatsMatch(x: number, y: number, fuzzy: boolean): boolean {
  if (x === y) return true;
  if (!fuzzy || !Number.isFinite(x)) return false;
  return nextAfter(x, -Infinity) === y || nextAfter(x, Infinity) === y;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** Go's math.Nextafter for finite x. */
function nextAfter(x: number, toward: number): number {
  if (x === toward) return x;
  if (x === 0) return toward > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  f64[0] = x;
  u64[0] = (toward > x) === (x > 0) ? u64[0]! + 1n : u64[0]! - 1n;
  return f64[0]!;
}

function samplesEqual(a: readonly ParsedSample[], b: readonly ParsedSample[], fuzzy: boolean): boolean {
  return a.length === b.length && a.every((x, i) => x.labels.equals(b[i]!.labels) && floatsMatch(x.value, b[i]!.value, fuzzy));
}

/** exp_samples' labels as Prometheus's parser.ParseMetric reads them; a message when bad. */
function parseExpLabels(text: string): Labels | string {
  try {
    const d = parseSeriesDesc(text);
    if (d.values.length > 0) return `unexpected values after the series in ${JSON.stringify(text)}`;
    return d.labels;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * --diff: the expected and got alerts as JSON, lines only in one side marked `-` (expected) and
 * `+` (got). promtool prints jsondiff's coloured console diff; this keeps its content, uncoloured.
 */
function alertsDiff(exp: readonly LabelsAndAnnotations[], got: readonly LabelsAndAnnotations[]): string {
  const json = (list: readonly LabelsAndAnnotations[]) =>
    JSON.stringify(
      (list.length === 0 ? [{ labels: Labels.EMPTY, annotations: Labels.EMPTY }] : list).map((a) => ({ Labels: a.labels.toObject(), Annotations: a.annotations.toObject() })),
      null,
      4,
    ).split('\n');
  const e = json(exp);
  const g = json(got);
  return lineDiff(e, g).join('\n');
}

/** A longest-common-subsequence line diff (inputs are small: one alert listing). */
function lineDiff(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push(`  ${a[i]}`);
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${a[i++]}`);
    else out.push(`+ ${b[j++]}`);
  }
  return out;
}

/** --debug: every series (input and recorded) up to the last evaluation, as promtool dumps them. */
async function debugDump(tg: TestGroup, queries: QueryService, o: RunOptions): Promise<void> {
  const maxMs = maxEvalTime(tg);
  const ts = Math.floor((maxMs + 1000) / 1000) * 1000;
  const expr = `{__name__=~".+"}[${modelDuration(ts)}]`;
  let v: Value;
  try {
    v = (await queries.instant(expr, tg.startMs + ts)).value;
  } catch (e) {
    o.stdout(`DEBUG: Failed querying, expr: ${JSON.stringify(expr)}, err: ${(e as Error).message}\n`);
    return;
  }
  if (v.type !== 'matrix') {
    o.stdout(`DEBUG: Got unexpected type ${v.type}\n`);
    return;
  }
  o.stdout(`DEBUG: Dump of all data (input_series and rules) at ${goDuration(ts)}:\n`);
  const lines: string[] = [];
  for (const s of v.series) {
    const pts: string[] = [];
    for (let i = 0; i < s.length; i++) pts.push(`${s.v[i]} @[${s.t[i]}]`);
    lines.push(`${goLabels(s.labels)} =>\n${pts.join('\n')}`);
  }
  o.stdout(lines.join('\n') + '\n');
}
