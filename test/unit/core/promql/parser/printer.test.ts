import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr, prettify } from '../../../../../electron/core/promql/parser/index.js';

/** [input, canonical output] — output omitted when it equals the input. */
const CASES: [string, string?][] = [
  ['sum by() (task:errors:rate10s{job="s"})', 'sum(task:errors:rate10s{job="s"})'],
  ['sum by(code) (task:errors:rate10s{job="s"})', 'sum by (code) (task:errors:rate10s{job="s"})'],
  ['sum without() (task:errors:rate10s{job="s"})', 'sum without () (task:errors:rate10s{job="s"})'],
  ['sum without(instance) (task:errors:rate10s{job="s"})', 'sum without (instance) (task:errors:rate10s{job="s"})'],
  ['sum(x) by (a, "b.c")', 'sum by (a, "b.c") (x)'],
  ['topk(5, task:errors:rate10s{job="s"})'],
  ['count_values("value", task:errors:rate10s{job="s"})'],
  ['quantile without (a) (0.9, x)'],
  ['a - on() c', 'a - on () c'],
  ['a - on(b) c', 'a - on (b) c'],
  ['a - on(b) group_left(x) c', 'a - on (b) group_left (x) c'],
  ['a - on(b) group_left(x, y) c', 'a - on (b) group_left (x, y) c'],
  ['a - on(b) group_left c', 'a - on (b) group_left () c'],
  ['a - on(b) group_left() (c)', 'a - on (b) group_left () (c)'],
  ['a - ignoring(b) c', 'a - ignoring (b) c'],
  ['a - ignoring() c', 'a - c'],
  ['a - ignoring() group_right c', 'a - ignoring () group_right () c'],
  ['a and on(x) b', 'a and on (x) b'],
  ['a or b'],
  ['up > bool 0'],
  ['1 == bool 1'],
  ['a + fill(0) b', 'a + fill (0) b'],
  ['a + fill_left(5) fill_right(7) b', 'a + fill_left (5) fill_right (7) b'],
  ['a + fill_left(1) fill_right(1) b', 'a + fill (1) b'],
  ['a + fill_right(-Inf) b', 'a + fill_right (-Inf) b'],
  ['a + on(j) group_left fill(NaN) b', 'a + on (j) group_left () fill (NaN) b'],
  ['a + fill(1e6) b', 'a + fill (1e+06) b'],
  ['a offset 1m'],
  ['a offset -7m'],
  ['a OFFSET 1h30m', 'a offset 1h30m'],
  ['a offset 3600', 'a offset 1h'],
  ['a{c="d"}[5m] offset 1m'],
  ['a[5m] offset 1m'],
  ['a[12m] offset -3m'],
  ['a[1h:5m] offset 1m'],
  ['a[1h:] @ 5 offset 1m', 'a[1h:] @ 5.000 offset 1m'],
  ['{__name__="a"}'],
  ['{"my.metric", "a.b"="x"}', '{"a.b"="x",__name__="my.metric"}'],
  ['a{b!="c"}[1m]'],
  ['a{b=~"c"}[1m]'],
  ['a{b!~"c"}[1m]'],
  ['a{z="1", b="2", m=~"3"}', 'a{b="2",m=~"3",z="1"}'],
  ['a @ 10', 'a @ 10.000'],
  ['a @ -100.5', 'a @ -100.500'],
  ['a[1m] @ 10', 'a[1m] @ 10.000'],
  ['a @ start()'],
  ['a @ end()'],
  ['a[1m] @ start()'],
  ['a[1m] @ end()'],
  ['a @ 1 offset 1m', 'a @ 1.000 offset 1m'],
  ['a offset 1m @ 1', 'a @ 1.000 offset 1m'],
  ['a[5m] anchored'],
  ['a[5m] smoothed offset 1m @ 1', 'a[5m] smoothed @ 1.000 offset 1m'],
  ['a anchored'],
  ['a[7d]', 'a[1w]'],
  ['a[90d]'],
  ['a[365d]', 'a[1y]'],
  ['a[1500ms]', 'a[1s500ms]'],
  ['a[1001ms] offset 2002ms', 'a[1s1ms] offset 2s2ms'],
  ['a[1m:1003ms]', 'a[1m:1s3ms]'],
  ['a[1001ms + 1ms]', 'a[1s1ms + 1ms]'],
  ['a[0.5]', 'a[500ms]'],
  ['a[5m30s]'],
  ['a[1h60m]', 'a[2h]'],
  ['rate(a[2m*15])', 'rate(a[2m * 15])'],
  ['a[(9m30s+30s)*3]', 'a[(9m30s + 30s) * 3]'],
  ['a[-5m+35m]', 'a[-5m + 35m]'],
  ['a[step()]'],
  ['a[-step()]'],
  ['a[+step()]', 'a[step()]'],
  ['a[STEP()+1ms]', 'a[step() + 1ms]'],
  ['a[min_of(step()+1,1h)]', 'a[min_of(step() + 1, 1h)]'],
  ['a[((max_of(min_of((step()+1),((1h))),1ms)))]', 'a[(max_of(min_of((step() + 1), (1h)), 1ms))]'],
  ['a[range()]'],
  ['a[29s+1s:20*500ms] offset (20*(7s % 4))', 'a[29s + 1s:20 * 500ms] offset (20 * (7s % 4))'],
  ['a offset -(5)', 'a offset -(5)'],
  ['a offset (5)'],
  ['a offset -min_of(step(), 1s)+8000', 'a offset -min_of(step(), 1s) + 8000'],
  ['1'],
  ['-1'],
  ['1.5e300 * 2', '15' + '0'.repeat(299) + ' * 2'],
  ['1e-7', '0.0000001'],
  ['0x10 + 010', '16 + 8'],
  ['+Inf - -Inf + NaN', '+Inf - -Inf + NaN'],
  ['5m', '5m'],
  ['-5m', '-5m'],
  ['"a\\tb\\u00e9\\x01"', '"a\\tbé\\x01"'],
  ["'single'", '"single"'],
  ['`raw \\ "x"`', '"raw \\\\ \\"x\\""'],
  ['-a', '-a'],
  ['+a', '+a'],
  ['-(a)', '-(a)'],
  ['((a))'],
  ['rate(a[5m])'],
  ['label_join(a, "d", ",", "b", "c")'],
  ['time()'],
  ['a[5m:1m]'],
  ['a[5m:]'],
  ['(a + b)[5m:]'],
  ['min_over_time(rate(a[1m])[5m:] offset 4m)[4m:3s]'],
  ['info(a, {k="v"})'],
  ['h </ 2'],
  ['h >/ 2'],
  ['2 ^ 3 ^ 2'],
  ['(2 ^ 3) ^ 2'],
  // Found by fuzzing: `+Inf ^ 2` reads back as `+(Inf ^ 2)`, so the base of a power prints unsigned.
  ['Inf ^ 2', 'Inf ^ 2'],
  ['-Inf ^ x', '-Inf ^ x'],
  ['--+Inf ^ {\'"\'}', '--+Inf ^ {__name__="\\""}'],
  ['2 ^ Inf ^ 3', '2 ^ Inf ^ 3'],
  ['Inf * 2', '+Inf * 2'],
  ['(Inf) ^ 2', '(+Inf) ^ 2'],
  ['a atan2 b'],
  ['a and b unless c or d'],
  ['sum without (and, by) (a)'],
  ['a{"weird name"="x"}'],
  ['{"a\\nb"}', '{__name__="a\\nb"}'],
];

