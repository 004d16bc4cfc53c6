import { describe, expect, it } from 'vitest';
import { estimateValueJsonLength, minValueJsonLength, valueJson } from '../../../../electron/core/query/json.js';
import { Labels } from '../../../../electron/core/model/labels.js';

describe('query result JSON', () => {
  it('encodes every result type as Prometheus does', () => {
    const l = Labels.fromObject({ __name__: 'up', job: 'a"b' });
    expect(JSON.parse(valueJson({ type: 'scalar', t: 1500, v: 2 }))).toEqual({ resultType: 'scalar', result: [1.5, '2'] });
    expect(JSON.parse(valueJson({ type: 'string', t: 1000, v: 'x' }))).toEqual({ resultType: 'string', result: [1, 'x'] });
    expect(JSON.parse(valueJson({ type: 'vector', samples: [{ labels: l, t: 1000, v: NaN }] }))).toEqual({
      resultType: 'vector',
      result: [{ metric: { __name__: 'up', job: 'a"b' }, value: [1, 'NaN'] }],
    });
    const t = new Float64Array([1000, 2000, 0]);
    // Prometheus's API writes |v| >= 1e21 (and < 1e-6) in Go's 'e' form (jsonutil.MarshalValue).
    const v = new Float64Array([1e21, -Infinity, 9]);
    expect(JSON.parse(valueJson({ type: 'matrix', series: [{ labels: l, t, v, length: 2 }] }))).toEqual({
      resultType: 'matrix',
      result: [{ metric: { __name__: 'up', job: 'a"b' }, values: [[1, '1e+21'], [2, '-Inf']] }],
    });
    expect(JSON.parse(valueJson({ type: 'vector', samples: [] }))).toEqual({ resultType: 'vector', result: [] });
  });
});

describe('query result JSON against a size budget', () => {
  const series = (n: number, points: number) =>
    Array.from({ length: n }, (_, i) => ({
      labels: Labels.fromObject({ __name__: 'm', i: String(i) }),
      t: Float64Array.from({ length: points }, (_, k) => 1_700_000_000_000 + k * 1000),
      v: Float64Array.from({ length: points }, (_, k) => k + 0.5),
      length: points,
    }));

  it('counts exactly the characters it produces', () => {
    let counted = 0;
    const json = valueJson({ type: 'matrix', series: series(3, 2500) }, { add: (n) => (counted += n) });
    // The envelope around the series ({"resultType":…,"result":[ … ]}) is not counted, nor the last comma.
    expect(counted).toBeGreaterThan(json.length - 60);
    expect(counted).toBeLessThanOrEqual(json.length);
    let inVector = 0;
    const vec = valueJson({ type: 'vector', samples: [1, 2, 3].map((i) => ({ labels: Labels.fromObject({ i: String(i) }), t: 1000, v: i })) }, { add: (n) => (inVector += n) });
    expect(inVector).toBeGreaterThan(vec.length - 60);
  });

  it('stops building once the budget refuses, long before the whole result', () => {
    let counted = 0;
    const stop = new Error('over');
    const budget = {
      add(n: number) {
        counted += n;
        if (counted > 100_000) throw stop;
      },
    };
    // One series of 200,000 points is about 5 MB of JSON.
    expect(() => valueJson({ type: 'matrix', series: series(1, 200_000) }, budget)).toThrow(stop);
    expect(counted).toBeLessThan(200_000);
    counted = 0;
    expect(() => valueJson({ type: 'matrix', series: series(50_000, 1) }, budget)).toThrow(stop);
    expect(counted).toBeLessThan(101_000);
  });
});

describe('the lower bound on a result JSON length', () => {
  it('is never more than the JSON valueJson builds, and close to it for short values', () => {
    const l = Labels.fromObject({});
    for (const points of [0, 1, 7, 100]) {
      const t = Float64Array.from({ length: points }, () => 0);
      const v = Float64Array.from({ length: points }, () => 0);
      const m = { type: 'matrix' as const, series: Array.from({ length: 500 }, () => ({ labels: l, t, v, length: points })) };
      const exact = valueJson(m).length;
      expect(minValueJsonLength(m)).toBeLessThanOrEqual(exact);
      expect(exact - minValueJsonLength(m)).toBeLessThan(40);
    }
    const vec = { type: 'vector' as const, samples: [...Array.from({ length: 500 }, () => ({ labels: l, t: 0, v: 0 })), { labels: l, t: 1_700_000_000_123, v: -1.5e-300 }] };
    expect(minValueJsonLength(vec)).toBeLessThanOrEqual(valueJson(vec).length);
  });
});

describe('estimateValueJsonLength', () => {
  const matrix = (n: number, points: number, value: (i: number, k: number) => number) => ({
    type: 'matrix' as const,
    series: Array.from({ length: n }, (_, i) => ({
      labels: Labels.fromObject({ __name__: 'node_cpu_seconds_total', cpu: String(i % 8), mode: 'idle', instance: `host-${i}:9100` }),
      t: Float64Array.from({ length: points }, (_, k) => 1_700_000_000_000 + k * 15_000),
      v: Float64Array.from({ length: points }, (_, k) => value(i, k)),
      length: points,
    })),
  });

  it.each([
    ['counters', matrix(300, 240, (i, k) => 1000 * i + k * 3.25)],
    ['ratios', matrix(50, 5000, (i, k) => Math.sin(i + k / 100))],
    ['mixed', matrix(700, 31, (i, k) => (i % 3 === 0 ? NaN : i * 1e9 + k / 7))],
  ])('is within 5%% of the real length for %s', (_name, value) => {
    const real = valueJson(value).length;
    const est = estimateValueJsonLength(value);
    expect(Math.abs(est - real) / real).toBeLessThan(0.05);
  });

  it('is close for vectors, and zero for scalars and strings', () => {
    const v = { type: 'vector' as const, samples: Array.from({ length: 1000 }, (_, i) => ({ labels: Labels.fromObject({ __name__: 'up', job: `j${i}` }), t: 1000, v: i })) };
    const real = valueJson(v).length;
    expect(Math.abs(estimateValueJsonLength(v) - real) / real).toBeLessThan(0.05);
    expect(estimateValueJsonLength({ type: 'scalar', t: 0, v: 1 })).toBe(0);
  });
});
