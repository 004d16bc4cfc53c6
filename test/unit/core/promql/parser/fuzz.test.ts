/**
 * Random mutations of valid queries: the parser must return a tree or throw ParseError,
 * never anything else and never hang; whatever parses must print and re-parse stably.
 */
import { describe, expect, it } from 'vitest';
import { ParseError, formatExpr, parseExpr, parseMetricSelector, parseSeriesDesc } from '../../../../../electron/core/promql/parser/index.js';

const SEEDS = [
  'sum by (job) (rate(http_requests_total{job="api", code=~"5.."}[5m] offset 1h))',
  'topk(3, count_values("v", x)) / on(a) group_left(b) fill(0) y',
  'histogram_quantile(0.9, sum without (instance) (rate(h_bucket[1m:10s] @ end())))',
  'foo[2m*(10+5)] anchored',
  'x offset -min_of(step(), 1s)+8000',
  '-1^2 + +Inf * -NaN % 0x1F atan2 1_000',
  '{"my.metric", "a.b"="x"} and ignoring(c) bar unless baz or qux',
  'label_replace(up, "dst", "$1", "src", "(.*)") > bool 1',
  "`raw` + 'single' + \"double\\n\"",
  'max_over_time(deriv(rate(y[5m])[10m:1m])[1h:] offset 5m)',
  'info(x, {k=~"v.*"}) # comment',
  'foo @ 1603774568.5 offset (2m - step())',
];

const POOL = ' (){}[],:=!~<>+-*/%^@"\'`#.0123456789_abcxyzsmhdwyEeINFnaOoSUMBYWITHOUTfilstep\n\t\\é';

/** A small deterministic PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(s: string, r: () => number): string {
  const n = 1 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const i = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 5)) {
      case 0:
        s = s.slice(0, i) + s.slice(i + 1);
        break;
      case 1:
        s = s.slice(0, i) + POOL[Math.floor(r() * POOL.length)] + s.slice(i);
        break;
      case 2: {
        const j = Math.floor(r() * s.length);
        s = s.slice(0, i) + s.slice(j, j + 1 + Math.floor(r() * 8)) + s.slice(i);
        break;
      }
      case 3:
        s = s.slice(0, i);
        break;
      default: {
        const a = s.split('');
        const j = Math.floor(r() * a.length);
        [a[i], a[j]] = [a[j]!, a[i]!];
        s = a.join('');
      }
    }
  }
  return s;
}

describe('fuzz', () => {
  it('random mutations only ever produce trees or ParseErrors', () => {
    const r = rng(20261125);
    let parsed = 0;
    let failed = 0;
    for (let iter = 0; iter < 8000; iter++) {
      const q = mutate(SEEDS[iter % SEEDS.length]!, r);
      let printed: string | null = null;
      try {
        printed = formatExpr(parseExpr(q));
        parsed++;
      } catch (e) {
        if (!(e instanceof ParseError)) throw new Error(`non-ParseError for ${JSON.stringify(q)}: ${String(e)}`);
        expect(e.message).toMatch(/^(\d+:\d+|unknown position): parse error: /);
        failed++;
      }
      if (printed !== null) {
        let again: string;
        try {
          again = formatExpr(parseExpr(printed));
        } catch (e) {
          throw new Error(`${JSON.stringify(q)} printed as ${JSON.stringify(printed)} which fails: ${(e as Error).message}`);
        }
        expect(again, JSON.stringify(q)).toBe(printed);
      }
      for (const f of [parseMetricSelector, parseSeriesDesc]) {
        try {
          f(q);
        } catch (e) {
          if (!(e instanceof ParseError)) throw new Error(`non-ParseError from ${f.name} for ${JSON.stringify(q)}: ${String(e)}`);
        }
      }
    }
    expect(parsed).toBeGreaterThan(200);
    expect(failed).toBeGreaterThan(2000);
  });

  it('deep nesting fails cleanly instead of overflowing', () => {
    expect(() => parseExpr('('.repeat(100000) + '1' + ')'.repeat(100000))).toThrow(ParseError);
    expect(() => parseExpr('-'.repeat(100000) + '1')).not.toThrow(RangeError);
  });
});
