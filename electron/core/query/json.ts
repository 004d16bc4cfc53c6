/**
 * Serialises engine results into the API's JSON by hand: a range query can return hundreds
 * of thousands of points, and building an object per point only to stringify it doubles the
 * cost.
 */

import { formatSampleValue } from '../../../shared/text/float.js';
import type { Labels } from '../model/labels.js';
import type { Value } from '../promql/value.js';

export function labelsJson(l: Labels): string {
  let s = '{';
  const f = l.pairs;
  for (let i = 0; i < f.length; i += 2) {
    if (i > 0) s += ',';
    s += JSON.stringify(f[i]) + ':' + JSON.stringify(f[i + 1]);
  }
  return s + '}';
}

function pointJson(t: number, v: number): string {
  return `[${t / 1000},"${formatSampleValue(v)}"]`;
}

export function valueJson(value: Value): string {
  switch (value.type) {
    case 'scalar':
      return `{"resultType":"scalar","result":${pointJson(value.t, value.v)}}`;
    case 'string':
      return `{"resultType":"string","result":[${value.t / 1000},${JSON.stringify(value.v)}]}`;
    case 'vector': {
      const parts: string[] = [];
      for (const s of value.samples) parts.push(`{"metric":${labelsJson(s.labels)},"value":${pointJson(s.t, s.v)}}`);
      return `{"resultType":"vector","result":[${parts.join(',')}]}`;
    }
    case 'matrix': {
      const parts: string[] = [];
      for (const s of value.series) {
        const pts: string[] = new Array(s.length);
        for (let i = 0; i < s.length; i++) pts[i] = pointJson(s.t[i]!, s.v[i]!);
        parts.push(`{"metric":${labelsJson(s.labels)},"values":[${pts.join(',')}]}`);
      }
      return `{"resultType":"matrix","result":[${parts.join(',')}]}`;
    }
  }
}
