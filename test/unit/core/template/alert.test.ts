/**
 * Alert templates as the rule evaluator expands them (Prometheus's defs header,
 * missingkey=zero, Expand's error wording, rulefmt's parse check), the limits that keep a
 * hostile template from crashing or stalling the core, and the cost of a typical expansion.
 */

import { describe, expect, test } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import type { VectorSample } from '../../../../electron/core/promql/value.js';
import type { RuleQueryFunc } from '../../../../electron/core/rules/types.js';
import { ALERT_TEMPLATE_DEFS, checkAlertTemplate, expandAlertTemplate, parseTemplate, TemplateError, type AlertTemplateData } from '../../../../electron/core/template/index.js';

const DATA: AlertTemplateData = {
  labels: { alertname: 'HostDown', instance: 'host.example.com:9100', job: 'node' },
  externalLabels: { cluster: 'home' },
  externalURL: 'http://hearth.local:9090/prefix',
  value: 1234567,
};

const noQuery: RuleQueryFunc = async () => [];

/** The column Go reports on line 1 counts the defs header. */
const COL = ALERT_TEMPLATE_DEFS.length;

describe('expandAlertTemplate', () => {
  test.each([
    ['{{ $labels.instance }} has been down for more than 5 minutes ({{ $value | humanize }})', 'host.example.com:9100 has been down for more than 5 minutes (1.235M)'],
    ['{{ .Labels.job }}/{{ .Value }}/{{ .ExternalURL }}', 'node/1.234567e+06/http://hearth.local:9090/prefix'],
    ['{{ $externalLabels.cluster }}|{{ $externalURL }}', 'home|http://hearth.local:9090/prefix'],
    ['[{{ $labels.nope }}]', '[]'],
    ['{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}', 'alertname=HostDown;instance=host.example.com:9100;job=node;'],
    ['{{ $labels.instance | stripPort | stripDomain | toUpper }}', 'HOST'],
    ['{{ if gt $value 1000.0 }}big{{ else }}small{{ end }}', 'big'],
    ['{{ printf "%.2f" $value }}', '1234567.00'],
    ['{{ pathPrefix }} {{ externalURL }}', '/prefix http://hearth.local:9090/prefix'],
    ['{{ now }}', '1.7e+09'],
    ['{{ .Value | humanizeTimestamp }}', '1970-01-15 06:56:07 +0000 UTC'],
    ['', ''],
  ])('%j', async (text, expected) => {
    expect(await expandAlertTemplate('__alert_HostDown', text, DATA, 1_700_000_000_000, noQuery)).toBe(expected);
  });

  test('query runs through the rule query function at the evaluation time', async () => {
    const calls: [string, number][] = [];
    const query: RuleQueryFunc = async (expr, timeMs) => {
      calls.push([expr, timeMs]);
      const s: VectorSample = { labels: Labels.fromObject({ __name__: 'up', instance: 'a' }), t: timeMs, v: 0.25 };
      return [s];
    };
    const out = await expandAlertTemplate('__alert_X', '{{ with query "up == 0" }}{{ . | first | value | humanizePercentage }} of {{ (. | first).Labels.instance }}{{ end }}', DATA, 42_000, query);
    expect(out).toBe('25% of a');
    expect(calls).toEqual([['up == 0', 42_000]]);
  });

  test('a failing query is an error calling query, with its message', async () => {
    const query: RuleQueryFunc = async () => {
      throw new Error('query timed out in expression evaluation');
    };
    await expect(expandAlertTemplate('__alert_X', '{{ query "up" }}', DATA, 0, query)).rejects.toThrow(
      `error executing template __alert_X: template: __alert_X:1:${COL + 3}: executing "__alert_X" at <query "up">: error calling query: query timed out in expression evaluation`,
    );
  });

  test.each([
    ['{{ humanize "x" }}', `error executing template __alert_X: template: __alert_X:1:${COL + 3}: executing "__alert_X" at <humanize "x">: error calling humanize: strconv.ParseFloat: parsing "x": invalid syntax`],
    ['{{ .Foo }}', `error executing template __alert_X: template: __alert_X:1:${COL + 3}: executing "__alert_X" at <.Foo>: can't evaluate field Foo in type struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }`],
    ['line one\n{{ $labels.instance.x }}', `error executing template __alert_X: template: __alert_X:2:10: executing "__alert_X" at <$labels.instance.x>: can't evaluate field x in type string`],
    ['{{ nope }}', 'error parsing template __alert_X: template: __alert_X:1: function "nope" not defined'],
    ['{{ $undefined }}', 'error parsing template __alert_X: template: __alert_X:1: undefined variable "$undefined"'],
    ['{{ tmpl "x" . }}', 'error parsing template __alert_X: template: __alert_X:1: function "tmpl" not defined'],
  ])('%j fails as Prometheus reports it', async (text, message) => {
    const err = await expandAlertTemplate('__alert_X', text, DATA, 0, noQuery).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message).toBe(message);
  });
});

