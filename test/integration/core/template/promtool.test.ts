/**
 * Alert templates against the reference: Debian's promtool (Prometheus 2.42, Go's own
 * text/template) expands each template as an alert annotation in `promtool test rules`,
 * and must find exactly what Hearth's expandAlertTemplate produces (an error becomes
 * Prometheus's `<error expanding template: MSG>`). One rule per template; promtool prints
 * what it got for any that differ.
 *
 * Left out on purpose, because 2.42 is older than the semantics Hearth follows: functions
 * added after 2.42 (toTime, toDuration, now, stripDomain, urlQueryEscape), title where
 * Prometheus 3's x/text casing differs from 2.42's strings.Title (apostrophes, dots), Go 1.22+
 * template features (range over an integer, `else with`), and errors naming the alert
 * data's type (2.42's Value is float64, Prometheus 3's interface {}). promtool also has no
 * external URL, so externalURL/pathPrefix are left out. `eq 1.5 1` differs on purpose: Go
 * 1.25 (golang/go#71421) names the types in "incompatible types for comparison: float64 and
 * int", which 2.42's Go does not; Hearth follows the newer Go (see exec.test.ts).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import type { RuleQueryFunc } from '../../../../electron/core/rules/types.js';
import { checkAlertTemplate, expandAlertTemplate, TemplateError } from '../../../../electron/core/template/index.js';

const PROMTOOL = '/usr/bin/promtool';
const SKIP = existsSync(PROMTOOL) ? null : `SKIPPED: ${PROMTOOL} is missing (Debian's prometheus package is the reference)`;

const TEMPLATES: readonly string[] = [
  '{{ $labels.instance }} has been down for more than 5 minutes ({{ $value | humanize }})',
  '{{ $value }}|{{ .Value }}|{{ printf "%.3f" $value }}|{{ printf "%e" $value }}|{{ printf "%g" $value }}',
  '{{ humanize1024 $value }}|{{ humanizeDuration $value }}|{{ humanizePercentage 0.12345 }}|{{ humanizeTimestamp $value }}',
  '{{ humanize 0.000123 }}|{{ humanize -1e-9 }}|{{ humanize 1e27 }}|{{ humanizeDuration 0.5 }}|{{ humanizeDuration 3661.5 }}',
  '{{ humanize "12345" }}|{{ humanize "1e3" }}|{{ humanizePercentage "0.5" }}|{{ humanizeTimestamp "1435065584.128" }}',
  '[{{ $labels.nope }}]|{{ $labels }}|{{ len $labels }}',
  '{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}',
  '{{ range $i, $e := (query "up") }}{{ $i }}:{{ $e.Labels.job }}:{{ $e.Value }}{{ end }}',
  '{{ with query "up" }}{{ . | first | value | humanize }} {{ (. | first).Labels.instance }}{{ end }}',
  '{{ query "up" | first }}',
  '{{ with query "up == 0" }}some{{ else }}none{{ end }}',
  '{{ query "up == 0" | first }}',
  '{{ $labels.instance | stripPort }}|{{ title "aa bb-cc dD" }}|{{ toUpper $labels.job }}|{{ toLower "ÀB" }}',
  '{{ reReplaceAll "(.*):(\\\\d+)" "$2 on $1" $labels.instance }}|{{ reReplaceAll "a*" "-" "baaac" }}|{{ match "^host" $labels.instance }}',
  '{{ reReplaceAll "(" "x" "y" }}',
  '{{ match "(" "x" }}',
  '{{ graphLink "rate(up{job=\\"node\\"}[5m])" }}|{{ tableLink "up" }}',
  '{{ define "x" }}[{{ .arg0 }}/{{ .arg1 }}]{{ end }}{{ template "x" (args $labels.job 2) }}',
  '{{ parseDuration "1h30m" }}|{{ printf "%.1f" (parseDuration "90s") }}',
  '{{ if gt $value 1000.0 }}high{{ else if gt $value 10.0 }}mid{{ else }}low{{ end }}',
  '{{ if and (eq $labels.job "node") (ne $labels.instance "") }}both{{ end }}|{{ or "" "fallback" }}|{{ and 1 0 }}|{{ not true }}',
  '{{ eq 1 2 1 }}|{{ lt "a" "b" }}|{{ le 2 2 }}|{{ ge 1.5 2.5 }}',
  '{{ lt true false }}',
  '{{ index $labels "job" }}|{{ index $labels "nope" }}|{{ slice "abcdef" 1 3 }}|{{ len "héllo" }}',
  '{{ print 1 2 "a" "b" 3.5 }}|{{ println "x" 1 }}|{{ printf "%5.1f|%-5s|%05d|%x|%q|%v|%T" 3.14159 "ab" 42 255 "q" true 1.5 }}',
  '{{ printf "%d %s" "x" 1 }}|{{ printf "%d" }}|{{ printf "%d" 1 2 }}|{{ printf "%!" }}',
  '{{ html "<a href=\'x\'>&" }}|{{ js "it\'s <b>" }}|{{ urlquery "a b&c" }}',
  '{{ 0x1F }} {{ 1e3 }} {{ \'a\' }} {{ -1.5 }} {{ 1_000 }} {{ 0o17 }} {{ 0b11 }}',
  '{{ "a\\tb" }}|{{ `raw\\n` }}|{{ "\\u00e9" }}',
  'a {{- " b " -}} c {{/* comment */}}d',
  '{{ range $i, $x := (slice "abc" 0 2) }}{{ end }}',
  '{{ range (args 1 2 3) }}{{ . }}{{ end }}',
  '{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}',
  '{{ range $labels }}{{ if eq . "node" }}{{ break }}{{ end }}{{ . }};{{ end }}',
  '{{ humanize "x" }}',
  '{{ reReplaceAll `a*` "-" "baaac" }}|{{ match `a*` "baaac" }}',
  '{{ reReplaceAll `` "-" "abc" }}|{{ match `` "abc" }}',
  '{{ reReplaceAll `b*` "-" "abc" }}|{{ match `b*` "abc" }}',
  '{{ reReplaceAll `^` "^" "a\\nb" }}|{{ match `^` "a\\nb" }}',
  '{{ reReplaceAll `$` "$" "a\\nb" }}|{{ match `$` "a\\nb" }}',
  '{{ reReplaceAll `(?m)^` "> " "a\\nb" }}|{{ match `(?m)^` "a\\nb" }}',
  '{{ reReplaceAll `\\b` "|" "hello world" }}|{{ match `\\b` "hello world" }}',
  '{{ reReplaceAll `(?i)HELLO` "bye" "Hello hello" }}|{{ match `(?i)HELLO` "Hello hello" }}',
  '{{ reReplaceAll `\\pL+` "W" "héllo wörld 42" }}|{{ match `\\pL+` "héllo wörld 42" }}',
  '{{ reReplaceAll `[[:digit:]]+` "#" "a1b22c333" }}|{{ match `[[:digit:]]+` "a1b22c333" }}',
  '{{ reReplaceAll `(?P<first>\\w+)\\s(?P<second>\\w+)` "${second} $first" "hello world" }}|{{ match `(?P<first>\\w+)\\s(?P<second>\\w+)` "hello world" }}',
  '{{ reReplaceAll `(a)(b)?` "[$1|$2|$3|${1}x|$1x|$$]" "ab a" }}|{{ match `(a)(b)?` "ab a" }}',
  '{{ reReplaceAll `x*` "-" "ñ" }}|{{ match `x*` "ñ" }}',
  '{{ reReplaceAll `.` "*" "日本" }}|{{ match `.` "日本" }}',
  '{{ reReplaceAll `(\\d+)\\.(\\d+)` "$2.$1" "1.2 30.40" }}|{{ match `(\\d+)\\.(\\d+)` "1.2 30.40" }}',
  '{{ reReplaceAll `\\s+` " " "a  \\t b\\n\\nc" }}|{{ match `\\s+` "a  \\t b\\n\\nc" }}',
  '{{ reReplaceAll `a|ab` "X" "ab" }}|{{ match `a|ab` "ab" }}',
  '{{ reReplaceAll `(a|ab)(c|bcd)(d*)` "[$1,$2,$3]" "abcd" }}|{{ match `(a|ab)(c|bcd)(d*)` "abcd" }}',
  '{{ reReplaceAll `[^a]` "" "banana" }}|{{ match `[^a]` "banana" }}',
  '{{ reReplaceAll `a{2,3}` "<$0>" "aaaa" }}|{{ match `a{2,3}` "aaaa" }}',
  '{{ reReplaceAll `(?s)a.b` "X" "a\\nb" }}|{{ match `(?s)a.b` "a\\nb" }}',
  '{{ reReplaceAll `a.b` "X" "a\\nb" }}|{{ match `a.b` "a\\nb" }}',
  '{{ range $k, $v := (args 0.0 1.0 -1.0 0.5 999.9 999.99999 1000.0 0.001 1.5e-7 123456789.0 1e25 -1e-25 86399.5 3599.999 0.0001 1e300 5e-324 1023.5 1048575.9 2.5 0.125 -0.0 60.0 59.999 3600.5 0.999999) }}{{ $v | humanize }}|{{ $v | humanize1024 }}|{{ $v | humanizeDuration }}|{{ $v | humanizePercentage }};{{ end }}',
  '{{ range $k, $v := (args 0.0 1.0 -1.0 0.5 999.9 999.99999 1000.0 0.001 1.5e-7 123456789.0 1e25 -1e-25 86399.5 3599.999 0.0001 1e300 5e-324 1023.5 1048575.9 2.5 0.125 -0.0 60.0 59.999 3600.5 0.999999) }}{{ $v }}|{{ printf "%.3f|%.2e|%g|%.4g|%8.2f|%v" $v $v $v $v $v $v }};{{ end }}',
  '{{ range $k, $v := (args 0.0 1.0 1e9 1435065584.128 -86400.0 4102444800.999) }}{{ $v | humanizeTimestamp }};{{ end }}',
  '{{ humanize }}',
  '{{ first 1 }}',
  '{{ $labels.instance.x }}',
  '{{ template "nope" }}',
  '{{ index $labels 1 }}',
  '{{ len 3 }}',
  '{{ nil }}',
  '{{ 1 2 }}',
  '{{ (1).x }}',
  'line\n{{ printf "%s" 1.5 }}\n{{ humanize $labels }}',
  '{{ define "r" }}{{ if . }}{{ template "r" (slice . 1) }}{{ end }}{{ end }}{{ template "r" "abcdef" }}done',
];

