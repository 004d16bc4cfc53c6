/** `hearth check config` against the configs promtool's own tests check. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFiles, parseConfigLint } from '../../../../electron/core/cli/checkConfig.js';
import { loadConfigFile } from '../../../../electron/core/config/index.js';
import { referenceData } from '../../../referenceData.js';

const DATA = referenceData('prometheus-testdata');
const SHARED = DATA.path;
const PT = path.join(SHARED, 'cmd/promtool/testdata');

async function check(files: string[], opts = {}): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await checkConfigFiles(files, (l) => lines.push(l), opts);
  return { code, lines };
}

// File → [exit code, a line or line fragment that must be printed].
const PROMTOOL_CASES: Record<string, [number, string]> = {
  'authorization_credentials_file.bad.yml': [1, 'FAILED: error checking authorization credentials or bearer token file "/random/file/which/does/not/exist.yml"'],
  'authorization_credentials_file.good.yml': [0, 'is valid prometheus config file syntax'],
  'config_with_rule_files.yml': [1, `FAILED: "${path.join(PT, 'non-existent-file.yml')}" does not point to an existing file`],
  'config_with_service_discovery_files.yml': [0, `WARNING: file "${path.join(PT, 'nonexistent_file.yml')}" for file_sd in scrape job "prometheus" does not exist`],
  'config_with_tls_files.yml': [1, `FAILED: error checking client cert file "${path.join(PT, 'nonexistent_cert_file.yml')}"`],
  'prometheus-aws-sd-empty-region.good.yml': [1, 'Hearth does not support ec2_sd_configs'],
  'prometheus-config.bad.yml': [1, 'field not-prometheus not found in type config.plain'],
  'prometheus-config.good.yml': [0, 'is valid prometheus config file syntax'],
  'prometheus-config.lint.yml': [0, '  SUCCESS: 1 rule files found'],
  'prometheus-config.lint.too_long_scrape_interval.yml': [0, '  SUCCESS: 1 rule files found'],
  'url_in_alert_targetgroup_with_relabel_config.bad.yml': [1, 'FAILED: "http://bad" is not a valid hostname'],
  'url_in_alert_targetgroup_with_relabel_config.good.yml': [0, 'is valid prometheus config file syntax'],
  'url_in_scrape_targetgroup_with_relabel_config.bad.yml': [1, 'FAILED: "http://good" is not a valid hostname'.replace('good', 'bad')],
  'url_in_scrape_targetgroup_with_relabel_config.good.yml': [0, 'is valid prometheus config file syntax'],
};

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'check config', () => {
  for (const [file, [code, line]] of Object.entries(PROMTOOL_CASES)) {
    it(`${file}: exit ${code}, prints ${JSON.stringify(line)}`, async () => {
      const r = await check([path.join(PT, file)]);
      expect(r.code, r.lines.join('\n')).toBe(code);
      expect(r.lines.some((l) => l.includes(line)), r.lines.join('\n')).toBe(true);
    });
  }

  it("prints promtool's layout for a good file, then checks its rule files (lint findings exit 0)", async () => {
    const f = path.join(PT, 'prometheus-config.lint.yml');
    const r = await check([f]);
    expect(r.lines).toEqual([
      `Checking ${f}`,
      '  SUCCESS: 1 rule files found',
      ` SUCCESS: ${f} is valid prometheus config file syntax`,
      '',
      `Checking ${path.join(PT, 'prometheus-rules.lint.yml')}`,
      '  FAILED:',
      'lint error 1 duplicate rule(s) found.',
      'Metric: HighRequestLatency',
      'Label(s):',
      '\tseverity: page',
      'Might cause inconsistency while recording expressions',
      '',
    ]);
    expect(r.code).toBe(0);
  });

  it('checks several files and fails if any fails', async () => {
    const good = path.join(PT, 'prometheus-config.good.yml');
    const bad = path.join(PT, 'prometheus-config.bad.yml');
    const r = await check([good, bad]);
    expect(r.code).toBe(1);
    expect(r.lines.filter((l) => l.startsWith('Checking '))).toEqual([`Checking ${good}`, `Checking ${bad}`]);
  });

  it('hands the rule files found to the rules checker seam', async () => {
    const seen: string[][] = [];
    const r = await check([path.join(PT, 'prometheus-config.lint.yml')], {
      checkRuleFiles: async (files: string[], out: (l: string) => void) => {
        seen.push(files);
        out('  FAILED:');
        return { failed: true };
      },
    });
    expect(seen).toEqual([[path.join(PT, 'prometheus-rules.lint.yml')]]);
    expect(r.code).toBe(1);
  });

  it('a missing file fails naming the path', async () => {
    const r = await check(['/nonexistent/prometheus.yml']);
    expect(r.code).toBe(1);
    expect(r.lines).toContain('  FAILED: open /nonexistent/prometheus.yml: no such file or directory');
  });

  describe('file_sd files', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-check-'));
    const cfgFor = (name: string, files: string[]) => {
      const p = path.join(tmp, name);
      fs.writeFileSync(p, `scrape_configs:\n  - job_name: node\n    file_sd_configs:\n      - files: ${JSON.stringify(files)}\n`);
      return p;
    };

    it('parses good JSON and YAML target files', async () => {
      const r = await check([cfgFor('good.yml', [path.join(PT, 'good-sd-file.json'), path.join(PT, 'good-sd-file.yml')])]);
      expect(r.code, r.lines.join('\n')).toBe(0);
    });

    it('refuses a target file with unknown fields', async () => {
      const r = await check([cfgFor('bad.yml', [path.join(PT, 'bad-sd-file-format.yml')])]);
      expect(r.code).toBe(1);
      expect(r.lines.join('\n')).toContain(`checking SD file "${path.join(PT, 'bad-sd-file-format.yml')}"`);
      expect(r.lines.join('\n')).toContain('field targats not found');
    });
  });

  it("Prometheus's documentation example config loads and checks", async () => {
    const f = path.join(SHARED, 'documentation-example-prometheus.yml');
    const cfg = await loadConfigFile(f);
    expect(cfg.global.scrapeIntervalMs).toBe(15_000);
    expect(cfg.global.evaluationIntervalMs).toBe(15_000);
    expect(cfg.scrapeConfigs.map((s) => s.jobName)).toEqual(['prometheus']);
    expect(cfg.scrapeConfigs[0]!.staticConfigs[0]!.labels.toObject()).toEqual({ app: 'prometheus' });
    expect(cfg.scrapeConfigs[0]!.scrapeNativeHistograms).toBe(true);
    expect(cfg.alerting.alertmanagers).toHaveLength(1);
    expect((await check([f])).code).toBe(0);
  });
});

describe('check config: the rule files and lint (promtool 3)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-check-rules-'));
  const write = (name: string, text: string): string => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const dupRules = write('dup.rules.yml', 'groups:\n- name: a\n  rules: [{record: r, expr: "1"}, {record: r, expr: "2"}]\n');
  const badRules = write('bad.rules.yml', 'groups:\n- name: a\n  rules: [{record: r}]\n');
  const cfg = (name: string, rules: string[], interval = '1m'): string =>
    write(name, `global: {scrape_interval: ${interval}}\nscrape_configs: [{job_name: j, static_configs: [{targets: ['a:1']}]}]\nrule_files: ${JSON.stringify(rules)}\n`);
  const noLint = { duplicateRules: false, fatal: false, ignoreUnknownFields: false };

  it('checks the rule files a config lists, failures on err, and a rule error exits 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await checkConfigFiles([cfg('c1.yml', [badRules])], (l) => out.push(l), { err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(out).toContain(`Checking ${badRules}`);
    expect(err).toEqual(['  FAILED:', `${badRules}: 3:11: group "a", rule 1, "r": field 'expr' must be set in rule`]);
  });

  it('lint findings exit 0, or 3 when fatal; --lint=none turns them off', async () => {
    const f = cfg('c2.yml', [dupRules]);
    expect(await checkConfigFiles([f], () => {})).toBe(0);
    expect(await checkConfigFiles([f], () => {}, { lint: { ...noLint, duplicateRules: true, fatal: true } })).toBe(3);
    expect(await checkConfigFiles([f], () => {}, { lint: { ...noLint, fatal: true } })).toBe(0);
  });

  it('--syntax-only reads no rule files', async () => {
    const lines: string[] = [];
    expect(await checkConfigFiles([cfg('c3.yml', [badRules])], (l) => lines.push(l), { syntaxOnly: true })).toBe(0);
    expect(lines.some((l) => l.includes(badRules))).toBe(false);
  });

  it('a rule_files pattern with * may match nothing; one with only ? or [ may not, as promtool', async () => {
    expect(await checkConfigFiles([cfg('c4.yml', [path.join(tmp, '*.none')])], () => {})).toBe(0);
    const lines: string[] = [];
    expect(await checkConfigFiles([cfg('c5.yml', [path.join(tmp, 'x?.yml')])], (l) => lines.push(l))).toBe(1);
    expect(lines).toContain(`  FAILED: "${path.join(tmp, 'x?.yml')}" does not point to an existing file`);
  });

  it('the too-long-scrape-interval lint compares scrape intervals with the lookback delta', async () => {
    const f = cfg('c6.yml', [], '5m');
    const err: string[] = [];
    const lint = parseConfigLint('too-long-scrape-interval', true, false, 300_000, () => {});
    expect(lint.lintScrapeIntervalMs).toBe(300_000);
    expect(await checkConfigFiles([f], () => {}, { ...lint, err: (l) => err.push(l) })).toBe(3);
    expect(err).toEqual(['  FAILED: too long scrape interval found, data point will be marked as stale - job: j, interval: 5m']);
    expect(await checkConfigFiles([cfg('c7.yml', [], '4m')], () => {}, { ...lint })).toBe(0);
  });

  it('parseConfigLint: all, none and unknown options as promtool', () => {
    const warn: string[] = [];
    expect(parseConfigLint('all', false, false, 300_000, (l) => warn.push(l))).toEqual({
      lint: { duplicateRules: true, fatal: false, ignoreUnknownFields: false },
      lintScrapeIntervalMs: 300_000,
    });
    expect(parseConfigLint('all,none', true, false, 300_000, (l) => warn.push(l))).toEqual({
      lint: { duplicateRules: false, fatal: true, ignoreUnknownFields: false },
      lintScrapeIntervalMs: 0,
    });
    expect(parseConfigLint('duplicate-rules,typo', false, false, 300_000, (l) => warn.push(l)).lint.duplicateRules).toBe(true);
    expect(warn).toEqual(['WARNING: unknown lint option: "typo"']);
  });
});
