/**
 * Engine values packed for a thread boundary: all label pairs in one string array, all times
 * and values in two Float64Arrays with end offsets per series, so that posting a result
 * costs one transfer of three buffers instead of a structured clone of an object per point.
 * Unpacking makes views, not copies: the series of a matrix share the two arrays.
 */

import { Labels } from '../model/labels.js';
import type { MatrixSeries, Value, VectorSample } from '../promql/value.js';

export type PackedValue =
  | { readonly type: 'scalar'; readonly t: number; readonly v: number }
  | { readonly type: 'string'; readonly t: number; readonly v: string }
  | {
      readonly type: 'vector' | 'matrix';
      /** Every series' sorted label pairs, name0, value0, name1, …, one series after another. */
      readonly pairs: string[];
      /** pairs of series i end at pairEnds[i]; points of series i end at pointEnds[i]. */
      readonly pairEnds: Uint32Array;
      readonly pointEnds: Uint32Array;
      readonly t: Float64Array;
      readonly v: Float64Array;
    };

export function pack(value: Value): PackedValue {
  if (value.type === 'scalar' || value.type === 'string') return value;
  const n = value.type === 'vector' ? value.samples.length : value.series.length;
  const pairs: string[] = [];
  const pairEnds = new Uint32Array(n);
  const pointEnds = new Uint32Array(n);
  let points = 0;
  if (value.type === 'matrix') for (const s of value.series) points += s.length;
  else points = n;
  const t = new Float64Array(points);
  const v = new Float64Array(points);
  let p = 0;
  for (let i = 0; i < n; i++) {
    if (value.type === 'vector') {
      const s = value.samples[i]!;
      pushPairs(pairs, s.labels);
      t[p] = s.t;
      v[p] = s.v;
      p++;
    } else {
      const s = value.series[i]!;
      pushPairs(pairs, s.labels);
      t.set(s.t.subarray(0, s.length), p);
      v.set(s.v.subarray(0, s.length), p);
      p += s.length;
    }
    pairEnds[i] = pairs.length;
    pointEnds[i] = p;
  }
  return { type: value.type, pairs, pairEnds, pointEnds, t, v };
}

function pushPairs(out: string[], l: Labels): void {
  const f = l.pairs;
  for (let i = 0; i < f.length; i++) out.push(f[i]!);
}

/** The buffers a worker hands over with the packed value (they become unusable on its side). */
export function transferables(p: PackedValue): ArrayBuffer[] {
  if (p.type === 'scalar' || p.type === 'string') return [];
  return [p.pairEnds.buffer, p.pointEnds.buffer, p.t.buffer, p.v.buffer] as ArrayBuffer[];
}

export function unpack(p: PackedValue): Value {
  if (p.type === 'scalar' || p.type === 'string') return p;
  const n = p.pairEnds.length;
  let pairStart = 0;
  let pointStart = 0;
  if (p.type === 'vector') {
    const samples: VectorSample[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const pe = p.pairEnds[i]!;
      samples[i] = { labels: Labels.fromSortedFlat(p.pairs.slice(pairStart, pe)), t: p.t[i]!, v: p.v[i]! };
      pairStart = pe;
    }
    return { type: 'vector', samples };
  }
  const series: MatrixSeries[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const pe = p.pairEnds[i]!;
    const qe = p.pointEnds[i]!;
    series[i] = {
      labels: Labels.fromSortedFlat(p.pairs.slice(pairStart, pe)),
      t: p.t.subarray(pointStart, qe),
      v: p.v.subarray(pointStart, qe),
      length: qe - pointStart,
    };
    pairStart = pe;
    pointStart = qe;
  }
  return { type: 'matrix', series };
}
