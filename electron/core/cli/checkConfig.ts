/**
 * `hearth check config FILE...`: what `promtool check config` prints and its exit code,
 * the rule files it lists checked as `hearth check rules` checks them.
 * It lives with the commands, not in config/, because it runs the scrape side's relabelling
 * and file_sd parsing over the loaded config: config/ itself knows no engine.
 * Besides loading each file it checks that rule_files resolve, that credential and TLS
 * files exist, that file_sd files parse, and that static and file_sd targets survive
 * relabelling with a valid address.
 */

import fs from 'node:fs';
import type { Config, RelabelConfig, StaticConfig } from '../config/types.js';
import { ConfigError } from '../config/errors.js';
import { globSync } from '../config/glob.js';
import { loadConfigFile, ioMessage } from '../config/load.js';
import { formatDuration } from '../config/units.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Labels } from '../model/labels.js';
import { parseTargetGroupFile } from '../scrape/discovery/fileFormat.js';
import { relabel } from '../scrape/relabel.js';
import { checkRuleFiles, exitCode, parseRulesLint, type RulesLint } from './checkRules.js';

/**
 * Checks rule files' content. Prints its own lines (promtool's `Checking FILE` /
 * `  SUCCESS: N rules found` / `  FAILED:` blocks: progress through `out`, failures through
 * `err`) and says whether any file failed, and whether for more than lint findings
 * (`hasErrors`; taken as true when absent).
 */
export type RuleFilesChecker = (
  files: string[],
  out: (line: string) => void,
  err: (line: string) => void,
  lint: RulesLint,
) => Promise<{ failed: boolean; hasErrors?: boolean }>;

/** The default checker: rule files parsed and linted as promtool check rules does. */
const checkRuleFileContents: RuleFilesChecker = async (files, out, err, lint) => checkRuleFiles(files, lint, { out, err });

let ruleFilesChecker: RuleFilesChecker | undefined;

/** Replaces the rule content checker used by checkConfigFiles (undefined restores the default). */
export function setRuleFilesChecker(checker: RuleFilesChecker | undefined): void {
  ruleFilesChecker = checker;
}

export interface CheckOptions {
  /** Overrides the installed rule files checker for this call. */
  checkRuleFiles?: RuleFilesChecker;
  /** Only check syntax: no rule_files globbing, no file checks (promtool's --syntax-only). */
  syntaxOnly?: boolean;
  /** Where failures are printed (promtool's stderr); defaults to `out`. */
  err?: (line: string) => void;
  /** Lint of the rule files; promtool's default (duplicate-rules, not fatal) when absent. */
  lint?: RulesLint;
  /** Scrape intervals at or above this fail the too-long-scrape-interval lint; 0 turns it off (the default). */
  lintScrapeIntervalMs?: number;
}

export const CONFIG_LINT_OPTIONS = ['all', 'duplicate-rules', 'too-long-scrape-interval', 'none'] as const;

/**
 * promtool's check config --lint value: `all` and `too-long-scrape-interval` turn on the
 * scrape interval lint (against the lookback delta), `none` turns everything off, the rest
 * go to the rules lint (an unknown option is only warned about).
 */
export function parseConfigLint(
  text: string,
  fatal: boolean,
  ignoreUnknownFields: boolean,
  lookbackDeltaMs: number,
  out: (line: string) => void,
): { lint: RulesLint; lintScrapeIntervalMs: number } {
  let scrapeMs = 0;
  let none = false;
  const rules: string[] = [];
  for (const opt of text.split(',')) {
    if (opt === 'all' || opt === 'too-long-scrape-interval') {
      scrapeMs = lookbackDeltaMs;
      if (opt === 'all') rules.push('all');
    } else if (opt === 'none') none = true;
    else rules.push(opt);
  }
  if (none) return { lint: parseRulesLint('', fatal, ignoreUnknownFields, out), lintScrapeIntervalMs: 0 };
  return { lint: parseRulesLint(rules.join(','), fatal, ignoreUnknownFields, out), lintScrapeIntervalMs: scrapeMs };
}