const LABELS = { instance: 'host.example.com:9100', job: 'node' };
const VALUE = 1234567;

const query: RuleQueryFunc = async (expr) => {
  if (expr === 'up') return [{ labels: Labels.fromObject({ __name__: 'up', ...LABELS }), t: 0, v: VALUE }];
  if (expr === 'up == 0') return [];
  throw new Error(`unexpected query ${expr}`);
};

async function hearthAnnotation(i: number, text: string): Promise<string> {
  try {
    // $labels are the series' labels, __name__ included, as the rule evaluator passes them.
    return await expandAlertTemplate(`__alert_T${i}`, text, { labels: { __name__: 'up', ...LABELS }, externalLabels: {}, externalURL: '', value: VALUE }, 0, query);
  } catch (e) {
    if (e instanceof TemplateError) return `<error expanding template: ${e.message}>`;
    throw e;
  }
}

describe.skipIf(SKIP !== null)(SKIP ?? 'alert templates against promtool 2.42', () => {
  test('promtool expands every template to what Hearth expands', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-tmpl-'));
    try {
      const rules = ['groups:', '- name: templates', '  rules:'];
      const tests = ['rule_files: [rules.yml]', 'evaluation_interval: 1m', 'tests:', '- interval: 1m', '  input_series:', `  - series: 'up{instance="${LABELS.instance}", job="${LABELS.job}"}'`, `    values: '${VALUE}'`, '  alert_rule_test:'];
      for (let i = 0; i < TEMPLATES.length; i++) {
        const text = TEMPLATES[i]!;
        rules.push(`  - alert: T${i}`, '    expr: up > 0', '    annotations:', `      a: ${JSON.stringify(text)}`);
        const expected = await hearthAnnotation(i, text);
        tests.push(
          '  - eval_time: 0m',
          `    alertname: T${i}`,
          '    exp_alerts:',
          `    - exp_labels: {instance: "${LABELS.instance}", job: ${LABELS.job}}`,
          `      exp_annotations: {a: ${JSON.stringify(expected)}}`,
        );
      }
      writeFileSync(join(dir, 'rules.yml'), rules.join('\n') + '\n');
      writeFileSync(join(dir, 'test.yml'), tests.join('\n') + '\n');
      let out = '';
      let ok = true;
      try {
        out = execFileSync(PROMTOOL, ['test', 'rules', 'test.yml'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        ok = false;
        out = String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
      }
      expect(ok ? 'SUCCESS' : out).toBe('SUCCESS');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

const BAD_TEMPLATES: readonly string[] = [
  '{{ nope }}',
  '{{ if true }}',
  '{{ $labels.x ',
  '{{ end }}',
  '{{ $undefined }}',
  '{{ range }}{{ end }}',
  '{{ "unterminated }}',
  '{{ 3k }}',
  '{{ .a-b }}',
  'x\n{{ define "a" }}',
  '{{ ( }}',
  '{{/* unclosed',
  '{{ break }}',
  '{{ template 1 }}',
];

describe.skipIf(SKIP !== null)(SKIP ?? 'rule file template checks against promtool 2.42', () => {
  test('promtool check rules reports what checkAlertTemplate reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-tmpl-'));
    try {
      const rules = ['groups:', '- name: g', '  rules:'];
      BAD_TEMPLATES.forEach((t, i) => rules.push(`  - alert: B${i}`, '    expr: up > 0', '    annotations:', `      a: ${JSON.stringify(t)}`));
      writeFileSync(join(dir, 'bad.yml'), rules.join('\n') + '\n');
      let out = '';
      try {
        out = execFileSync(PROMTOOL, ['check', 'rules', 'bad.yml'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? '') + String((e as { stderr?: string }).stderr ?? '');
      }
      const theirs = out.split('\n').filter((l) => l.startsWith('bad.yml: group')).sort();
      const ours = BAD_TEMPLATES.map((t, i) => `bad.yml: group "g", rule ${i + 1}, "B${i}": annotation "a": ${checkAlertTemplate(`__alert_B${i}`, t)?.message ?? 'OK'}`).sort();
      expect(ours).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
