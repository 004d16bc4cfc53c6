/** promtool's unit-test file format, decoded as strictly as yaml.UnmarshalStrict. */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseUnitTestFile, readUnitTestFile, resolveRuleFiles, TestFileError } from '../../../../../electron/core/rules/unittest/testFile.js';

describe('parseUnitTestFile', () => {
  it('reads every field of the format', () => {
    const f = parseUnitTestFile(`
rule_files: [a.yml, "b/*.yml"]
evaluation_interval: 30s
fuzzy_compare: true
group_eval_order: [g1, g2]
tests:
  - interval: 15s
    name: t1
    start_timestamp: "2024-01-01T00:00:00Z"
    external_labels: {cluster: c1}
    external_url: http://x.example/
    input_series:
      - series: 'up{job="a"}'
        values: 0+1x3
      - series: other
        values: 1
    alert_rule_test:
      - eval_time: 5m
        alertname: Down
        exp_alerts:
          - exp_labels: {job: a}
            exp_annotations: {summary: down}
          - {}
    promql_expr_test:
      - expr: up
        eval_time: 1m
        exp_samples:
          - labels: 'up{job="a"}'
            value: 4
          - value: 1e3
`);
    expect(f.ruleFiles).toEqual(['a.yml', 'b/*.yml']);
    expect(f.evaluationIntervalMs).toBe(30_000);
    expect(f.fuzzyCompare).toBe(true);
    expect(f.groupEvalOrder).toEqual(['g1', 'g2']);
    const t = f.tests[0]!;
    expect(t.intervalMs).toBe(15_000);
    expect(t.name).toBe('t1');
    expect(t.startMs).toBe(Date.UTC(2024, 0, 1));
    expect(t.externalLabels).toEqual({ cluster: 'c1' });
    expect(t.externalURL).toBe('http://x.example/');
    expect(t.inputSeries).toMatchObject([{ series: 'up{job="a"}', values: '0+1x3' }, { series: 'other', values: '1' }]);
    expect(t.alertRuleTests[0]).toMatchObject({ evalTimeMs: 300_000, alertname: 'Down' });
    expect(t.alertRuleTests[0]!.expAlerts).toEqual([
      { labels: { job: 'a' }, annotations: { summary: 'down' } },
      { labels: {}, annotations: {} },
    ]);
    expect(t.promqlExprTests[0]!.expSamples).toEqual([
      { labels: 'up{job="a"}', value: 4, histogram: '' },
      { labels: '', value: 1000, histogram: '' },
    ]);
  });

  it('takes start_timestamp as Unix seconds', () => {
    const f = parseUnitTestFile('tests:\n  - start_timestamp: 1609459200\n');
    expect(f.tests[0]!.startMs).toBe(1_609_459_200_000);
  });

  it('collects unknown fields as unmarshal errors with their lines, as yaml.v2 does', () => {
    expect(() => parseUnitTestFile('tests:\n  - name: a\n    bogus: 1\nextra: 2\n')).toThrow(
      new TestFileError('yaml: unmarshal errors:\n  line 3: field bogus not found in type main.testGroup\n  line 4: field extra not found in type main.unitTestFile'),
    );
  });

  it('refuses a bad duration with its line', () => {
    expect(() => parseUnitTestFile('tests:\n  - interval: 5x\n')).toThrow(/line 2: .*5x/);
  });

  it('refuses a bad start_timestamp', () => {
    expect(() => parseUnitTestFile('tests:\n  - start_timestamp: yesterday\n')).toThrow(/line 2: cannot parse "yesterday" as start_timestamp/);
  });

  it('reports YAML syntax errors with a line', () => {
    expect(() => parseUnitTestFile('tests: [\n')).toThrow(/^yaml: line \d+/);
  });

  it('names a file that does not exist', () => {
    expect(() => readUnitTestFile('/nonexistent/x.yml')).toThrow('open /nonexistent/x.yml: no such file or directory');
  });
});

describe('resolveRuleFiles', () => {
  it('resolves against the test file and globs, warning on patterns that match nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-unittest-'));
    writeFileSync(join(dir, 'r1.yml'), '');
    writeFileSync(join(dir, 'r2.yml'), '');
    const warnings: string[] = [];
    const files = resolveRuleFiles(join(dir, 'test.yml'), ['r*.yml', 'none.yml', '/abs/none.yml'], (l) => warnings.push(l));
    expect(files).toEqual([join(dir, 'r1.yml'), join(dir, 'r2.yml')]);
    expect(warnings).toEqual([`  WARNING: no file match pattern ${join(dir, 'none.yml')}`, '  WARNING: no file match pattern /abs/none.yml']);
  });
});