/**
 * Prints promtool-style results for each file, then checks the rule files it lists; resolves
 * to promtool's exit code (0 ok or lint findings only, 1 failed, 3 lint findings with fatal lint).
 */
export async function checkConfigFiles(paths: string[], out: (line: string) => void, opts: CheckOptions = {}): Promise<number> {
  let failed = false;
  let hasErrors = false;
  const err = opts.err ?? out;
  const lint = opts.lint ?? { duplicateRules: true, fatal: false, ignoreUnknownFields: false };
  const syntaxOnly = opts.syntaxOnly ?? false;
  const rulesChecker = opts.checkRuleFiles ?? ruleFilesChecker ?? checkRuleFileContents;
  for (const f of paths) {
    out(`Checking ${f}`);
    let ruleFiles: string[] = [];
    let cfg: Config | undefined;
    try {
      ({ cfg, ruleFiles } = await checkOne(f, out, syntaxOnly));
      if (ruleFiles.length > 0) out(`  SUCCESS: ${ruleFiles.length} rule files found`);
      out(` SUCCESS: ${f} is valid prometheus config file syntax`);
    } catch (e) {
      if (!(e instanceof ConfigError) && !(e instanceof CheckError)) throw e;
      err(`  FAILED: ${e.message}`);
      failed = true;
      hasErrors = true;
    }
    out('');
    if (syntaxOnly) continue;
    if (cfg && lintScrapeIntervals(cfg, opts.lintScrapeIntervalMs ?? 0, err)) failed = true;
    if (ruleFiles.length > 0) {
      const r = await rulesChecker(ruleFiles, out, err, lint);
      if (r.failed) failed = true;
      if (r.failed && (r.hasErrors ?? true)) hasErrors = true;
    }
  }
  return exitCode({ failed, hasErrors }, lint.fatal);
}

/** The too-long-scrape-interval lint: a scrape interval at or past the lookback delta makes series go stale between scrapes. */
function lintScrapeIntervals(cfg: Config, lookbackDeltaMs: number, err: (line: string) => void): boolean {
  if (lookbackDeltaMs <= 0) return false;
  for (const sc of cfg.scrapeConfigs) {
    if (sc.scrapeIntervalMs >= lookbackDeltaMs) {
      err(`  FAILED: too long scrape interval found, data point will be marked as stale - job: ${sc.jobName}, interval: ${formatDuration(sc.scrapeIntervalMs)}`);
      return true;
    }
  }
  return false;
}

class CheckError extends Error {}

