/**
 * Prometheus's own template expansion cases (template/template_test.go, Prometheus 3.x),
 * rewritten as a TypeScript table: the same texts, inputs, query results, outputs and error
 * messages. Go's []int64/[]uint64 inputs become bigints (Go ints here); HTML-mode cases
 * (ExpandHTML, tmpl) are not part of alert templates and are listed in SKIPPED.
 */

import { describe, expect, test } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import type { VectorSample } from '../../../../electron/core/promql/value.js';
import { expandPrometheusTemplate, GoUint } from '../../../../electron/core/template/index.js';
import { convertToFloat, splitHostPort, title, toUpper } from '../../../../electron/core/template/prometheusFuncs.js';

interface Scenario {
  text: string;
  output?: string;
  input?: unknown;
  /** Go's options: undefined is Prometheus's default (missingkey=zero), [] is Go's default. */
  options?: 'none' | 'missingkey=error';
  queryResult?: VectorSample[];
  errorMsg?: string;
}

function s(labels: Record<string, string>, v: number): VectorSample {
  return { labels: Labels.fromObject(labels), t: 0, v };
}

const MAX_INT64 = 9223372036854775807n;
const MIN_INT64 = -9223372036854775808n;
const MAX_UINT64 = 18446744073709551615n;
const u64 = (xs: bigint[]) => xs.map((x) => new GoUint('uint64', x));
const uint = (xs: bigint[]) => xs.map((x) => new GoUint('uint', x));

