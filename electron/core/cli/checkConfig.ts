/**
 * `hearth check config FILE...`: what `promtool check config` prints and its exit code.
 * It lives with the commands, not in config/, because it runs the scrape side's relabelling
 * and file_sd parsing over the loaded config: config/ itself knows no engine.
 * Besides loading each file it checks that rule_files resolve, that credential and TLS
 * files exist, that file_sd files parse, and that static and file_sd targets survive
 * relabelling with a valid address.
 */

import fs from 'node:fs';
import type { Config, RelabelConfig, StaticConfig } from '../config/types.js';
import { ConfigError } from '../config/errors.js';
import { globSync, hasMeta } from '../config/glob.js';
import { loadConfigFile, ioMessage } from '../config/load.js';
import { formatDuration } from '../config/units.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Labels } from '../model/labels.js';
import { parseTargetGroupFile } from '../scrape/discovery/fileFormat.js';
import { relabel } from '../scrape/relabel.js';

/**
 * Checks rule files' content; the rules engine provides it. Prints its own lines through
 * `out` (promtool's `Checking FILE` / `  SUCCESS: N rules found` / `  FAILED:` blocks) and
 * says whether any file failed.
 */
export type RuleFilesChecker = (files: string[], out: (line: string) => void) => Promise<{ failed: boolean }>;

let ruleFilesChecker: RuleFilesChecker | undefined;

/** Installs the rule content checker used by checkConfigFiles (the seam for the rules engine). */
export function setRuleFilesChecker(checker: RuleFilesChecker | undefined): void {
  ruleFilesChecker = checker;
}

export interface CheckOptions {
  /** Overrides the installed rule files checker for this call. */
  checkRuleFiles?: RuleFilesChecker;
  /** Only check syntax: no rule_files globbing, no file checks (promtool's --syntax-only). */
  syntaxOnly?: boolean;
}

/** Prints promtool-style results for each file; resolves to the exit code (0 ok, 1 failed). */
export async function checkConfigFiles(paths: string[], out: (line: string) => void, opts: CheckOptions = {}): Promise<number> {
  let failed = false;
  const rulesChecker = opts.checkRuleFiles ?? ruleFilesChecker;
  for (const f of paths) {
    out(`Checking ${f}`);
    let ruleFiles: string[] = [];
    try {
      ruleFiles = await checkOne(f, out, opts.syntaxOnly ?? false);
      if (ruleFiles.length > 0) out(`  SUCCESS: ${ruleFiles.length} rule files found`);
      out(` SUCCESS: ${f} is valid prometheus config file syntax`);
    } catch (e) {
      if (!(e instanceof ConfigError) && !(e instanceof CheckError)) throw e;
      out(`  FAILED: ${e.message}`);
      failed = true;
    }
    out('');
    if (ruleFiles.length > 0 && rulesChecker) {
      const r = await rulesChecker(ruleFiles, out);
      if (r.failed) failed = true;
    }
  }
  return failed ? 1 : 0;
}

class CheckError extends Error {}

async function checkOne(file: string, out: (line: string) => void, syntaxOnly: boolean): Promise<string[]> {
  const cfg = await loadConfigFile(file);
  const ruleFiles: string[] = [];
  if (!syntaxOnly) {
    for (const rf of cfg.ruleFiles) {
      const found = globSync(rf);
      if (!hasMeta(rf)) {
        if (found.length === 0) throw new CheckError(`${goQuote(rf)} does not point to an existing file`);
      }
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
  return ruleFiles;
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
