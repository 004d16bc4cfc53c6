/**
 * Packed values cross a thread boundary as a few buffers: unpacking gives back the same
 * labels, times and values, including matrices whose arrays are longer than their length.
 */
import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import type { Value } from '../../../../electron/core/promql/value.js';
import { pack, transferables, unpack } from '../../../../electron/core/query/packed.js';

const a = Labels.fromObject({ __name__: 'up', job: 'a' });
const b = Labels.fromObject({ job: 'b' });

describe('packed values', () => {
  it('round-trip a vector', () => {
    const v: Value = { type: 'vector', samples: [{ labels: a, t: 1000, v: 1.5 }, { labels: Labels.EMPTY, t: 1000, v: NaN }] };
    const u = unpack(pack(v));
    if (u.type !== 'vector') throw new Error('not a vector');
    expect(u.samples.map((s) => [s.labels.key, s.t, s.v])).toEqual([[a.key, 1000, 1.5], ['', 1000, NaN]]);
  });

  it('round-trip a matrix, keeping only each series valid points', () => {
    const v: Value = {
      type: 'matrix',
      series: [
        { labels: a, t: Float64Array.of(1, 2, 3, 99), v: Float64Array.of(10, 20, 30, 99), length: 3 },
        { labels: b, t: new Float64Array(0), v: new Float64Array(0), length: 0 },
        { labels: b.with('x', 'y'), t: Float64Array.of(5), v: Float64Array.of(-Infinity), length: 1 },
      ],
    };
    const p = pack(v);
    expect(transferables(p)).toHaveLength(4);
    const u = unpack(p);
    if (u.type !== 'matrix') throw new Error('not a matrix');
    expect(u.series.map((s) => [s.labels.key, [...s.t.subarray(0, s.length)], [...s.v.subarray(0, s.length)], s.length])).toEqual([
      [a.key, [1, 2, 3], [10, 20, 30], 3],
      [b.key, [], [], 0],
      [b.with('x', 'y').key, [5], [-Infinity], 1],
    ]);
  });

  it('pass scalars and strings through', () => {
    expect(unpack(pack({ type: 'scalar', t: 5, v: 2 }))).toEqual({ type: 'scalar', t: 5, v: 2 });
    expect(unpack(pack({ type: 'string', t: 5, v: 's' }))).toEqual({ type: 'string', t: 5, v: 's' });
  });
});
