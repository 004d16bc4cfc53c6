/** parseRuleFile: rulefmt's decoding and validation, with positions on every error. */

import { describe, expect, it } from 'vitest';
import { parseRuleFile } from '../../../../../electron/core/rules/file/index.js';

function errorsOf(text: string): string[] {
  const r = parseRuleFile(text, 'r.yml');
  expect(r.file).toBeNull();
  return r.errors.map((e) => e.message);
}

describe('parseRuleFile: good files', () => {
  it('gives groups and rules with every field and position', () => {
    const r = parseRuleFile(
      [
        'groups:',
        '  - name: g1',
        '    interval: 30s',
        '    query_offset: 1m',
        '    limit: 10',
        '    labels: {team: a}',
        '    rules:',
        '      - record: job:up:sum',
        '        expr: sum by (job) (up)',
        '        labels:',
        '          x: y',
        '      - alert: Down',
        '        expr: up == 0',
        '        for: 5m',
        '        keep_firing_for: 1h30m',
        '        labels: {severity: page}',
        '        annotations:',
        '          summary: "{{ $labels.instance }} down"',
        '',
      ].join('\n'),
      'r.yml',
    );
    expect(r.errors).toEqual([]);
    expect(r.file).toEqual({
      path: 'r.yml',
      groups: [
        {
          name: 'g1',
          file: 'r.yml',
          intervalMs: 30_000,
          queryOffsetMs: 60_000,
          limit: 10,
          labels: { team: 'a' },
          pos: { line: 2, column: 5 },
          rules: [
            { kind: 'recording', record: 'job:up:sum', expr: 'sum by (job) (up)', labels: { x: 'y' }, pos: { line: 8, column: 9 } },
            {
              kind: 'alerting',
              alert: 'Down',
              expr: 'up == 0',
              forMs: 300_000,
              keepFiringForMs: 5_400_000,
              labels: { severity: 'page' },
              annotations: { summary: '{{ $labels.instance }} down' },
              pos: { line: 12, column: 9 },
            },
          ],
        },
      ],
    });
  });

  it('defaults: no interval, no limit, no query_offset (null, so the global one applies)', () => {
    const r = parseRuleFile('groups:\n- name: g\n  rules:\n  - record: a\n    expr: "1"\n', 'f');
    const g = r.file!.groups[0]!;
    expect([g.intervalMs, g.limit, g.queryOffsetMs, g.labels]).toEqual([0, 0, null, {}]);
    expect(parseRuleFile('groups:\n- name: g\n  query_offset: 0s\n', 'f').file!.groups[0]!.queryOffsetMs).toBe(0);
  });

  it('an empty file, a comment-only file and `groups: []` have no groups', () => {
    for (const t of ['', '# nothing\n', 'groups: []\n', 'groups:\n']) {
      expect(parseRuleFile(t, 'f')).toEqual({ file: { path: 'f', groups: [] }, errors: [], warnings: [] });
    }
  });

  it('accepts UTF-8 metric and label names (Prometheus 3) and scalar expressions', () => {
    const r = parseRuleFile('groups:\n- name: g\n  rules:\n  - record: "my.metric-é"\n    expr: "1"\n    labels: {"a.b": c}\n', 'f');
    expect(r.errors).toEqual([]);
  });

  it('takes label values as strings whatever their YAML type, and null as empty', () => {
    const r = parseRuleFile('groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n    labels: {n: 1, b: true, z: ~}\n', 'f');
    const rule = r.file!.groups[0]!.rules[0]!;
    expect(rule.labels).toEqual({ n: '1', b: 'true', z: '' });
  });

  it('reads only the first YAML document and warns about the rest', () => {
    const r = parseRuleFile('groups:\n- name: g\n  rules: []\n---\ngroups: [{name: h}]\n', 'f');
    expect(r.file!.groups.map((g) => g.name)).toEqual(['g']);
    expect(r.warnings).toEqual(['the file holds 2 YAML documents: only the first is read']);
  });

  it('resolves aliases to the last anchor of their name before them, and merge keys', () => {
    const r = parseRuleFile(
      'groups:\n- name: g\n  labels: &l {a: "1"}\n  rules:\n  - {record: x, expr: up, labels: *l}\n  - {record: y, expr: up, labels: &l {a: "2"}}\n  - {record: z, expr: up, labels: {<<: *l, b: "3"}}\n',
      'f',
    );
    expect(r.errors).toEqual([]);
    expect(r.file!.groups[0]!.rules.map((x) => x.labels)).toEqual([{ a: '1' }, { a: '2' }, { a: '2', b: '3' }]);
  });

  it('resolves many aliases in linear time (each one used to walk the whole document)', () => {
    const n = 8000;
    const text = `groups:\n- name: g\n  labels: &l {severity: page}\n  rules:\n${Array.from({ length: n }, (_, i) => `  - {alert: a${i}, expr: up, labels: *l}`).join('\n')}\n`;
    const t0 = performance.now();
    const r = parseRuleFile(text, 'f');
    expect(performance.now() - t0).toBeLessThan(15_000);
    expect(r.file!.groups[0]!.rules).toHaveLength(n);
    expect(r.file!.groups[0]!.rules[n - 1]!.labels).toEqual({ severity: 'page' });
  });

  it('a leading document marker is no second document; a marker after content is', () => {
    expect(parseRuleFile('---\n# rules\ngroups: [{name: g}]\n', 'f').warnings).toEqual([]);
    expect(parseRuleFile('%YAML 1.2\n---\ngroups: [{name: g}]\n...\n', 'f').warnings).toEqual([]);
    const r = parseRuleFile('groups: [{name: g}]\n...\n---\ngroups: [{name: h}]\n', 'f');
    expect([r.file!.groups.map((g) => g.name), r.warnings]).toEqual([['g'], ['the file holds 2 YAML documents: only the first is read']]);
  });

  it('keeps a label named __proto__ as a label', () => {
    const r = parseRuleFile('groups:\n- name: g\n  labels: {__proto__: x}\n', 'f');
    expect(Object.keys(r.file!.groups[0]!.labels)).toEqual(['__proto__']);
  });
});

