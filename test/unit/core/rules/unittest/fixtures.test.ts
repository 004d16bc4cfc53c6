/**
 * promtool's own rule unit-test fixtures (../shared/prometheus-testdata/cmd/promtool/testdata),
 * run on the real rule engine: each gets the verdict promtool 3 gives it (its
 * cmd/promtool/unittest_test.go table, with the features promtool's CLI turns on). Fixtures
 * Hearth cannot pass yet are in SKIPPED with the reason.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../../../../../electron/core/rules/unittest/index.js';
import { engineGroupLoader, engineGroupLoaderWith } from '../../../../../electron/core/rules/unittest/engineGroups.js';
import { referenceData } from '../../../../referenceData.js';

const DATA = referenceData('prometheus-testdata');
const DIR = join(DATA.path, 'cmd/promtool/testdata');

interface Case {
  readonly file: string;
  readonly run?: string[];
  readonly code: 0 | 1;
  readonly ignoreUnknownFields?: boolean;
  /** Text that must be in the failure output. */
  readonly says?: string;
}

const CASES: readonly Case[] = [
  { file: 'long-period.yml', code: 0 },
  { file: 'bad-input-series.yml', code: 1, says: 'parse error' },
  { file: 'bad-promql.yml', code: 1, says: 'expr: "join_1 + on(a) join_2", time: 0s, err: ' },
  { file: 'bad-rules-syntax-test.yml', code: 1, says: 'bad-rules-syntax.yml: 7:15: group "bad-syntax", rule 1, "x": could not parse expression: 1:7: parse error: unexpected end of input' },
  { file: 'bad-rules-error-test.yml', code: 1, says: '    rule: joined, time: 0s, err: found duplicate series for the match group {a="1"} on the right hand-side of the operation' },
  { file: 'failing.yml', code: 1, says: '    name: Failing alert test,\n    alertname: AlwaysFiring, time: 5m, ' },
  // promtool's CLI enables the @ modifier and negative offsets (Prometheus 3 has them always on).
  { file: 'at-modifier-test.yml', code: 0 },
  { file: 'negative-offset-test.yml', code: 0 },
  { file: 'no-test-group-interval.yml', code: 0 },
  { file: 'start-time-test.yml', code: 0 },
  { file: 'rules_run.yml', code: 1, says: 'exp: {__name__="test"} 1E+00\n        got: {__name__="test"} 0E+00' },
  { file: 'rules_run.yml', run: ['correct', 'wrong'], code: 1 },
  { file: 'rules_run.yml', run: ['correct'], code: 0 },
  { file: 'rules_run.yml', run: ['wrong'], code: 1 },
  { file: 'rules_run_no_fuzzy.yml', code: 1 },
  { file: 'rules_run_fuzzy.yml', run: ['correct'], code: 0 },
  { file: 'rules_run_fuzzy.yml', run: ['wrong'], code: 1 },
  // Without --ignore-unknown-fields (which promtool passes in its table), the rule file's extra fields fail it.
  { file: 'rules_run_extrafields.yml', code: 1, says: 'field namespace not found' },
  { file: 'rules_run_extrafields.yml', ignoreUnknownFields: true, code: 0 },
];

/** Fixtures Hearth does not pass, each with the reason. */
export const SKIPPED: Readonly<Record<string, string>> = {
  'unittest.yml': 'native histogram input series and exp_samples histogram: Hearth stores float samples only',
};

async function run(file: string, runs?: string[], ignoreUnknownFields = false): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runRuleTests([join(DIR, file)], {
    ...(runs ? { run: runs } : {}),
    loadGroups: ignoreUnknownFields ? engineGroupLoaderWith({ ignoreUnknownFields }) : engineGroupLoader,
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
  });
  return { code, out };
}

describe.skipIf(DATA.skip !== null)(`promtool's unit-test fixtures ${DATA.skip ?? ''}`, () => {
  it.each(CASES.map((c) => [`${c.file}${c.run ? ` --run ${c.run.join(' --run ')}` : ''}${c.ignoreUnknownFields ? ' --ignore-unknown-fields' : ''}`, c] as const))('%s', async (_name, c) => {
    const r = await run(c.file, c.run, c.ignoreUnknownFields);
    if (c.says) expect(r.out).toContain(c.says);
    expect(r.code, r.out).toBe(c.code);
  });

  it('unittest.yml passes once its native histogram series and expectations are taken out', async () => {
    const doc = parse(readFileSync(join(DIR, 'unittest.yml'), 'utf8')) as {
      rule_files: string[];
      tests: Array<{ input_series?: Array<{ values: string }>; promql_expr_test?: Array<{ histogram?: unknown; exp_samples?: Array<{ histogram?: unknown }> }> }>;
    };
    doc.rule_files = doc.rule_files.map((f) => join(DIR, f));
    let removed = 0;
    for (const t of doc.tests) {
      const before = (t.input_series?.length ?? 0) + (t.promql_expr_test?.length ?? 0);
      if (t.input_series) t.input_series = t.input_series.filter((s) => !String(s.values).includes('{{'));
      if (t.promql_expr_test) t.promql_expr_test = t.promql_expr_test.filter((p) => !(p.exp_samples ?? []).some((s) => s.histogram !== undefined));
      removed += before - (t.input_series?.length ?? 0) - (t.promql_expr_test?.length ?? 0);
    }
    expect(removed).toBe(6);
    const dir = mkdtempSync(join(tmpdir(), 'hearth-unittest-'));
    const file = join(dir, 'unittest-floats.yml');
    writeFileSync(file, stringify(doc));
    let out = '';
    const code = await runRuleTests([file], { loadGroups: engineGroupLoader, stdout: (t) => (out += t), stderr: (t) => (out += t) });
    expect(code, out).toBe(0);
  });

  it('lists each skipped fixture with a reason, and they still fail here (so the list stays honest)', async () => {
    for (const [file, reason] of Object.entries(SKIPPED)) {
      expect(reason.length).toBeGreaterThan(10);
      expect((await run(file)).code).toBe(1);
    }
  });
});