describe('checkAlertTemplate', () => {
  test('valid templates check clean, whatever their data', () => {
    expect(checkAlertTemplate('__alert_A', '{{ $labels.x }} {{ $value | humanize }} {{ query "up" | first | value }}')).toBeNull();
    expect(checkAlertTemplate('__alert_A', '{{ .Anything.Goes }}')).toBeNull();
  });

  test.each([
    ['{{ $labels.x ', 'template: __alert_A:1: unclosed action'],
    ['{{ humanise $value }}', 'template: __alert_A:1: function "humanise" not defined'],
    ['{{ if true }}', 'template: __alert_A:1: unexpected EOF'],
    ['a\n{{ end }}', 'template: __alert_A:2: unexpected {{end}}'],
  ])('%j', (text, message) => {
    expect(checkAlertTemplate('__alert_A', text)?.message).toBe(message);
  });
});

describe('limits: errors, never crashes or stalls', () => {
  test('infinite template recursion stops at the depth limit', async () => {
    const t0 = Date.now();
    const err = await parseTemplate('t', '{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}').execute(null).catch((e: unknown) => e);
    expect((err as Error).message).toBe('template: t:1:25: executing "r" at <{{template "r" .}}>: exceeded maximum template depth (10000)');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  test('exponential recursion stops at the step limit', async () => {
    const text = '{{define "x"}}{{if .}}{{template "x" (slice . 1)}}{{template "x" (slice . 1)}}{{end}}{{end}}{{template "x" .}}';
    const err = await parseTemplate('t', text).execute(new Array(40).fill(1n)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message).toMatch(/execution stopped after 1000000 steps$/);
  }, 60_000);

  test('a loop with no output stops at the step limit', async () => {
    const err = await parseTemplate('t', '{{range 100000000}}{{end}}', { maxSteps: 10_000 }).execute(null).catch((e: unknown) => e);
    expect((err as Error).message).toBe('template: t:1:8: executing "t" at <100000000>: execution stopped after 10000 steps');
  });

  test('output is capped at 1 MiB by default', async () => {
    const big = 'x'.repeat(600_000);
    await expect(parseTemplate('t', '{{.}}').execute(big)).resolves.toHaveLength(600_000);
    await expect(parseTemplate('t', '{{.}}{{.}}').execute(big)).rejects.toThrow('template: t:1:7: executing "t" at <{{.}}>: output exceeds the limit of 1048576 bytes');
  });

  test('many small writes up to the cap stay linear', async () => {
    const t0 = Date.now();
    const err = await parseTemplate('t', '{{range 2000000}}x{{end}}', { maxSteps: 10_000_000 }).execute(null).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/output exceeds the limit of 1048576 bytes$/);
    expect(Date.now() - t0).toBeLessThan(20_000);
  }, 60_000);

  test('the output cap counts UTF-8 bytes', async () => {
    await expect(parseTemplate('t', '{{.}}', { maxOutputBytes: 10 }).execute('ééééé')).resolves.toBe('ééééé');
    await expect(parseTemplate('t', '{{.}}', { maxOutputBytes: 9 }).execute('ééééé')).rejects.toThrow('output exceeds the limit of 9 bytes');
  });

  test('a template that doubles its output runs into the cap', async () => {
    const text = '{{define "d"}}{{if lt (len .) 100000000}}{{template "d" (print . .)}}{{else}}{{.}}{{end}}{{end}}{{template "d" "ab"}}';
    const err = await parseTemplate('t', text, { maxOutputBytes: 1000 }).execute(null).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/output exceeds the limit of 1000 bytes$/);
  }, 60_000);

  test('wall time is bounded', async () => {
    const err = await parseTemplate('t', '{{range 100000000}}{{end}}', { timeoutMs: 30 }).execute(null).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/execution took longer than 30 ms$/);
  });

  test('a long execution lets the event loop run', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await parseTemplate('t', '{{range 200000}}{{end}}').execute(null);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(0);
  });

  test('deeply nested parentheses and control structures are parse errors, not stack overflows', () => {
    expect(() => parseTemplate('t', '{{' + '('.repeat(5000) + '1' + ')'.repeat(5000) + '}}')).toThrow('template: t:1: max expression depth exceeded');
    expect(() => parseTemplate('t', '{{if 1}}'.repeat(5000) + '{{end}}'.repeat(5000))).toThrow('template: t:1: control structures nest deeper than 1000');
    expect(parseTemplate('t', '{{' + '('.repeat(500) + '1' + ')'.repeat(500) + '}}')).toBeDefined();
  });

  test('huge inputs parse in bounded time', () => {
    const t0 = Date.now();
    parseTemplate('t', '{{ .x }} text '.repeat(50_000));
    expect(() => parseTemplate('t', '{{ "' + 'a'.repeat(1_000_000))).toThrow('template: t:1: unterminated quoted string');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});