describe('parseRuleFile: unmarshal errors (the shape of the file)', () => {
  it('refuses unknown fields at every level, with their positions', () => {
    expect(errorsOf('groups: []\nfoo: 1\n')).toEqual(['r.yml: 2:1: field foo not found in type rulefmt.RuleGroups']);
    expect(errorsOf('groups:\n- name: g\n  namespace: x\n')).toEqual(['r.yml: 3:3: field namespace not found in type rulefmt.RuleGroup']);
    expect(errorsOf('groups:\n- name: g\n  rules:\n  - record: a\n    expr: b\n    extra: c\n')).toEqual([
      'r.yml: 6:5: field extra not found in type rulefmt.Rule',
    ]);
  });

  it('refuses a repeated key, naming the first one', () => {
    expect(errorsOf('groups:\n- name: g\n  rules:\n  - record: a\n    expr: b\n    expr: c\n')).toEqual([
      'r.yml: 6:5: mapping key "expr" already defined at line 5',
    ]);
    expect(errorsOf('groups:\n- name: g\n  labels:\n    a: b\n    a: c\n')).toEqual(['r.yml: 5:5: mapping key "a" already defined at line 4']);
  });

  it('refuses values of the wrong type', () => {
    expect(errorsOf('groups: foo\n')).toEqual(['r.yml: 1:9: cannot unmarshal !!str `foo` into []rulefmt.RuleGroup']);
    expect(errorsOf('- a\n')).toEqual(['r.yml: 1:1: cannot unmarshal !!seq into rulefmt.RuleGroups']);
    expect(errorsOf('groups:\n- name: g\n  limit: many\n')).toEqual(['r.yml: 3:10: cannot unmarshal !!str `many` into int']);
    expect(errorsOf('groups:\n- name: g\n  rules: {a: b}\n')).toEqual(['r.yml: 3:10: cannot unmarshal !!map into []rulefmt.Rule']);
    expect(errorsOf('groups:\n- name: [g]\n')).toEqual(['r.yml: 2:9: cannot unmarshal !!seq into string']);
    expect(errorsOf('groups:\n- name: g\n  labels: [a]\n')).toEqual(['r.yml: 3:11: cannot unmarshal !!seq into map[string]string']);
  });

  it('refuses durations not in Prometheus syntax', () => {
    expect(errorsOf('groups:\n- name: g\n  interval: 5\n')).toEqual(['r.yml: 3:13: not a valid duration string: "5"']);
    expect(errorsOf('groups:\n- name: g\n  rules:\n  - alert: a\n    expr: b\n    for: 1x\n')).toEqual([
      'r.yml: 6:10: unknown unit "x" in duration "1x"',
    ]);
    expect(errorsOf('groups:\n- name: g\n  query_offset: -1m\n')).toEqual(['r.yml: 3:17: not a valid duration string: "-1m"']);
  });

  it('collects every unmarshal error of the file, in file order, and then validates nothing', () => {
    const errs = errorsOf('groups:\n- name: ""\n  a: 1\n  rules:\n  - record: "x{"\n    b: 2\nc: 3\n');
    expect(errs).toEqual([
      'r.yml: 3:3: field a not found in type rulefmt.RuleGroup',
      'r.yml: 6:5: field b not found in type rulefmt.Rule',
      'r.yml: 7:1: field c not found in type rulefmt.RuleGroups',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const r = parseRuleFile('groups:\n  - name: "g\n', 'r.yml');
    expect(r.file).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.kind).toBe('syntax');
    expect(r.errors[0]!.pos).not.toBeNull();
    expect(r.errors[0]!.message).toMatch(/^r\.yml: \d+:\d+: yaml: \S/);
    expect(r.errors[0]!.message).not.toMatch(/yaml: line/);
  });

  it('refuses a small file that aliases its way to millions of rules', () => {
    // 5000 groups share one 40-rule list: 200 000 rules from a file of 145 kB.
    const text = `groups:\n- name: g\n  rules: &big [${Array(40).fill('{record: a, expr: "1"}').join(', ')}]\n${Array.from({ length: 5000 }, (_, i) => `- {name: g${i}, rules: *big}`).join('\n')}\n`;
    const t0 = performance.now();
    const r = parseRuleFile(text, 'r.yml');
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(r.errors.map((e) => e.detail)).toEqual(['yaml: document contains excessive aliasing']);
  });

  it('refuses a long expression repeated through an alias past the budget, but not shared labels', () => {
    const expr = Array(2000).fill('up').join(' + ');
    const text = `groups:\n- name: g\n  rules:\n  - {record: r0, expr: &e "${expr}"}\n${Array.from({ length: 500 }, (_, i) => `  - {record: r${i + 1}, expr: *e}`).join('\n')}\n`;
    expect(parseRuleFile(text, 'r.yml').errors.map((e) => e.detail)).toEqual(['yaml: document contains excessive aliasing']);
    const shared = `groups:\n- name: g\n  rules:\n  - {record: r0, expr: up, labels: &l {team: infra, severity: page, owner: someone}}\n${Array.from({ length: 3000 }, (_, i) => `  - {record: r${i + 1}, expr: up, labels: *l}`).join('\n')}\n`;
    expect(parseRuleFile(shared, 'r.yml').errors).toEqual([]);
  });
});

describe('parseRuleFile: hostile input is refused, never thrown', () => {
  it('deep YAML nesting and deep PromQL nesting are errors of the file', () => {
    const yaml = parseRuleFile(`groups: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`, 'd.yml');
    expect(yaml.file).toBeNull();
    expect(yaml.errors).toHaveLength(1);
    const expr = parseRuleFile(`groups:\n- name: g\n  rules:\n  - record: a\n    expr: "${'('.repeat(100_000)}1${')'.repeat(100_000)}"\n`, 'e.yml');
    expect(expr.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^e\.yml: 5:11: group "g", rule 1, "a": could not parse expression: /),
    ]);
  });
});

