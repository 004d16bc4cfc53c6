/**
 * The rules bench's rule file: 1,000 rules of the catalog, a real mix, deterministic, accepted
 * by promtool, and computing what each rule means on Prometheus itself (promtool test rules).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogSize, generateRuleFile, ruleGroups } from '../../../../../scripts/bench/rules/generate.mjs';

function which(bin: string): boolean {
  return spawnSync('which', [bin], { stdio: 'ignore' }).status === 0;
}
const promtool = which('promtool');
const work = mkdtempSync(join(tmpdir(), 'hearth-rules-gen-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('generateRuleFile', () => {
  it('writes 1,000 rules by default, recording and alerting, in groups of the YAML it reports', () => {
    expect(catalogSize()).toBe(1000);
    const f = generateRuleFile();
    expect(f.rules).toBe(1000);
    expect(f.recording + f.alerting).toBe(1000);
    expect(f.recording).toBeGreaterThan(600);
    expect(f.alerting).toBeGreaterThan(200);
    const doc = parse(f.yaml) as { groups: { name: string; rules: { record?: string; alert?: string; expr: string; for?: string }[] }[] };
    expect(doc.groups).toHaveLength(f.groups);
    expect(new Set(doc.groups.map((g) => g.name)).size).toBe(f.groups);
    const rules = doc.groups.flatMap((g) => g.rules);
    expect(rules).toHaveLength(1000);
    expect(rules.filter((r) => r.record)).toHaveLength(f.recording);
  });

  it('has the mixin shapes the issue names: rates, ratios, aggregations by instance and job, predict_linear, absent, comparisons with for', () => {
    const rules = ruleGroups().flatMap((g) => g.rules);
    const some = (re: RegExp) => rules.filter((r) => re.test(r.expr)).length;
    expect(some(/\brate\(/)).toBeGreaterThan(300);
    expect(some(/\) \/ sum by/)).toBeGreaterThan(50);
    expect(some(/by \(job, instance\)/)).toBeGreaterThan(10);
    expect(some(/by \(job\)/)).toBeGreaterThan(50);
    expect(some(/predict_linear\(/)).toBeGreaterThanOrEqual(10);
    expect(some(/\babsent\(/)).toBeGreaterThanOrEqual(10);
    expect(some(/histogram_quantile\(/)).toBeGreaterThan(50);
    const compared = rules.filter((r) => r.alert && r.for && /[<>]/.test(r.expr));
    expect(compared.length).toBeGreaterThan(150);
  });

  it('is deterministic', () => {
    expect(generateRuleFile().yaml).toBe(generateRuleFile().yaml);
    expect(generateRuleFile({ rules: 250 }).yaml).toBe(generateRuleFile({ rules: 250 }).yaml);
  });

  it('keeps exactly the asked number of rules, spread over the groups', () => {
    for (const n of [1, 37, 250, 999]) {
      const groups = ruleGroups(n);
      expect(groups.reduce((k, g) => k + g.rules.length, 0)).toBe(n);
    }
    expect(ruleGroups(250).length).toBe(37);
  });

  it('refuses a count outside 1..catalog size, naming the flag', () => {
    expect(() => ruleGroups(0)).toThrow(/--rules must be an integer from 1 to 1000/);
    expect(() => ruleGroups(1001)).toThrow(RangeError);
    expect(() => ruleGroups(2.5)).toThrow(/got 2.5/);
  });
});

describe.skipIf(!promtool)('the rule file on promtool (skipped: promtool is not installed)', () => {
  it('passes promtool check rules, lint included, at 1,000 rules and at a subset', () => {
    for (const n of [1000, 137]) {
      const file = join(work, `rules-${n}.yml`);
      writeFileSync(file, generateRuleFile({ rules: n }).yaml);
      const out = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(out).toContain(`SUCCESS: ${n} rules found`);
    }
  });

  it('computes what the rules mean (promtool test rules on a small input)', () => {
    const rules = join(work, 'rules.yml');
    writeFileSync(rules, generateRuleFile().yaml);
    const base = 'job="api",instance="a:1"';
    // 4 requests/s answered 200 and 0.4/s answered 500 on /login; CPU 80 % idle; load 1.6.
    const test = {
      rule_files: [rules],
      evaluation_interval: '15s',
      tests: [
        {
          interval: '15s',
          input_series: [
            { series: `http_requests_total{${base},method="GET",status="200",path="/login"}`, values: '0+60x80' },
            { series: `http_requests_total{${base},method="GET",status="500",path="/login"}`, values: '0+6x80' },
            { series: `node_cpu_seconds_total{${base},cpu="0",mode="idle"}`, values: '0+12x80' },
            { series: `node_cpu_seconds_total{${base},cpu="0",mode="user"}`, values: '0+3x80' },
            { series: `node_load1{${base}}`, values: '1.6x80' },
          ],
          promql_expr_test: [
            { expr: 'job:http_requests:rate5m', eval_time: '10m', exp_samples: [{ labels: 'job:http_requests:rate5m{job="api"}', value: 4.4 }] },
            { expr: 'round(job:http_errors:ratio_rate5m, 0.0001)', eval_time: '10m', exp_samples: [{ labels: '{job="api"}', value: 0.0909 }] },
            {
              expr: 'round(endpoint:http_errors:ratio_rate5m, 0.0001)',
              eval_time: '10m',
              exp_samples: [{ labels: '{job="api",path="/login"}', value: 0.0909 }],
            },
            { expr: 'instance:node_num_cpu:sum', eval_time: '10m', exp_samples: [{ labels: `instance:node_num_cpu:sum{${base}}`, value: 1 }] },
            {
              expr: 'round(instance:node_cpu_utilisation:rate5m, 0.001)',
              eval_time: '10m',
              exp_samples: [{ labels: `{${base}}`, value: 0.2 }],
            },
            { expr: 'instance:node_load1_per_cpu:ratio', eval_time: '10m', exp_samples: [{ labels: `instance:node_load1_per_cpu:ratio{${base}}`, value: 1.6 }] },
            {
              expr: 'round(slo:sli_error:ratio_rate5m, 0.0001)',
              eval_time: '10m',
              exp_samples: [{ labels: '{slo="api-login-availability",slo_objective="0.999",job="api"}', value: 0.0909 }],
            },
          ],
          alert_rule_test: [
            {
              eval_time: '15m',
              alertname: 'HTTPHighErrorRate',
              exp_alerts: [
                {
                  exp_labels: { alertname: 'HTTPHighErrorRate', job: 'api', path: '/login', severity: 'warning' },
                  exp_annotations: {
                    summary: 'api /login fails too often.',
                    description: '0.09 of requests to /login answer 5xx.',
                    runbook_url: 'https://runbooks.example/http/api',
                  },
                },
              ],
            },
            {
              eval_time: '10m',
              alertname: 'HTTPMetricsAbsent',
              // Every job but api has no series: those fire (for: 5m), api does not.
              exp_alerts: ['auth', 'billing', 'web', 'worker'].map((job) => ({
                exp_labels: { alertname: 'HTTPMetricsAbsent', job, severity: 'critical' },
                exp_annotations: { summary: `No request metrics from ${job}.`, description: 'The job exposes no http_requests_total.', runbook_url: `https://runbooks.example/http/${job}` },
              })),
            },
          ],
        },
      ],
    };
    const file = join(work, 'test.yml');
    writeFileSync(file, JSON.stringify(test));
    const r = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });
});
