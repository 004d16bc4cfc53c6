/**
 * The *_over_time functions: folds of each window's samples (sum, avg, count, min, max,
 * first, last and their timestamps, variance, quantile, median absolute deviation).
 */

import { goFloat } from '../eval/annotations.js';
import { kahanSumInc, kahanOutC, kahanOutSum } from './kahan.js';
import { quantileOf } from './quantile.js';
import type { RangeKernel, SeriesKernel, WindowCtx } from './types.js';
import { needFloats } from './window.js';

export const sumOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  let sum = 0;
  let comp = 0;
  const v = c.v;
  for (let i = c.lo; i < c.hi; i++) {
    kahanSumInc(v[i]!, sum, comp);
    sum = kahanOutSum;
    comp = kahanOutC;
  }
  if (sum === Infinity || sum === -Infinity) return sum;
  return sum + comp;
};

export const avgOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  const v = c.v;
  let sum = v[c.lo]!;
  let count = 1;
  let mean = 0;
  let kc = 0;
  let incremental = false;
  for (let i = c.lo + 1; i < c.hi; i++) {
    const f = v[i]!;
    count = i - c.lo + 1;
    if (!incremental) {
      kahanSumInc(f, sum, kc);
      if (kahanOutSum !== Infinity && kahanOutSum !== -Infinity) {
        sum = kahanOutSum;
        kc = kahanOutC;
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      kc /= count - 1;
    }
    const q = (count - 1) / count;
    kahanSumInc(f / count, q * mean, q * kc);
    mean = kahanOutSum;
    kc = kahanOutC;
  }
  if (incremental) return mean + kc;
  return sum / count + kc / count;
};

export const countOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.hi - c.lo;
};

export const presentOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return 1;
};

export const lastOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.v[c.hi - 1]!;
};

export const firstOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.v[c.lo]!;
};

export const tsOfLastOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.t[c.hi - 1]! / 1000;
};

export const tsOfFirstOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.t[c.lo]! / 1000;
};

function compareOverTime(c: WindowCtx, kind: 0 | 1 | 2 | 3): number {
  // kind: 0 max, 1 min, 2 ts of max, 3 ts of min.
  if (!needFloats(c)) return 0;
  const v = c.v;
  let best = v[c.lo]!;
  let bestT = c.t[c.lo]!;
  for (let i = c.lo; i < c.hi; i++) {
    const f = v[i]!;
    let take: boolean;
    switch (kind) {
      case 0:
        take = f > best || best !== best;
        break;
      case 1:
        take = f < best || best !== best;
        break;
      case 2:
        take = f >= best || best !== best;
        break;
      default:
        take = f <= best || best !== best;
    }
    if (take) {
      best = f;
      bestT = c.t[i]!;
    }
  }
  return kind >= 2 ? bestT / 1000 : best;
}

export const maxOverTime: RangeKernel = (c) => compareOverTime(c, 0);
export const minOverTime: RangeKernel = (c) => compareOverTime(c, 1);
export const tsOfMaxOverTime: RangeKernel = (c) => compareOverTime(c, 2);
export const tsOfMinOverTime: RangeKernel = (c) => compareOverTime(c, 3);

function variance(c: WindowCtx): number {
  let count = 0;
  let mean = 0;
  let cMean = 0;
  let aux = 0;
  let cAux = 0;
  const v = c.v;
  for (let i = c.lo; i < c.hi; i++) {
    const f = v[i]!;
    count++;
    const d = f - (mean + cMean);
    kahanSumInc(d / count, mean, cMean);
    mean = kahanOutSum;
    cMean = kahanOutC;
    kahanSumInc(d * (f - (mean + cMean)), aux, cAux);
    aux = kahanOutSum;
    cAux = kahanOutC;
  }
  return (aux + cAux) / count;
}

export const stdvarOverTime: RangeKernel = (c) => (needFloats(c) ? variance(c) : 0);
export const stddevOverTime: RangeKernel = (c) => (needFloats(c) ? Math.sqrt(variance(c)) : 0);

export const quantileOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  const n = c.hi - c.lo;
  const s = c.scratch;
  s.set(c.v.subarray(c.lo, c.hi));
  return quantileOf(c.p0, s, n);
};

export const madOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  const n = c.hi - c.lo;
  const s = c.scratch;
  // A NaN sample makes the result NaN rather than being sorted away.
  for (let i = c.lo; i < c.hi; i++) if (c.v[i] !== c.v[i]) return NaN;
  s.set(c.v.subarray(c.lo, c.hi));
  const median = quantileOf(0.5, s, n);
  for (let i = 0; i < n; i++) s[i] = Math.abs(c.v[c.lo + i]! - median);
  return quantileOf(0.5, s, n);
};

/** The whole-series fast path of the simple folds (see SeriesKernel). */
export function foldSeries(kind: 'sum' | 'count' | 'min' | 'max' | 'last' | 'first'): SeriesKernel {
  return (t, v, len, los, his, n, end0, endStep, rangeMs, outV, outHas) => {
    let any = false;
    for (let k = 0; k < n; k++) {
      const lo = los[k]!;
      const hi = his[k]!;
      if (hi <= lo) continue;
      let r: number;
      switch (kind) {
        case 'count':
          r = hi - lo;
          break;
        case 'last':
          r = v[hi - 1]!;
          break;
        case 'first':
          r = v[lo]!;
          break;
        case 'max': {
          r = v[lo]!;
          for (let i = lo + 1; i < hi; i++) {
            const f = v[i]!;
            if (f > r || r !== r) r = f;
          }
          break;
        }
        case 'min': {
          r = v[lo]!;
          for (let i = lo + 1; i < hi; i++) {
            const f = v[i]!;
            if (f < r || r !== r) r = f;
          }
          break;
        }
        default: {
          // Kahan–Neumaier, inlined.
          let sum = 0;
          let c = 0;
          for (let i = lo; i < hi; i++) {
            const x = v[i]!;
            const s2 = sum + x;
            if (s2 === Infinity || s2 === -Infinity) c = 0;
            else if (Math.abs(sum) >= Math.abs(x)) c += sum - s2 + x;
            else c += x - s2 + sum;
            sum = s2;
          }
          r = sum === Infinity || sum === -Infinity ? sum : sum + c;
        }
      }
      outV[k] = r;
      outHas[k] = 1;
      any = true;
    }
    return any;
  };
}

/** quantile_over_time's check: a quantile outside [0, 1] gives ±Inf, with a warning. */
export function quantileWarning(q: number): string | undefined {
  return q >= 0 && q <= 1 ? undefined : `quantile value should be between 0 and 1, got ${goFloat(q)}`;
}