async function checkOne(file: string, out: (line: string) => void, syntaxOnly: boolean): Promise<{ cfg: Config; ruleFiles: string[] }> {
  const cfg = await loadConfigFile(file);
  const ruleFiles: string[] = [];
  if (!syntaxOnly) {
    for (const rf of cfg.ruleFiles) {
      let found: string[];
      try {
        found = globSync(rf);
      } catch (e) {
        throw new CheckError(`${goQuote(rf)}: ${(e as Error).message}`);
      }
      // As promtool: only a pattern with `*` may match nothing (`?` and `[` do not count).
      if (!rf.includes('*') && found.length === 0) throw new CheckError(`${goQuote(rf)} does not point to an existing file`);
      ruleFiles.push(...found);
    }
  }
  for (const sc of cfg.scrapeConfigs) {
    const auth = sc.httpClient.authorization;
    if (!syntaxOnly && auth && auth.credentialsFile !== '') {
      const err = statError(auth.credentialsFile);
      if (err) throw new CheckError(`error checking authorization credentials or bearer token file ${goQuote(auth.credentialsFile)}: ${err}`);
    }
    checkTLSFiles(sc.httpClient.tlsConfig, syntaxOnly);
    const defaults: Array<[string, string]> = [
      ['job', sc.jobName],
      ['__scrape_interval__', formatDuration(sc.scrapeIntervalMs)],
      ['__scrape_timeout__', formatDuration(sc.scrapeTimeoutMs)],
      ['__metrics_path__', sc.metricsPath],
      ['__scheme__', sc.scheme],
    ];
    for (const [name, values] of Object.entries(sc.params)) if (values[0] !== undefined) defaults.push([`__param_${name}`, values[0]]);
    const groups: StaticConfig[] = [...sc.staticConfigs];
    if (!syntaxOnly) groups.push(...readSDFiles(sc.fileSDConfigs.flatMap((c) => c.files), out, `in scrape job ${goQuote(sc.jobName)}`));
    checkTargets(groups, defaults, sc.relabelConfigs);
  }
  for (const am of cfg.alerting.alertmanagers) {
    const groups: StaticConfig[] = [...am.staticConfigs];
    if (!syntaxOnly) groups.push(...readSDFiles(am.fileSDConfigs.flatMap((c) => c.files), out, 'in alertmanager config'));
    checkTargets(groups, [['__scheme__', am.scheme], ['__alerts_path__', am.pathPrefix.replace(/\/$/, '') + '/api/v2/alerts']], am.relabelConfigs);
  }
  return { cfg, ruleFiles };
}

function statError(file: string): string | undefined {
  try {
    fs.statSync(file);
    return undefined;
  } catch (e) {
    return ioMessage(e, file).replace(/^open /, 'stat ');
  }
}

function checkTLSFiles(t: Config['scrapeConfigs'][number]['httpClient']['tlsConfig'], syntaxOnly: boolean): void {
  if (t.certFile !== '' && t.keyFile === '') throw new CheckError(`client cert file ${goQuote(t.certFile)} specified without client key file`);
  if (t.keyFile !== '' && t.certFile === '') throw new CheckError(`client key file ${goQuote(t.keyFile)} specified without client cert file`);
  if (syntaxOnly) return;
  if (t.certFile !== '') {
    const err = statError(t.certFile);
    if (err) throw new CheckError(`error checking client cert file ${goQuote(t.certFile)}: ${err}`);
  }
  if (t.keyFile !== '') {
    const err = statError(t.keyFile);
    if (err) throw new CheckError(`error checking client key file ${goQuote(t.keyFile)}: ${err}`);
  }
}

function readSDFiles(patterns: string[], out: (line: string) => void, where: string): StaticConfig[] {
  const groups: StaticConfig[] = [];
  for (const pattern of patterns) {
    const files = globSync(pattern);
    if (files.length === 0) {
      out(`  WARNING: file ${goQuote(pattern)} for file_sd ${where} does not exist`);
      continue;
    }
    for (const f of files) {
      try {
        groups.push(...parseTargetGroupFile(fs.readFileSync(f, 'utf8'), f));
      } catch (e) {
        throw new CheckError(`checking SD file ${goQuote(pattern)}: ${(e as Error).message}`);
      }
    }
  }
  return groups;
}

/** Relabels each target as the scrape/notify code will and refuses addresses that are URLs. */
function checkTargets(groups: StaticConfig[], defaults: Array<[string, string]>, relabelConfigs: RelabelConfig[]): void {
  for (const g of groups) {
    for (const t of g.targets) {
      const pairs: Array<[string, string]> = [];
      g.labels.forEach((n, v) => pairs.push([n, v]));
      pairs.push(['__address__', t]);
      const base = Labels.fromPairs(pairs);
      const withDefaults = Labels.fromPairs([...defaults.filter(([n]) => !base.has(n)), ...pairs]);
      const res = relabel(withDefaults, relabelConfigs);
      if (res === null) continue;
      const addr = res.get('__address__');
      if (addr === '') throw new CheckError('no address');
      if (addr.includes('/')) throw new CheckError(`${goQuote(addr)} is not a valid hostname`);
    }
  }
}