describe('cost', () => {
  // CPU time rather than wall time: this machine is shared, and CPU time is what others lose.
  async function cpuMicros(n: number, f: () => Promise<unknown>): Promise<number> {
    for (let i = 0; i < 1000; i++) await f();
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) await f();
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / n;
  }

  test('a typical annotation expands in microseconds', async () => {
    const text = '{{ $labels.instance }} has been down for more than 5 minutes ({{ $value | humanize }})';
    const N = 10_000;
    const expand = await cpuMicros(N, () => expandAlertTemplate('__alert_HostDown', text, DATA, 0, noQuery));
    const tmpl = parseTemplate('t', '{{ .instance }} has been down for more than 5 minutes ({{ .value }})');
    const execute = await cpuMicros(N, () => tmpl.execute({ instance: 'a', value: 1.5 }));
    const parse = await cpuMicros(N, async () => parseTemplate('t', ALERT_TEMPLATE_DEFS + text, { funcs: { humanize: () => '' } }));
    console.log(`alert annotation: ${expand.toFixed(1)} µs CPU per expansion; a parsed template: ${execute.toFixed(1)} µs; parsing it with the defs header: ${parse.toFixed(1)} µs`);
    expect(await expandAlertTemplate('__alert_HostDown', text, DATA, 0, noQuery)).toBe('host.example.com:9100 has been down for more than 5 minutes (1.235M)');
    expect(expand).toBeLessThan(500);
  }, 60_000);
});

describe('more hostile templates', () => {
  test('a string doubled without end is an error, not a crash', async () => {
    const err = await parseTemplate('t', '{{$x := "ab"}}{{range 64}}{{$x = print $x $x}}{{end}}{{len $x}}').execute(null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemplateError);
    expect((err as Error).message).toMatch(/error calling print: Invalid string length$|value too large|output exceeds/);
  }, 60_000);

  test('printf widths: past the fmt limit not a number, below it refused by the output cap', async () => {
    await expect(parseTemplate('t', '{{printf "%999999999d" 1}}').execute(null)).resolves.toBe('%!(NOVERB)%!(EXTRA int=1)');
    await expect(parseTemplate('t', '{{printf "%100000d" 1}}').execute(null)).resolves.toHaveLength(100_000);
    const err = await parseTemplate('t', '{{range 20}}{{printf "%100000d" 1}}{{end}}').execute(null).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/output exceeds the limit of 1048576 bytes$/);
  });

  test('slow calls without output still yield to the event loop and meet the time limit', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const t0 = Date.now();
    // A function that holds the thread for 5 ms a call, as a huge regexp or printf might.
    const slow = (): string => {
      const until = Date.now() + 5;
      while (Date.now() < until);
      return '';
    };
    const err = await parseTemplate('t', '{{range 100000}}{{$x := slow}}{{end}}', { timeoutMs: 300, funcs: { slow } })
      .execute(null)
      .catch((e: unknown) => e);
    clearInterval(timer);
    expect((err as Error).message).toMatch(/execution took longer than 300 ms$/);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(ticks).toBeGreaterThan(0);
  });

  test('RE2 keeps pathological patterns linear', async () => {
    const t0 = Date.now();
    const replaced = await expandAlertTemplate('__alert_R', '{{ reReplaceAll "(a*)*$" "x" $labels.x | len }}', { ...DATA, labels: { x: 'a'.repeat(50_000) + 'b' } }, 0, noQuery);
    expect(replaced).toBe('50002');
    const r = await expandAlertTemplate('__alert_R', '{{ match "(a+)+$" $labels.x }}', { ...DATA, labels: { x: 'a'.repeat(50_000) + 'b' } }, 0, noQuery);
    expect(r).toBe('false');
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
