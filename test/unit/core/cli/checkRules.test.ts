/** `hearth check rules`: promtool's verdicts, output and exit codes, in process. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRuleFiles, checkRulesCommand, checkRulesText, type CheckOutput, type RulesLint } from '../../../../electron/core/cli/checkRules.js';
import { checkTemplate } from '../../../../electron/core/rules/file/templateCheck.js';
import { referenceData } from '../../../referenceData.js';

const DATA = referenceData('prometheus-testdata');
const PT = path.join(DATA.path, 'cmd/promtool/testdata');
const FIXTURES = path.join(DATA.path, 'rules/fixtures');

const DEFAULT_LINT: RulesLint = { duplicateRules: true, fatal: false, ignoreUnknownFields: false };

interface Captured {
  out: string[];
  err: string[];
  io: CheckOutput;
}

function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

async function run(argv: string[], stdin = ''): Promise<Captured & { code: number }> {
  const c = capture();
  const code = await checkRulesCommand(argv, c.io, async () => Buffer.from(stdin));
  return { ...c, code };
}

const unknownTop = (...fields: Array<[number, string]>): string[] =>
  fields.map(([line, f]) => `  line ${line}, column 1: field ${f} not found in type rulefmt.RuleGroups`);

/** promtool's unit-test files, configs and SD files are no rule files: their top-level keys are refused. */
const NOT_RULE_FILES: Record<string, string[]> = {
  'at-modifier-test.yml': unknownTop([1, 'rule_files'], [4, 'tests']),
  'authorization_credentials_file.bad.yml': unknownTop([1, 'scrape_configs']),
  'authorization_credentials_file.good.yml': unknownTop([1, 'scrape_configs']),
  'bad-input-series.yml': unknownTop([1, 'tests']),
  'bad-promql.yml': unknownTop([1, 'tests']),
  'bad-rules-error-test.yml': unknownTop([1, 'rule_files'], [4, 'tests']),
  'bad-rules-syntax-test.yml': unknownTop([1, 'rule_files'], [4, 'tests']),
  'bad-sd-file-format.yml': ['  line 1, column 1: cannot unmarshal !!seq into rulefmt.RuleGroups'],
  'config_with_rule_files.yml': unknownTop([1, 'rule_files']),
  'config_with_service_discovery_files.yml': unknownTop([1, 'scrape_configs'], [6, 'alerting']),
  'config_with_tls_files.yml': unknownTop([1, 'scrape_configs']),
  'failing.yml': unknownTop([1, 'rule_files'], [4, 'tests']),
  'good-sd-file.yml': ['  line 1, column 1: cannot unmarshal !!seq into rulefmt.RuleGroups'],
  'good-sd-file.yaml': ['  line 1, column 1: cannot unmarshal !!seq into rulefmt.RuleGroups'],
  'long-period.yml': unknownTop([2, 'evaluation_interval'], [4, 'rule_files'], [7, 'tests']),
  'negative-offset-test.yml': unknownTop([1, 'rule_files'], [4, 'tests']),
  'no-test-group-interval.yml': unknownTop([1, 'tests']),
  'prometheus-aws-sd-empty-region.good.yml': unknownTop([6, 'scrape_configs']),
  'prometheus-config.bad.yml': unknownTop([1, 'not-prometheus']),
  'prometheus-config.lint.too_long_scrape_interval.yml': unknownTop([1, 'scrape_configs'], [4, 'rule_files']),
  'prometheus-config.lint.yml': unknownTop([1, 'rule_files']),
  'rules_run.yml': unknownTop([1, 'rule_files'], [4, 'evaluation_interval'], [7, 'tests']),
  'rules_run_extrafields.yml': unknownTop([4, 'rule_files'], [7, 'evaluation_interval'], [10, 'tests']),
  'rules_run_fuzzy.yml': unknownTop([5, 'evaluation_interval'], [6, 'fuzzy_compare'], [8, 'tests']),
  'rules_run_no_fuzzy.yml': unknownTop([4, 'evaluation_interval'], [5, 'fuzzy_compare'], [7, 'tests']),
  'start-time-test.yml': unknownTop([1, 'rule_files'], [4, 'evaluation_interval'], [6, 'tests']),
  'unittest.yml': unknownTop([1, 'rule_files'], [4, 'evaluation_interval'], [6, 'tests']),
  'url_in_alert_targetgroup_with_relabel_config.bad.yml': unknownTop([1, 'alerting']),
  'url_in_alert_targetgroup_with_relabel_config.good.yml': unknownTop([1, 'alerting']),
  'url_in_scrape_targetgroup_with_relabel_config.bad.yml': unknownTop([1, 'scrape_configs']),
  'url_in_scrape_targetgroup_with_relabel_config.good.yml': unknownTop([1, 'scrape_configs']),
};

