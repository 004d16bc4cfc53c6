import { describe, expect, it } from 'vitest';
import { valueJson } from '../../../../electron/core/query/json.js';
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
