/**
 * The runner's stepping, comparison and output, with stand-in rule groups (the real engine is
 * exercised by the fixture table in testRules.fixtures.test.ts): what promtool prints, in which
 * stream, and which exit code.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import type { ActiveAlert } from '../../../../../electron/core/rules/types.js';
import { floatsMatch, JUnitReport, runRuleTests, type EvaluableGroup, type GroupLoader } from '../../../../../electron/core/rules/unittest/index.js';

interface Out {
  code: number;
  stdout: string;
  stderr: string;
  /** Both streams interleaved, as a terminal shows them. */
  all: string;
}

function tempFile(text: string, name = 'test.yml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-unittest-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

async function run(files: string[], loadGroups: GroupLoader = async () => ({ ok: true, groups: [] }), extra: Partial<Parameters<typeof runRuleTests>[1]> = {}): Promise<Out> {
  const o: Out = { code: 0, stdout: '', stderr: '', all: '' };
  o.code = await runRuleTests(files, {
    loadGroups,
    stdout: (t) => ((o.stdout += t), (o.all += t)),
    stderr: (t) => ((o.stderr += t), (o.all += t)),
    ...extra,
  });
  return o;
}

/** A group with one recording rule writing `record` = expr's result, and the times it ran. */
function recordingGroup(name: string, record: string, expr: string, log: string[]): GroupLoader {
  return async (_files, env) => {
    let err: string | null = null;
    const g: EvaluableGroup = {
      name,
      async evalOnce(t) {
        log.push(`${name}@${t}`);
        try {
          const v = await env.query(expr, t);
          const app = env.appendable.appender();
          for (const s of v) app.append(0, Labels.fromObject({ ...s.labels.toObject(), __name__: record }), t, s.v);
          app.commit();
          err = null;
        } catch (e) {
          err = (e as Error).message;
        }
      },
      rules: () => [{ name: record, kind: 'recording', lastError: () => err, activeAlerts: () => [] }],
    };
    return { ok: true, groups: [g] };
  };
}

function alert(labels: Record<string, string>, state: ActiveAlert['state'], annotations: Record<string, string> = {}): ActiveAlert {
  return {
    state,
    labels: Labels.fromObject(labels),
    annotations: Labels.fromObject(annotations),
    value: 1,
    activeAtMs: 0,
    firedAtMs: 0,
    resolvedAtMs: 0,
    lastSentAtMs: 0,
    validUntilMs: 0,
    keepFiringSinceMs: 0,
  };
}

describe('runRuleTests', () => {
  it('prints SUCCESS and exits 0 when every expectation holds', async () => {
    const f = tempFile(`
tests:
  - input_series:
      - series: test
        values: 0 1
    promql_expr_test:
      - expr: test
        eval_time: 59s
        exp_samples: [{labels: test, value: 0}]
      - expr: test
        eval_time: 1m
        exp_samples: [{labels: test, value: 1}]
`);
    const o = await run([f]);
    expect(o.stdout).toBe(`Unit Testing:  ${f}\n  SUCCESS\n\n`);
    expect(o.stderr).toBe('');
    expect(o.code).toBe(0);
  });

  it('prints the expected and got samples of a failing expression test, exit 1', async () => {
    const f = tempFile(`
tests:
  - interval: 1m
    input_series:
      - series: test
        values: '0'
    promql_expr_test:
      - expr: test
        eval_time: 0m
        exp_samples:
          - value: 1
            labels: test
`);
    const o = await run([f]);
    expect(o.code).toBe(1);
    expect(o.all).toBe(`Unit Testing:  ${f}\n  FAILED:\n    expr: "test", time: 0s,\n        exp: {__name__="test"} 1E+00\n        got: {__name__="test"} 0E+00\n\n\n`);
    expect(o.stderr).toBe('  FAILED:\n    expr: "test", time: 0s,\n        exp: {__name__="test"} 1E+00\n        got: {__name__="test"} 0E+00\n');
  });

  it('reports a query error with the expression and time', async () => {
    const f = tempFile(`
tests:
  - input_series:
      - series: 'join_1{a="1",b="2"}'
        values: 1
      - series: 'join_2{a="1",b="3"}'
        values: 2
      - series: 'join_2{a="1",b="4"}'
        values: 3
    promql_expr_test:
      - expr: "join_1 + on(a) join_2"
`);
    const o = await run([f]);
    expect(o.code).toBe(1);
    expect(o.stderr).toMatch(/^ {2}FAILED:\n {4}expr: "join_1 \+ on\(a\) join_2", time: 0s, err: .*many-to-many matching not allowed/);
  });

  it('evaluates groups at every evaluation_interval up to the largest eval_time, in group_eval_order', async () => {
    const log: string[] = [];
    const a = recordingGroup('a', 'rec_a', 'vector(1)', log);
    const b = recordingGroup('b', 'rec_b', 'rec_a * 2', log);
    const both: GroupLoader = async (files, env) => {
      const ga = await a(files, env);
      const gb = await b(files, env);
      if (!ga.ok || !gb.ok) throw new Error('unreachable');
      return { ok: true, groups: [...ga.groups, ...gb.groups] };
    };
    const f = tempFile(`
evaluation_interval: 30s
group_eval_order: [b, a]
tests:
  - promql_expr_test:
      - expr: rec_b
        eval_time: 1m10s
        exp_samples: []
      - expr: rec_a
        eval_time: 1m10s
        exp_samples: [{labels: rec_a, value: 1}]
`);
    const o = await run([f], both);
    expect(log).toEqual(['b@0', 'a@0', 'b@30000', 'a@30000', 'b@60000', 'a@60000']);
    // b runs before a at each step, so it never sees a's sample of the same step; at 60s it
    // sees a's sample of 30s (within the lookback) and records 2.
    expect(o.code).toBe(1);
    expect(o.stderr).toContain('expr: "rec_b", time: 1m10s,\n        exp: nil\n        got: {__name__="rec_b"} 2E+00');
  });

  it('stops a test group at the first evaluation with rule errors, naming rule and time', async () => {
    const log: string[] = [];
    const f = tempFile(`
tests:
  - input_series:
      - series: 'x{a="1"}'
        values: _ 1
      - series: 'x{a="2"}'
        values: _ 1
    promql_expr_test:
      - expr: nothing
        eval_time: 5m
        exp_samples: [{value: 1}]
`);
    const o = await run([f], recordingGroup('g', 'joined', 'x + on() x', log));
    expect(log).toEqual(['g@0', 'g@60000']);
    expect(o.stderr).toMatch(/^ {2}FAILED:\n {4}rule: joined, time: 1m0s, err: .*matching labels must be unique/);
    expect(o.stderr).not.toContain('expr: "nothing"');
  });

  it('compares firing alerts at eval_time, ignoring pending ones, and lists both sides', async () => {
    let now = 0;
    const loader: GroupLoader = async () => ({
      ok: true,
      groups: [
        {
          name: 'alerts',
          async evalOnce(t) {
            now = t;
          },
          rules: () => [
            {
              name: 'Down',
              kind: 'alerting',
              lastError: () => null,
              activeAlerts: () =>
                now >= 300_000
                  ? [alert({ alertname: 'Down', job: 'b' }, 'firing', { s: 'b down' }), alert({ alertname: 'Down', job: 'a' }, 'firing'), alert({ alertname: 'Down', job: 'c' }, 'pending')]
                  : [alert({ alertname: 'Down', job: 'a' }, 'pending')],
            },
          ],
        },
      ],
    });
    const f = tempFile(`
tests:
  - name: my test
    alert_rule_test:
      - eval_time: 4m
        alertname: Down
        exp_alerts: []
      - eval_time: 5m30s
        alertname: Down
        exp_alerts:
          - exp_labels: {job: a}
          - exp_labels: {job: b}
            exp_annotations: {s: b down}
      - eval_time: 5m
        alertname: Down
        exp_alerts:
          - exp_labels: {job: a}
`);
    const o = await run([f], loader);
    expect(o.code).toBe(1);
    expect(o.stderr).toBe(
      [
        '  FAILED:',
        '    name: my test,',
        '    alertname: Down, time: 5m, ',
        '        exp:[',
        '            0:',
        '              Labels:{alertname="Down", job="a"}',
        '              Annotations:{}',
        '            ], ',
        '        got:[',
        '            0:',
        '              Labels:{alertname="Down", job="a"}',
        '              Annotations:{},',
        '            1:',
        '              Labels:{alertname="Down", job="b"}',
        '              Annotations:{s="b down"}',
        '            ]',
        '',
      ]
        .join('\n'),
    );
  });

  it('prints a diff of expected and got alerts with --diff', async () => {
    const loader: GroupLoader = async () => ({
      ok: true,
      groups: [{ name: 'g', evalOnce: async () => {}, rules: () => [{ name: 'A', kind: 'alerting', lastError: () => null, activeAlerts: () => [alert({ alertname: 'A', job: 'x' }, 'firing')] }] }],
    });
    const f = tempFile('tests:\n  - alert_rule_test:\n      - eval_time: 0\n        alertname: A\n        exp_alerts: [{exp_labels: {job: y}}]\n');
    const o = await run([f], loader, { diff: true });
    expect(o.code).toBe(1);
    expect(o.stderr).toContain('    alertname: A, time: 0s, \n        diff:   [\n');
    expect(o.stderr).toContain('-             "job": "y"\n            +             "job": "x"\n');
    expect(o.stderr).not.toContain('exp:');
  });

  it('fails an alert test without alertname', async () => {
    const f = tempFile('tests:\n  - name: t\n    alert_rule_test:\n      - eval_time: 1m\n');
    const o = await run([f]);
    expect(o.stderr).toContain('an item under alert_rule_test misses required attribute alertname at eval_time 1m (in TestGroup t)');
  });

  it('refuses a group named twice in group_eval_order', async () => {
    const f = tempFile('group_eval_order: [a, a]\ntests: []\n');
    const o = await run([f]);
    expect(o.stderr).toBe('  FAILED:\ngroup name repeated in evaluation order: a\n');
  });

  it('runs only the groups --run selects, matching anywhere in the name', async () => {
    const f = tempFile(`
tests:
  - name: correct test
    input_series: [{series: test, values: 1}]
    promql_expr_test: [{expr: test, eval_time: 0, exp_samples: [{value: 1, labels: test}]}]
  - name: wrong test
    input_series: [{series: test, values: 0}]
    promql_expr_test: [{expr: test, eval_time: 0, exp_samples: [{value: 1, labels: test}]}]
`);
    expect((await run([f], undefined, { run: ['orrec'] })).code).toBe(0);
    expect((await run([f], undefined, { run: ['wrong'] })).code).toBe(1);
    expect((await run([f], undefined, { run: ['nomatch', 'correct'] })).code).toBe(0);
    expect((await run([f])).code).toBe(1);
  });

  it('passes rule-file load errors through as the failure', async () => {
    const f = tempFile('rule_files: [r.yml]\ntests:\n  - {}\n');
    writeFileSync(join(f, '..', 'r.yml'), '');
    let seen: readonly string[] = [];
    const o = await run([f], async (files) => {
      seen = files;
      return { ok: false, errors: ['r.yml: 7:15: group "g", rule 1, "x": could not parse expression'] };
    });
    expect(seen).toEqual([join(f, '..', 'r.yml')]);
    expect(o.stderr).toBe('  FAILED:\nr.yml: 7:15: group "g", rule 1, "x": could not parse expression\n');
  });

  it('refuses a test that would take more evaluations than allowed, without running it', async () => {
    const log: string[] = [];
    const f = tempFile('evaluation_interval: 1s\ntests:\n  - promql_expr_test: [{expr: "1", eval_time: 10y}]\n');
    const o = await run([f], recordingGroup('g', 'r', 'vector(1)', log), { maxSteps: 1000 });
    expect(log).toEqual([]);
    expect(o.stderr).toContain('at most 1000 are allowed');
  });

  it('offsets samples and evaluations by start_timestamp', async () => {
    const f = tempFile(`
tests:
  - start_timestamp: 1609459200
    input_series: [{series: m, values: 10+10x5}]
    promql_expr_test:
      - {expr: time(), eval_time: 10m, exp_samples: [{value: 1609459800}]}
      - {expr: 'm @ 1609459320', eval_time: 5m, exp_samples: [{labels: m, value: 30}]}
`);
    expect((await run([f])).all).toContain('SUCCESS');
  });

  it('writes a JUnit report with a suite per file and a case per test group', async () => {
    const ok = tempFile('tests:\n  - name: a\n    promql_expr_test: [{expr: "1", eval_time: 0, exp_samples: [{value: 1}]}]\n  - promql_expr_test: [{expr: "1", eval_time: 0, exp_samples: [{value: 2}]}]\n');
    const bad = tempFile('tests: [\n');
    const junit = new JUnitReport();
    const o = await run([ok, bad], undefined, { junit });
    expect(o.code).toBe(1);
    const xml = junit.toXML();
    expect(xml).toMatch(new RegExp(`^<testsuites><testsuite name="${ok}" tests="2" failures="1" errors="0" skipped="0" timestamp="[^"]+"><testcase name="a"></testcase><testcase name="unnamed#1"><failure>    expr: &#34;1&#34;, time: 0s,&#xA;`));
    expect(xml).toContain(`<testsuite name="${bad}" tests="1" failures="0" errors="1"`);
    expect(xml).toContain('<testcase name="unknown"><error>yaml: line');
    expect(xml.endsWith('</testsuite></testsuites>')).toBe(true);
  });
});

describe('floatsMatch', () => {
  it('is exact by default, within one ulp when fuzzy, and never matches NaN', () => {
    expect(floatsMatch(3, 3.0000000000000004, false)).toBe(false);
    expect(floatsMatch(3, 3.0000000000000004, true)).toBe(true);
    expect(floatsMatch(3, 2.9999999999999996, true)).toBe(true);
    expect(floatsMatch(3, 3.0000000000000013, true)).toBe(false);
    expect(floatsMatch(0, 5e-324, true)).toBe(true);
    expect(floatsMatch(NaN, NaN, true)).toBe(false);
    expect(floatsMatch(Infinity, Infinity, false)).toBe(true);
  });
});
