/**
 * Serialises engine results into the API's JSON by hand: a range query can return hundreds
 * of thousands of points, and building an object per point only to stringify it doubles the
 * cost. With a size budget, the text is counted as it grows and given up once past the limit,
 * so that a result too large to send is refused before it is built.
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

/** Counts characters as they are produced; throws once past a limit (see Budget). */
export interface SizeBudget {
  add(n: number): void;
}

const UNLIMITED: SizeBudget = { add() {} };
/** Points serialised between two reports to the budget: one series may hold millions. */
const REPORT_EVERY = 1024;

/**
 * A lower bound on valueJson's length that costs no serialising: each point is at least
 * `[0,"0"]` with a comma between two, and each series at least `{"metric":{},"values":[]},`
 * (the envelope's own characters pay for the last series' comma). A result already past the
 * limit by this count is refused before any of its text is built.
 */
export function minValueJsonLength(value: Value): number {
  if (value.type === 'vector') return value.samples.length * '{"metric":{},"value":[0,"0"]},'.length;
  if (value.type !== 'matrix') return 0;
  let n = 0;
  for (const s of value.series) n += '{"metric":{},"values":[]},'.length + (s.length > 0 ? s.length * '[0,"0"],'.length - 1 : 0);
  return n;
}

export function valueJson(value: Value, budget: SizeBudget = UNLIMITED): string {
  switch (value.type) {
    case 'scalar':
      return `{"resultType":"scalar","result":${pointJson(value.t, value.v)}}`;
    case 'string':
      return `{"resultType":"string","result":[${value.t / 1000},${JSON.stringify(value.v)}]}`;
    case 'vector': {
      const parts: string[] = [];
      for (const s of value.samples) {
        const part = `{"metric":${labelsJson(s.labels)},"value":${pointJson(s.t, s.v)}}`;
        budget.add(part.length + 1);
        parts.push(part);
      }
      return `{"resultType":"vector","result":[${parts.join(',')}]}`;
    }
    case 'matrix': {
      const parts: string[] = [];
      for (const s of value.series) {
        const head = `{"metric":${labelsJson(s.labels)},"values":[`;
        budget.add(head.length + 3);
        const pts: string[] = new Array(s.length);
        let n = 0;
        for (let i = 0; i < s.length; i++) {
          const pt = pointJson(s.t[i]!, s.v[i]!);
          pts[i] = pt;
          n += pt.length + 1;
          if (i % REPORT_EVERY === REPORT_EVERY - 1) {
            budget.add(n);
            n = 0;
          }
        }
        budget.add(n);
        parts.push(`${head}${pts.join(',')}]}`);
      }
      return `{"resultType":"matrix","result":[${parts.join(',')}]}`;
    }
  }
}