/** Rule files that pass, with their rule counts. */
const GOOD: Record<string, number> = {
  'cmd/promtool/testdata/at-modifier.yml': 1,
  'cmd/promtool/testdata/bad-rules-error.yml': 1,
  // Every experimental PromQL feature is on in Hearth, as promtool's test enables them with --enable-feature.
  'cmd/promtool/testdata/features.yml': 4,
  'cmd/promtool/testdata/negative-offset.yml': 1,
  'cmd/promtool/testdata/prometheus-config.good.yml': 0,
  'cmd/promtool/testdata/prometheus-config.rules.good.yml': 0,
  'cmd/promtool/testdata/rules.yml': 5,
  'rules/fixtures/alert_rule.yaml': 1,
  'rules/fixtures/alert_rule1.yaml': 1,
  'rules/fixtures/rules.yaml': 1,
  'rules/fixtures/rules1.yaml': 1,
  'rules/fixtures/rules2.yaml': 1,
  'rules/fixtures/rules2_copy.yaml': 1,
  'rules/fixtures/rules_chain.yaml': 7,
  'rules/fixtures/rules_dependencies.yaml': 2,
  'rules/fixtures/rules_indeterminates.yaml': 7,
  // Only the first YAML document is read, as Prometheus's decoder does.
  'rules/fixtures/rules_multi_doc.yaml': 1,
  'rules/fixtures/rules_multiple.yaml': 6,
  'rules/fixtures/rules_multiple_dependents_on_base.yaml': 8,
  'rules/fixtures/rules_multiple_groups.yaml': 10,
  'rules/fixtures/rules_multiple_independent.yaml': 8,
};

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'check rules on the reference fixtures', () => {
  it('the table covers every YAML file of both fixture folders', () => {
    const listed = new Set([...Object.keys(NOT_RULE_FILES).map((f) => `cmd/promtool/testdata/${f}`), ...Object.keys(GOOD)]);
    for (const f of ['rules-bad.yml', 'bad-rules-syntax.yml', 'rules_duplicates.yml', 'prometheus-rules.lint.yml', 'rules_extrafields.yml']) {
      listed.add(`cmd/promtool/testdata/${f}`);
    }
    listed.add('rules/fixtures/invalid_rules.yaml');
    const all = [
      ...fs.readdirSync(PT).map((f) => `cmd/promtool/testdata/${f}`),
      ...fs.readdirSync(FIXTURES).map((f) => `rules/fixtures/${f}`),
    ].filter((f) => /\.ya?ml$/.test(f));
    expect(all.filter((f) => !listed.has(f))).toEqual([]);
  });

  for (const [file, lines] of Object.entries(NOT_RULE_FILES)) {
    it(`${file}: FAILED, exit 1, with its unmarshal errors`, () => {
      const f = path.join(PT, file);
      const c = capture();
      const r = checkRuleFiles([f], DEFAULT_LINT, c.io);
      expect(r).toEqual({ failed: true, hasErrors: true });
      expect(c.out).toEqual([`Checking ${f}`]);
      expect(c.err).toEqual(['  FAILED:', `${f}: yaml: unmarshal errors:`, ...lines]);
    });
  }

  for (const [rel, n] of Object.entries(GOOD)) {
    it(`${rel}: SUCCESS, ${n} rules`, () => {
      const f = path.join(DATA.path, rel);
      const c = capture();
      expect(checkRuleFiles([f], DEFAULT_LINT, c.io)).toEqual({ failed: false, hasErrors: false });
      expect(c.out).toEqual([`Checking ${f}`, `  SUCCESS: ${n} rules found`, '']);
      expect(c.err).toEqual([]);
    });
  }

  it('bad-rules-syntax.yml: the parse error at the expr node', () => {
    const f = path.join(PT, 'bad-rules-syntax.yml');
    const c = capture();
    expect(checkRuleFiles([f], DEFAULT_LINT, c.io)).toEqual({ failed: true, hasErrors: true });
    expect(c.err).toEqual(['  FAILED:', `${f}: 7:15: group "bad-syntax", rule 1, "x": could not parse expression: 1:7: parse error: unexpected end of input`]);
  });

  it('rules_extrafields.yml: unknown group fields with line and column', () => {
    const f = path.join(PT, 'rules_extrafields.yml');
    const c = capture();
    checkRuleFiles([f], DEFAULT_LINT, c.io);
    expect(c.err).toEqual([
      '  FAILED:',
      `${f}: yaml: unmarshal errors:`,
      '  line 7, column 5: field namespace not found in type rulefmt.RuleGroup',
      '  line 21, column 5: field ownership not found in type rulefmt.RuleGroup',
    ]);
  });

  it('invalid_rules.yaml: an unknown rule field', () => {
    const f = path.join(FIXTURES, 'invalid_rules.yaml');
    const c = capture();
    checkRuleFiles([f], DEFAULT_LINT, c.io);
    expect(c.err).toEqual(['  FAILED:', `${f}: yaml: unmarshal errors:`, '  line 6, column 9: field unexpected_field not found in type rulefmt.Rule']);
  });

  const templatesWired = checkTemplate('__alert_t', '{{ $label.foo }}') !== null;
  it.skipIf(!templatesWired)(
    templatesWired ? 'rules-bad.yml: the template that does not parse' : 'SKIPPED: rules-bad.yml needs the template engine, wired into rules/file/templateCheck.ts at merge',
    () => {
      const f = path.join(PT, 'rules-bad.yml');
      const c = capture();
      expect(checkRuleFiles([f], DEFAULT_LINT, c.io)).toEqual({ failed: true, hasErrors: true });
      expect(c.err[1]).toContain(`${f}: 12:20: group "alerts", rule 1, "InstanceDown": annotation "summary": template: __alert_InstanceDown:1: undefined variable "$label"`);
    },
  );

  it('rules_duplicates.yml: the lint finding, exit 0; 3 with --lint-fatal; none with --lint=none', async () => {
    const f = path.join(PT, 'rules_duplicates.yml');
    const r = await run([f]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`Checking ${f}`, '']);
    expect(r.err).toEqual([
      '  FAILED:',
      'lint error 1 duplicate rule(s) found.',
      'Metric: job:test:count_over_time1m',
      'Label(s):',
      'Might cause inconsistency while recording expressions',
    ]);
    expect((await run(['--lint-fatal', f])).code).toBe(3);
    const none = await run(['--lint=none', '--lint-fatal', f]);
    expect([none.code, none.out, none.err]).toEqual([0, [`Checking ${f}`, '  SUCCESS: 5 rules found', ''], []]);
  });

  it('prometheus-rules.lint.yml: duplicates with labels are listed with them', async () => {
    const r = await run([path.join(PT, 'prometheus-rules.lint.yml')]);
    expect(r.err).toContain('\tseverity: page');
    expect(r.err).toContain('Metric: HighRequestLatency');
  });

  it('several files: each checked; an error anywhere exits 1, even with lint findings elsewhere', async () => {
    const files = [path.join(PT, 'rules_duplicates.yml'), path.join(PT, 'bad-rules-syntax.yml'), path.join(PT, 'rules.yml')];
    const r = await run(['--lint-fatal', ...files]);
    expect(r.code).toBe(1);
    expect(r.out.filter((l) => l.startsWith('Checking '))).toEqual(files.map((f) => `Checking ${f}`));
    expect(r.out).toContain('  SUCCESS: 5 rules found');
  });
});