describe('parseRuleFile: invalid groups and rules (rulefmt Validate)', () => {
  const rule = (body: string): string => `groups:\n- name: g\n  rules:\n  - ${body.split('\n').join('\n    ')}\n`;

  it('refuses an empty and a repeated group name', () => {
    expect(errorsOf('groups:\n- name: ""\n- name: a\n- name: a\n')).toEqual([
      'r.yml: 2:3: Groupname must not be empty',
      'r.yml: 4:3: groupname: "a" is repeated in the same file',
    ]);
  });

  it('refuses a rule with both or neither of record and alert', () => {
    expect(errorsOf(rule('record: a\nalert: b\nexpr: up'))).toEqual([
      `r.yml: 4:13: 5:12: group "g", rule 1, "b": only one of 'record' and 'alert' must be set`,
    ]);
    expect(errorsOf(rule('expr: up'))).toEqual([`r.yml: 4:5: 4:5: group "g", rule 1, "": one of 'record' or 'alert' must be set`]);
  });

  it('refuses an empty expression and one that does not parse, naming the expr node', () => {
    expect(errorsOf(rule('record: a'))).toEqual([`r.yml: 4:5: group "g", rule 1, "a": field 'expr' must be set in rule`]);
    expect(errorsOf(rule('record: a\nexpr: ""'))).toEqual([`r.yml: 5:11: group "g", rule 1, "a": field 'expr' must be set in rule`]);
    expect(errorsOf(rule('record: x\nexpr: test +'))).toEqual([
      'r.yml: 5:11: group "g", rule 1, "x": could not parse expression: 1:7: parse error: unexpected end of input',
    ]);
  });

  it('refuses an expression whose type a rule cannot use', () => {
    expect(errorsOf(rule('record: a\nexpr: up[5m]'))).toEqual([
      'r.yml: 5:11: group "g", rule 1, "a": could not use expression: expected type instant vector or scalar, got range vector',
    ]);
    expect(errorsOf(rule('alert: a\nexpr: \'"text"\''))).toEqual([
      'r.yml: 5:11: group "g", rule 1, "a": could not use expression: expected type instant vector or scalar, got string',
    ]);
  });

  it('refuses for, keep_firing_for and annotations on recording rules', () => {
    expect(errorsOf(rule('record: a\nexpr: up\nfor: 1m\nkeep_firing_for: 1m\nannotations: {a: b}'))).toEqual([
      `r.yml: 4:13: group "g", rule 1, "a": invalid field 'annotations' in recording rule`,
      `r.yml: 4:13: group "g", rule 1, "a": invalid field 'for' in recording rule`,
      `r.yml: 4:13: group "g", rule 1, "a": invalid field 'keep_firing_for' in recording rule`,
    ]);
    // A zero duration is no duration, as in rulefmt.
    expect(parseRuleFile(rule('record: a\nexpr: up\nfor: 0s'), 'f').errors).toEqual([]);
  });

  it('refuses recording rule names that are no metric name or hold braces', () => {
    expect(errorsOf(rule('record: \'up{job="a"}\'\nexpr: up'))).toEqual([
      'r.yml: 4:13: group "g", rule 1, "up{job=\\"a\\"}": braces present in the recording rule name; should it be in expr?: up{job="a"}',
    ]);
    expect(errorsOf(rule('record: "\\uD800x"\nexpr: up'))[0]).toContain('invalid recording rule name');
  });

  it('refuses __name__ and empty label names, and empty annotation names, at their keys', () => {
    expect(errorsOf(rule('alert: a\nexpr: up\nlabels:\n  __name__: x\n  "": y\nannotations:\n  "": z'))).toEqual([
      'r.yml: 7:7: group "g", rule 1, "a": invalid label name: __name__',
      'r.yml: 8:7: group "g", rule 1, "a": invalid label name: ',
      'r.yml: 10:7: group "g", rule 1, "a": invalid annotation name: ',
    ]);
    expect(errorsOf('groups:\n- name: g\n  labels: {__name__: x}\n')).toEqual(['r.yml: 3:12: invalid label name: __name__']);
  });

  it('refuses label values that are not valid UTF-8', () => {
    expect(errorsOf(rule('alert: a\nexpr: up\nlabels: {x: "\\uDC00"}'))[0]).toContain('invalid label value');
  });

  it('a null group or rule is an empty one, reported at its item', () => {
    expect(errorsOf('groups:\n-\n')).toEqual(['r.yml: 2:2: Groupname must not be empty']);
    expect(errorsOf('groups:\n- name: g\n  rules:\n  - ~\n')).toEqual([
      `r.yml: 4:5: 4:5: group "g", rule 1, "": one of 'record' or 'alert' must be set`,
      `r.yml: 4:5: group "g", rule 1, "": field 'expr' must be set in rule`,
    ]);
  });

  it('collects every problem of the file, across groups and rules', () => {
    const errs = errorsOf('groups:\n- name: a\n  rules:\n  - record: x\n  - alert: y\n    expr: "("\n- name: a\n');
    expect(errs).toHaveLength(3);
    expect(errs[2]).toBe('r.yml: 7:3: groupname: "a" is repeated in the same file');
  });

  it('keeps the parts of each error for the API and UI', () => {
    const e = parseRuleFile(rule('record: x\nexpr: test +'), 'r.yml').errors[0]!;
    expect([e.file, e.kind, e.pos, e.altPos]).toEqual(['r.yml', 'invalid', { line: 5, column: 11 }, null]);
    expect(e.detail).toBe('group "g", rule 1, "x": could not parse expression: 1:7: parse error: unexpected end of input');
  });
});
