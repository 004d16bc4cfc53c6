import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertingRuleYaml, NEW_RULE_YAML, scalar } from '../../../../renderer/rules/ruleYaml.js';

const base = { name: 'HighLoad', query: 'node_load1 > 4', duration: 300, keepFiringFor: 0, labels: {}, annotations: {} };

describe('alertingRuleYaml', () => {
  it('writes a rule as a rule file holds it, with Prometheus durations', () => {
    expect(alertingRuleYaml({ ...base, keepFiringFor: 90, labels: { severity: 'warning' }, annotations: { summary: 'Load is high on {{ $labels.instance }}' } })).toBe(
      ['alert: HighLoad', 'expr: node_load1 > 4', 'for: 5m', 'keep_firing_for: 1m30s', 'labels:', '  severity: warning', 'annotations:', '  summary: Load is high on {{ $labels.instance }}', ''].join('\n'),
    );
  });

  it('omits for, keep_firing_for, labels and annotations when unset', () => {
    expect(alertingRuleYaml({ ...base, duration: 0 })).toBe('alert: HighLoad\nexpr: node_load1 > 4\n');
  });

  it('writes a multi-line expression as a literal block', () => {
    const y = alertingRuleYaml({ ...base, query: 'sum by (job) (\n  rate(errors_total[5m])\n) > 1' });
    expect(y).toContain('expr: |-\n  sum by (job) (\n    rate(errors_total[5m])\n  ) > 1\n');
  });

  // Every value must read back exactly, whatever it holds.
  const tricky = [
    'up == 0',
    '{__name__="up"} == 0',
    '- leading dash',
    'a: b',
    'x #not a comment',
    'true',
    'No',
    'null',
    '~',
    '123',
    '1e3',
    '0x1F',
    '.5',
    '*anchor',
    '&ref',
    '!tag',
    '%percent',
    '@at',
    '`tick',
    "'single'",
    '"double"',
    'ends with colon:',
    ' leading space',
    'trailing space ',
    'tab\there',
    'line one\nline two',
    'trailing newline\n',
    '\n starts with newline',
    '  indented\nblock',
    'crlf\r\nline',
    'unicode ✓ café',
    'del \u007f and nel \u0085',
    'backslash \\ and quote "',
    '',
    '{{ if gt $value 1.0 }}high{{ else }}low{{ end }}',
    '[a, b]',
    '? question',
    '| pipe',
    '> fold',
  ];

  it('round-trips every tricky string through a YAML reader', () => {
    for (const s of tricky) {
      const doc = parse(alertingRuleYaml({ ...base, query: s, annotations: { description: s }, labels: { team: s } })) as Record<string, unknown>;
      expect(doc['expr'], JSON.stringify(s)).toBe(s);
      expect((doc['annotations'] as Record<string, string>)['description'], JSON.stringify(s)).toBe(s);
      expect((doc['labels'] as Record<string, string>)['team'], JSON.stringify(s)).toBe(s);
    }
  });

  it('quotes label names that are not plain identifiers (Prometheus 3 allows UTF-8 names)', () => {
    const doc = parse(alertingRuleYaml({ ...base, labels: { 'service.name': 'api', 'true': 'x', 'ünï': 'y' } })) as { labels: Record<string, string> };
    expect(doc.labels).toEqual({ 'service.name': 'api', true: 'x', 'ünï': 'y' });
  });

  it('keeps an alert name that would read as another type a string', () => {
    expect((parse(alertingRuleYaml({ ...base, name: 'yes' })) as { alert: unknown }).alert).toBe('yes');
    expect(scalar('yes', '')).toBe('"yes"');
  });

  it('offers a starting rule that parses as an alerting rule', () => {
    const doc = parse(NEW_RULE_YAML) as Record<string, unknown>;
    expect(doc['alert']).toBe('InstanceDown');
    expect(doc['expr']).toBe('up == 0');
  });
});

// The reference: Prometheus's own promtool reads the written rules back as valid alerting rules.
const PROMTOOL = '/usr/bin/promtool';
describe.skipIf(!existsSync(PROMTOOL))('alertingRuleYaml against promtool check rules (skipped: /usr/bin/promtool is not installed)', () => {
  it('writes rules that promtool accepts, with the same fields', () => {
    const rules: Array<Parameters<typeof alertingRuleYaml>[0]> = [
      { ...base, labels: { severity: 'critical', team: 'yes' }, annotations: { summary: 'Load {{ $value | humanize }} on {{ $labels.instance }}', description: 'line one\nline two: "quoted"' } },
      { ...base, name: 'Multi', query: 'sum by (job) (\n  rate(http_requests_total{code=~"5.."}[5m])\n)\n  > 0.1', duration: 0, keepFiringFor: 600 },
      { ...base, name: 'Colon', query: 'up{job="a: b"} == 0', duration: 90, annotations: { note: '# not a comment', other: '- not a list' } },
    ];
    const dir = mkdtempSync(join(tmpdir(), 'hearth-ruleyaml-'));
    try {
      const indent = (y: string) =>
        y
          .trimEnd()
          .split('\n')
          .map((l, i) => (i === 0 ? `      - ${l}` : l === '' ? '' : `        ${l}`))
          .join('\n');
      const file = join(dir, 'rules.yml');
      writeFileSync(file, `groups:\n  - name: g\n    rules:\n${rules.map((r) => indent(alertingRuleYaml(r))).join('\n')}\n`);
      const out = execFileSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8' });
      expect(out).toContain('SUCCESS: 3 rules found');
      const doc = parse(readFileSync(file, 'utf8')) as { groups: Array<{ rules: Array<Record<string, unknown>> }> };
      expect(doc.groups[0]!.rules.map((r) => r['expr'])).toEqual(rules.map((r) => r.query));
      expect(doc.groups[0]!.rules[2]!['for']).toBe('1m30s');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is refused by promtool when the rule is broken, so the check above can fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-ruleyaml-'));
    try {
      const file = join(dir, 'rules.yml');
      writeFileSync(file, `groups:\n  - name: g\n    rules:\n      - ${alertingRuleYaml({ ...base, query: 'sum(' }).trimEnd().split('\n').join('\n        ')}\n`);
      expect(() => execFileSync(PROMTOOL, ['check', 'rules', file], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/FAILED|parse error|unclosed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
