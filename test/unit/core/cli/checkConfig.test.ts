/** `hearth check config` against the configs promtool's own tests check. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFiles } from '../../../../electron/core/cli/checkConfig.js';
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