describe('formatExpr prints what Prometheus String() prints', () => {
  it.each(CASES)('%s', (input, output) => {
    const printed = formatExpr(parseExpr(input));
    expect(printed).toBe(output ?? input);
    // The printed form parses back to the same print.
    expect(formatExpr(parseExpr(printed))).toBe(printed);
  });
});

describe('prettify', () => {
  it('leaves short expressions on one line', () => {
    expect(prettify(parseExpr('sum by (job) (rate(x[5m]))'))).toBe('sum by (job) (rate(x[5m]))');
  });

  it('splits long expressions one node per line with two-space indents', () => {
    const q =
      'sum by (job, instance) (rate(http_requests_total{job="api-server", handler="/api/v1/query"}[5m])) / on (job) group_left sum by (job) (rate(http_requests_total{job="api-server"}[5m]))';
    const out = prettify(parseExpr(q));
    expect(out).toBe(
      [
        '  sum by (job, instance) (rate(http_requests_total{handler="/api/v1/query",job="api-server"}[5m]))',
        '/ on (job) group_left ()',
        '  sum by (job) (rate(http_requests_total{job="api-server"}[5m]))',
      ].join('\n'),
    );
    const hq = prettify(
      parseExpr('histogram_quantile(0.99, sum by (le, job, instance, handler) (rate(http_request_duration_seconds_bucket{job="api-server"}[5m])))'),
    );
    expect(hq).toBe(
      [
        'histogram_quantile(',
        '  0.99,',
        '  sum by (le, job, instance, handler) (',
        '    rate(http_request_duration_seconds_bucket{job="api-server"}[5m])',
        '  )',
        ')',
      ].join('\n'),
    );
    // Pretty output is still the same query.
    expect(formatExpr(parseExpr(out))).toBe(formatExpr(parseExpr(q)));
  });

  it('prints the base of a power unsigned when it splits one, as formatExpr does', () => {
    const q = `Inf ^ sum by (job, instance) (rate(http_requests_total{job="api-server", handler="/api/v1/query"}[5m]))`;
    const out = prettify(parseExpr(q));
    expect(out.split('\n')[0]).toBe('  Inf');
    expect(formatExpr(parseExpr(out))).toBe(formatExpr(parseExpr(q)));
  });
});