const SCENARIOS: Scenario[] = [
  { text: 'plain text', output: 'plain text' },
  { text: '{{ 1 }}', output: '1' },
  { text: '{{\u00a0}}', errorMsg: 'error parsing template test: template: test:1: unrecognized character in action: U+00A0' },
  { text: '{{ "<b>" }}', output: '<b>' },
  { text: '{{define "x"}}{{.arg0}} {{.arg1}}{{end}}{{template "x" (args 1 "2")}}', output: '1 2' },
  { text: '{{ query "1.5" | first | value }}', output: '1.5', queryResult: [s({}, 1.5)] },
  { text: `{{ query "metric{instance='a'}" | first | value }}`, output: '11', queryResult: [s({ __name__: 'metric', instance: 'a' }, 11)] },
  { text: `{{ query "metric{instance='a'}" | first | label "instance" }}`, output: 'a', queryResult: [s({ __name__: 'metric', instance: 'a' }, 11)] },
  { text: `{{ query "metric{__value__='a'}" | first | strvalue }}`, output: 'a', queryResult: [s({ __name__: 'metric', __value__: 'a' }, 11)] },
  { text: `{{ query "metric{instance='a'}" | first | label "foo" }}`, output: '', queryResult: [s({ __name__: 'metric', instance: 'a' }, 11)] },
  { text: '{{ $x := query "metric" | first }}{{ $x.Labels.foo }}', output: '', queryResult: [s({ __name__: 'metric', instance: 'a' }, 11)] },
  {
    text: '{{ range query "metric" | sortByLabel "instance" }}{{.Labels.instance}}:{{.Value}}: {{end}}',
    output: 'a:11: b:21: ',
    queryResult: [s({ __name__: 'metric', instance: 'b' }, 21), s({ __name__: 'metric', instance: 'a' }, 11)],
  },
  { text: '{{ "foo.example.com" | stripPort }}', output: 'foo.example.com' },
  { text: '{{ "foo.example.com:12345" | stripPort }}', output: 'foo.example.com' },
  { text: '{{ "192.0.2.1" | stripPort }}', output: '192.0.2.1' },
  { text: '{{ "192.0.2.1:12345" | stripPort }}', output: '192.0.2.1' },
  { text: '{{ "2001:0DB8::1" | stripPort }}', output: '2001:0DB8::1' },
  { text: '{{ "[2001:0DB8::1]:12345" | stripPort }}', output: '2001:0DB8::1' },
  { text: '{{ "[2001:0DB8::1]::12345" | stripPort }}', output: '[2001:0DB8::1]::12345' },
  { text: '{{ .Foo }}', output: '<no value>' },
  { text: '{{ .Foo }}', options: 'none', output: '<no value>' },
  { text: '{{ .Foo }}', options: 'missingkey=error', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <.Foo>: nil data; no entry for key "Foo"' },
  { text: '{{', errorMsg: 'error parsing template test: template: test:1: unclosed action' },
  {
    text: '{{ query "missing" | first }}',
    queryResult: [],
    errorMsg: 'error executing template test: template: test:1:21: executing "test" at <first>: error calling first: first() called on vector with no elements',
  },
  {
    text: '{{ (query "missing").banana }}',
    queryResult: [],
    errorMsg: 'error executing template test: template: test:1:10: executing "test" at <"missing">: can\'t evaluate field banana in type template.queryResult',
  },
  { text: '{{ reReplaceAll "(a)b" "x$1" "ab" }}', output: 'xa' },
  { text: '{{ range . }}{{ humanize . }}:{{ end }}', input: [0.0, 1.0, 1234567.0, 0.12], output: '0:1:1.235M:120m:' },
  { text: '{{ range . }}{{ humanize . }}:{{ end }}', input: ['0.0', '1.0', '1234567.0', '.12'], output: '0:1:1.235M:120m:' },
  {
    text: '{{ humanize "one" }}',
    errorMsg: 'error executing template test: template: test:1:3: executing "test" at <humanize "one">: error calling humanize: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  { text: '{{ range . }}{{ humanize . }}:{{ end }}', input: [0n, -1n, 1n, 1234567n, MAX_INT64], output: '0:-1:1:1.235M:9.223E:' },
  { text: '{{ range . }}{{ humanize . }}:{{ end }}', input: u64([0n, 1n, 1234567n, MAX_UINT64]), output: '0:1:1.235M:18.45E:' },
  { text: '{{ range . }}{{ humanize1024 . }}:{{ end }}', input: [0.0, 1.0, 1048576.0, 0.12], output: '0:1:1Mi:0.12:' },
  { text: '{{ range . }}{{ humanize1024 . }}:{{ end }}', input: ['0.0', '1.0', '1048576.0', '.12'], output: '0:1:1Mi:0.12:' },
  {
    text: '{{ humanize1024 "one" }}',
    errorMsg: 'error executing template test: template: test:1:3: executing "test" at <humanize1024 "one">: error calling humanize1024: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  { text: '{{ range . }}{{ humanize1024 . }}:{{ end }}', input: [0n, -1n, 1n, 1234567n, MAX_INT64], output: '0:-1:1:1.177Mi:8Ei:' },
  { text: '{{ range . }}{{ humanize1024 . }}:{{ end }}', input: u64([0n, 1n, 1234567n, MAX_UINT64]), output: '0:1:1.177Mi:16Ei:' },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: [0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99],
    output: '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:',
  },
  { text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}', input: ['0', '1', '60', '3600', '86400'], output: '0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:' },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: [0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345],
    output: '100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:',
  },
  {
    text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}',
    input: ['.1', '.0001', '.12345', '60.1', '60.5', '1.2345', '12.345'],
    output: '100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:',
  },
  {
    text: '{{ humanizeDuration "one" }}',
    errorMsg:
      'error executing template test: template: test:1:3: executing "test" at <humanizeDuration "one">: error calling humanizeDuration: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  { text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}', input: [0n, -1n, 1n, 1234567n], output: '0s:-1s:1s:14d 6h 56m 7s:' },
  { text: '{{ range . }}{{ humanizeDuration . }}:{{ end }}', input: uint([0n, 1n, 1234567n]), output: '0s:1s:14d 6h 56m 7s:' },
  {
    text: '{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}',
    input: [Infinity, -Infinity, NaN],
    output: '+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:',
  },
  {
    text: '{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}',
    input: ['+Inf', '-Inf', 'NaN'],
    output: '+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:',
  },
  {
    text: '{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}',
    output: '-22.22%:0%:12.35%:123.5%',
  },
  { text: '{{ range . }}{{ humanizePercentage . }}:{{ end }}', input: [0n, -1n, 1n, 1234567n, MAX_INT64], output: '0%:-100%:100%:1.235e+08%:9.223e+20%:' },
  { text: '{{ range . }}{{ humanizePercentage . }}:{{ end }}', input: u64([0n, 1n, 1234567n, MAX_UINT64]), output: '0%:100%:1.235e+08%:1.845e+21%:' },
  {
    text: '{{ "-0.22222" | humanizePercentage }}:{{ "0.0" | humanizePercentage }}:{{ "0.1234567" | humanizePercentage }}:{{ "1.23456" | humanizePercentage }}',
    output: '-22.22%:0%:12.35%:123.5%',
  },
  {
    text: '{{ "one" | humanizePercentage }}',
    errorMsg:
      'error executing template test: template: test:1:11: executing "test" at <humanizePercentage>: error calling humanizePercentage: strconv.ParseFloat: parsing "one": invalid syntax',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: [0n, -1n, 1n, 1234567n, 9223372036n],
    output:
      '1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: u64([0n, 1n, 1234567n, 9223372036n]),
    output: '1970-01-01 00:00:00 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: [MIN_INT64, MAX_INT64],
    errorMsg:
      'error executing template test: template: test:1:16: executing "test" at <humanizeTimestamp .>: error calling humanizeTimestamp: -9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64',
  },
  {
    text: '{{ range . }}{{ humanizeTimestamp . }}:{{ end }}',
    input: u64([MAX_UINT64]),
    errorMsg:
      'error executing template test: template: test:1:16: executing "test" at <humanizeTimestamp .>: error calling humanizeTimestamp: 1.8446744073709552e+19 cannot be represented as a nanoseconds timestamp since it overflows int64',
  },
  { text: '{{ 1435065584.128 | humanizeTimestamp }}', output: '2015-06-23 13:19:44.128 +0000 UTC' },
  { text: '{{ "1435065584.128" | humanizeTimestamp }}', output: '2015-06-23 13:19:44.128 +0000 UTC' },
  { text: '{{ (1435065584.128 | toTime).Format "2006" }}', output: '2015' },
  { text: '{{ ("1435065584.128" | toTime).Format "2006" }}', output: '2015' },
  { text: '{{ "aa bb CC" | title }}', output: 'Aa Bb CC' },
  { text: '{{ "aa bb CC" | toUpper }}', output: 'AA BB CC' },
  { text: '{{ "aA bB CC" | toLower }}', output: 'aa bb cc' },
  { text: '{{ match "a+" "aa" }} {{ match "a+" "b" }}', output: 'true false' },
  { text: '{{ graphLink "up" }}', output: '/graph?g0.expr=up&g0.tab=0' },
  { text: '{{ tableLink "up" }}', output: '/graph?g0.expr=up&g0.tab=1' },
  { text: '{{ pathPrefix }}', output: '/path/prefix' },
  { text: '{{ externalURL }}', output: 'http://testhost:9090/path/prefix' },
  { text: '{{ printf "%0.2f" (parseDuration "1h2m10ms") }}', output: '3720.01' },
  { text: '{{ "foo.example.com" | stripDomain }}', output: 'foo' },
  { text: '{{ "foo.example.com:12345" | stripDomain }}', output: 'foo:12345' },
  { text: '{{ "192.0.2.1" | stripDomain }}', output: '192.0.2.1' },
  { text: '{{ "192.0.2.1:12345" | stripDomain }}', output: '192.0.2.1:12345' },
  { text: '{{ "2001:0DB8::1" | stripDomain }}', output: '2001:0DB8::1' },
  { text: '{{ "[2001:0DB8::1]:12345" | stripDomain }}', output: '[2001:0DB8::1]:12345' },
  { text: '{{ "[2001:0DB8::1]::12345" | stripDomain }}', output: '[2001:0DB8::1]::12345' },

  // Beyond Prometheus's table: the same functions' edges, with Go's behaviour.
  { text: '{{ humanize 1 }}|{{ humanize 1.5 }}|{{ humanize 0.001 }}|{{ humanize -2500 }}', output: '1|1.5|1m|-2.5k' },
  { text: '{{ humanize 1e-30 }}|{{ humanize 1e30 }}', output: '1e-06y|1e+06Y' },
  { text: '{{ humanize1024 1023 }}|{{ humanize1024 1024 }}|{{ humanize1024 -2048 }}', output: '1023|1ki|-2ki' },
  { text: '{{ humanizeDuration 0.000001 }}|{{ humanizeDuration -0.5 }}|{{ humanizeDuration 59.999 }}', output: '1us|-500ms|60s' },
  { text: '{{ humanize (index "a" 0) }}', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <humanize (index "a" 0)>: error calling humanize: can\'t convert uint8 to float' },
  { text: '{{ humanize true }}', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <humanize true>: error calling humanize: can\'t convert bool to float' },
  { text: '{{ humanize .x }}', input: { x: [1] }, errorMsg: 'error executing template test: template: test:1:3: executing "test" at <humanize .x>: error calling humanize: can\'t convert []interface {} to float' },
  { text: '{{ humanize "1e400" }}', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <humanize "1e400">: error calling humanize: strconv.ParseFloat: parsing "1e400": value out of range' },
  { text: '{{ humanizePercentage "0x1p-2" }}', output: '25%' },
  { text: '{{ reReplaceAll "a*" "X" "baaac" }}', output: 'XbXcX' },
  { text: '{{ reReplaceAll "(?P<host>[^:]+):(?P<port>\\\\d+)" "${port}@$host" "web:8080" }}', output: '8080@web' },
  { text: '{{ reReplaceAll "(a)" "$1x|${1}x|$$1|$" "a" }}', output: '|ax|$1|$' },
  { text: '{{ reReplaceAll "localhost:(.*)" "my.domain:$1" "localhost:3000" }}', output: 'my.domain:3000' },
  { text: '{{ reReplaceAll "^" ">" "a\\nb" }}', output: '>a\nb' },
  { text: '{{ reReplaceAll "." "x" "héllo" }}', output: 'xxxxx' },
  {
    text: '{{ reReplaceAll "(" "x" "ab" }}',
    errorMsg: 'error executing template test: template: test:1:3: executing "test" at <reReplaceAll "(" "x" "ab">: error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`',
  },
  { text: '{{ match "(" "x" }}', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <match "(" "x">: error calling match: error parsing regexp: missing closing ): `(`' },
  { text: '{{ match "^b" "a\\nb" }} {{ match "(?m)^b" "a\\nb" }} {{ match "a.b" "a\\nb" }}', output: 'false true false' },
  { text: '{{ match "(a+)+$" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab" }}', output: 'false' },
  // Prometheus 3 titles with x/text's cases.Title (NoLower), not strings.Title.
  { text: '{{ title "hello wORLD foo_bar foo-bar" }}', output: 'Hello WORLD Foo_bar Foo-Bar' },
  { text: '{{ title "don\'t stop" }}|{{ "host.example.com:9100" | title }}|{{ title "a..b a.b" }}', output: 'Don\'t Stop|Host.example.com:9100|A..B A.b' },
  { text: '{{ title "1st 2nd" }}|{{ title "élan vital" }}|{{ title "x,y;z" }}', output: '1St 2Nd|Élan Vital|X,Y;Z' },
  { text: '{{ toUpper "straße" }}|{{ toLower "ÀÉ" }}', output: 'STRAßE|àé' },
  { text: '{{ "host.example.com:9100" | stripPort | stripDomain }}', output: 'host' },
  { text: '{{ stripPort ":9100" }}|{{ stripPort "a:b:c" }}', output: '|a:b:c' },
  { text: '{{ graphLink "rate(x{a=\\"b c\\"}[5m])" }}', output: '/graph?g0.expr=rate%28x%7Ba%3D%22b+c%22%7D%5B5m%5D%29&g0.tab=0' },
  { text: '{{ urlQueryEscape "a b&c/d" }}', output: 'a+b%26c%2Fd' },
  { text: '{{ parseDuration "1y2w" }}', output: '3.2745600e+07'.replace('3.2745600e+07', '3.27456e+07') },
  { text: '{{ parseDuration "5x" }}', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <parseDuration "5x">: error calling parseDuration: unknown unit "x" in duration "5x"' },
  { text: '{{ now }}', output: '1.7e+09' },
  { text: '{{ (toTime 1700000000).Unix }} {{ (toTime 0.5).UnixMilli }}', output: '1700000000 500' },
  { text: '{{ (toTime 1435065584.128).Format "2006-01-02T15:04:05.000Z07:00 Mon Jan _2" }}', output: '2015-06-23T13:19:44.128Z Tue Jun 23' },
  { text: '{{ toTime 1435065584.128 }}', output: '2015-06-23 13:19:44.128 +0000 UTC' },
  { text: '{{ toDuration 3720.01 }}|{{ toDuration 0.0015 }}|{{ toDuration 0 }}|{{ toDuration -90 }}', output: '1h2m0.01s|1.5ms|0s|-1m30s' },
  { text: '{{ (toDuration 90).Minutes }} {{ (toDuration "1.5").Seconds }}', output: '1.5 1.5' },
  { text: '{{ toTime "NaN" }}', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <toTime "NaN">: error calling toTime: value is NaN or Inf' },
  { text: '{{ query "up" | len }}', output: '2', queryResult: [s({ a: '1' }, 1), s({ a: '2' }, 0)] },
  { text: '{{ with query "up" }}{{ . | first | value | humanize }}{{ end }}', output: '1.5k', queryResult: [s({}, 1500)] },
  { text: '{{ with query "up" }}yes{{ else }}none{{ end }}', output: 'none', queryResult: [] },
  { text: '{{ range query "up" }}{{ .Labels.a }}={{ .Value }};{{ end }}', output: '1=1;2=0;', queryResult: [s({ a: '1' }, 1), s({ a: '2' }, 0)] },
  { text: '{{ (query "up" | first).Labels }}', output: 'map[__name__:up job:j]', queryResult: [s({ __name__: 'up', job: 'j' }, 1)] },
  { text: '{{ query "up" | first }}', output: '{map[job:j] 1}', queryResult: [s({ job: 'j' }, 1)] },
  { text: '{{ label "x" (query "up" | first) }}', output: '', queryResult: [s({}, 1)] },
  { text: '{{ value "x" }}', errorMsg: 'error executing template test: template: test:1:9: executing "test" at <"x">: can\'t handle "x" for arg of type *template.sample' },
  { text: '{{ first . }}', input: [1], errorMsg: 'error executing template test: template: test:1:9: executing "test" at <.>: wrong type for value; expected template.queryResult; got []interface {}' },
  { text: '{{ humanize }}', errorMsg: 'error executing template test: template: test:1:3: executing "test" at <humanize>: wrong number of args for humanize: want 1 got 0' },
  { text: '{{ tmpl "x" . }}', errorMsg: 'error parsing template test: template: test:1: function "tmpl" not defined' },
  { text: '{{ safeHtml "<b>" }}', output: '<b>' },
  { text: '{{ printf "%T" (safeHtml "x") }}', output: 'template.HTML' },
  { text: '{{ args }}|{{ args 1 "a" 2.5 nil }}', output: 'map[]|map[arg0:1 arg1:a arg2:2.5 arg3:<nil>]' },
  { text: '{{ sortByLabel "x" (query "up") | len }}', output: '0', queryResult: [] },
];

/** Cases of template_test.go that exercise ExpandHTML (html/template), which alert templates never use. */
export const SKIPPED: readonly { text: string; reason: string }[] = [
  { text: '{{ "<b>" }} (html: true)', reason: 'ExpandHTML (html/template contextual escaping) is for console pages, not alert templates' },
  { text: '{{ "<b>" | safeHtml }} (html: true)', reason: 'ExpandHTML only' },
  { text: '{{ $x := query "metric" | first }}{{ $x.Labels.foo }} (html: true)', reason: 'ExpandHTML only' },
  { text: '{{ .Foo }} (html: true, three option variants)', reason: 'ExpandHTML only' },
  { text: '{{ define "a" }}x{{ end }}{{ $name := "a"}}{{ tmpl $name . }}', reason: 'tmpl exists only in ExpandHTML; text expansion refuses it at parse time (tested above)' },
];

describe("Prometheus's template expansion (template_test.go)", () => {
  test.each(SCENARIOS.map((sc, i) => [i, sc] as const))('%i', async (_i, sc) => {
    const query = async (): Promise<readonly VectorSample[]> => sc.queryResult ?? [];
    const run = expandPrometheusTemplate('test', sc.text, sc.input, {
      timeMs: 1_700_000_000_000,
      externalURL: 'http://testhost:9090/path/prefix',
      query,
      missingKey: sc.options === 'none' ? 'default' : sc.options === 'missingkey=error' ? 'error' : 'zero',
    });
    if (sc.errorMsg !== undefined) await expect(run).rejects.toThrow(sc.errorMsg);
    else expect(await run).toBe(sc.output);
  });

  test('the skip list names each case it leaves out, with a reason', () => {
    for (const sk of SKIPPED) expect(sk.reason.length).toBeGreaterThan(10);
  });
});

describe('helpers', () => {
  test('convertToFloat takes what Prometheus takes', () => {
    expect(convertToFloat(1.5)).toBe(1.5);
    expect(convertToFloat('2')).toBe(2);
    expect(convertToFloat(3n)).toBe(3);
    expect(() => convertToFloat(undefined)).toThrow("can't convert <nil> to float");
  });

  test('net.SplitHostPort', () => {
    expect(splitHostPort('a:1')).toEqual({ host: 'a', port: '1' });
    expect(splitHostPort('[::1]:80')).toEqual({ host: '::1', port: '80' });
    expect(splitHostPort('a')).toBeNull();
    expect(splitHostPort('[::1]')).toBeNull();
    expect(splitHostPort('a:b:c')).toBeNull();
    expect(splitHostPort('a]:1')).toBeNull();
  });

  test('strings.Title and ToUpper keep Go’s one-rune mapping', () => {
    expect(title('ünïcode wörds')).toBe('Ünïcode Wörds');
    expect(toUpper('ß')).toBe('ß');
  });
});