describe('check rules without reference data', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-checkrules-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };

  it('reads standard input when no file is given; its errors carry no file name', async () => {
    const good = await run([], 'groups:\n- name: g\n  rules:\n  - record: a\n    expr: "1"\n');
    expect([good.code, good.out, good.err]).toEqual([0, ['Checking standard input', '  SUCCESS: 1 rules found', ''], []]);
    const bad = await run([], 'groups:\n- name: g\n  rules:\n  - record: a\n');
    expect(bad.code).toBe(1);
    expect(bad.err).toEqual(['  FAILED:', `4:5: group "g", rule 1, "a": field 'expr' must be set in rule`]);
  });

  it('a missing file fails naming it', async () => {
    const f = path.join(dir, 'missing.yml');
    const r = await run([f]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['  FAILED:', `${f}: open ${f}: no such file or directory`]);
  });

  it('counts rules across groups', async () => {
    const f = write('two.yml', 'groups:\n- name: a\n  rules: [{record: x, expr: "1"}, {alert: y, expr: up}]\n- name: b\n  rules: [{record: z, expr: "2"}]\n');
    expect((await run([f])).out).toContain('  SUCCESS: 3 rules found');
  });

  it('duplicates take the group labels, overridden by the rule labels', async () => {
    const f = write(
      'dup.yml',
      'groups:\n- name: a\n  labels: {team: x}\n  rules: [{record: r, expr: "1"}]\n- name: b\n  rules: [{record: r, expr: "2", labels: {team: x}}, {record: r, expr: "3", labels: {team: y}}]\n',
    );
    const r = await run([f]);
    expect(r.err).toEqual(['  FAILED:', 'lint error 1 duplicate rule(s) found.', 'Metric: r', 'Label(s):', '\tteam: x', 'Might cause inconsistency while recording expressions']);
  });

  it('--lint=all lints; an unknown lint option is only warned about', async () => {
    const f = write('one.yml', 'groups:\n- name: a\n  rules: [{record: r, expr: "1"}, {record: r, expr: "1"}]\n');
    expect((await run(['--lint=all', '--lint-fatal', f])).code).toBe(3);
    const r = await run(['--lint=bogus', '--lint-fatal', f]);
    expect(r.out[0]).toBe('WARNING: unknown lint option: "bogus"');
    expect(r.code).toBe(0);
  });

  it('--ignore-unknown-fields accepts extra metadata', async () => {
    const f = write('extra.yml', 'groups:\n- name: a\n  owner: me\n  rules: [{record: r, expr: "1", note: x}]\n');
    expect((await run([f])).code).toBe(1);
    expect((await run(['--ignore-unknown-fields', f])).code).toBe(0);
  });

  it('--help prints the flags; an unknown flag is a usage error', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out.join('\n')).toContain('--lint-fatal');
    await expect(run(['--nope'])).rejects.toThrow("unknown long flag '--nope'");
  });

  it('checkRulesText: bytes that are not UTF-8 are an error at the bad byte', () => {
    const c = capture();
    expect(checkRulesText(Buffer.from('groups:\n- name: \xff\n', 'latin1'), DEFAULT_LINT, c.io)).toEqual({ failed: true, hasErrors: true });
    expect(c.err).toEqual(['  FAILED:', '2:9: yaml: invalid UTF-8 in the file']);
  });
});
