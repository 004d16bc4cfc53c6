/**
 * Kernels of the functions over range vectors (rate, *_over_time, deriv, …). The evaluator
 * slides a window over one series' samples and calls a kernel per step with the window
 * bounds in a reused context; a kernel returns the value, or clears `ok` to emit nothing.
 * Everything works on typed-array index ranges: no per-sample objects.
 */

import { kahanSumInc, kahanOutC, kahanOutSum } from './kahan.js';
import { quantileOf } from './quantile.js';

export interface WindowCtx {
  t: Float64Array;
  v: Float64Array;
  /** The window is samples [lo, hi). */
  lo: number;
  hi: number;
  /** The evaluation time of this step (the @ time when one is given), ms. */
  ts: number;
  /** Window bounds without lookback extensions: (rangeStart, rangeEnd], ms. */
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
  anchored: boolean;
  smoothed: boolean;
  /** Scalar arguments at this step (quantile, prediction horizon, smoothing factors). */
  p0: number;
  p1: number;
  ok: boolean;
  /** Reusable scratch space, at least `hi - lo` long when a kernel needs it. */
  scratch: Float64Array;
  /** Start timestamps parallel to t (0 = unknown), or null. */
  st: Float64Array | null;
  /** Set by a kernel when start timestamps in the window overlap earlier samples. */
  stOverlap: boolean;
}

/**
 * Whether a sample's start timestamp says its counter was reset since the previous sample.
 * A start time at or after the sample itself is invalid (or an empty delta range); one equal
 * to the previous sample's time is a reset only when the previous start time is known and
 * before that sample (a delta stream), not for a cumulative series of unknown start.
 */
export function isStartTimestampReset(prevST: number, prevT: number, currST: number, currT: number): boolean {
  if (currST === 0 || currST >= currT) return false;
  if (currST < prevT) return false;
  if (currST > prevT) return true;
  return prevST !== 0 && prevST < prevT;
}

/**
 * Start timestamps are used for a window only when none overlaps an earlier sample in
 * an inconsistent way; otherwise the kernel flags it and falls back to values alone.
 */
function usableStarts(c: WindowCtx): Float64Array | null {
  const st = c.st;
  if (!st) return null;
  for (let i = c.lo + 1; i < c.hi; i++) {
    const cur = st[i]!;
    if (cur !== 0 && cur < c.t[i - 1]! && cur !== st[i - 1]) {
      c.stOverlap = true;
      return null;
    }
  }
  return st;
}

export type RangeKernel = (c: WindowCtx) => number;

function lowerSearch(t: Float64Array, lo: number, hi: number, pred: (x: number) => boolean): number {
  // First index i in [lo, hi) with pred(t[i]), else hi; pred must be monotone.
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (pred(t[m]!)) b = m;
    else a = m + 1;
  }
  return a;
}

function interpolate(t1: number, y1: number, t2: number, y2: number, t: number, isCounter: boolean): number {
  if (isCounter && y2 < y1) y1 = 0;
  return y1 + ((y2 - y1) * (t - t1)) / (t2 - t1);
}

/** rate/increase/delta over anchored or smoothed windows (Prometheus's extendedRate). */
function extendedRate(c: WindowCtx, isCounter: boolean, isRate: boolean): number {
  const t = c.t;
  const v = c.v;
  const base = c.lo;
  const n = c.hi - c.lo;
  if (n === 0) {
    c.ok = false;
    return 0;
  }
  const rs = c.rangeStart;
  const re = c.rangeEnd;
  let last = n - 1;
  let first = Math.max(0, lowerSearch(t, base, base + last, (x) => x > rs) - base - 1);
  if (c.smoothed) last = lowerSearch(t, base, base + last, (x) => x >= re) - base;
  // Nothing to interpolate from when all samples lie after the range (or at/before its start).
  if (t[base + last]! <= rs || (c.smoothed && t[base + first]! > re)) {
    c.ok = false;
    return 0;
  }
  let left = v[base + first]!;
  if (c.smoothed && t[base + first]! < rs) {
    left = interpolate(t[base + first]!, v[base + first]!, t[base + first + 1]!, v[base + first + 1]!, rs, isCounter);
  }
  let right = v[base + last]!;
  if (c.smoothed && last > 0 && t[base + last]! > re) {
    right = interpolate(t[base + last - 1]!, v[base + last - 1]!, t[base + last]!, v[base + last]!, re, isCounter);
  }
  let result = right - left;
  if (isCounter) {
    if (t[base + first]! <= rs) first++;
    if (t[base + last]! >= re) last--;
    let correction = 0;
    let prev = left;
    for (let i = first; i <= last; i++) {
      const x = v[base + i]!;
      if (x < prev) correction += prev;
      prev = x;
    }
    if (right < prev) correction += prev;
    result += correction;
  }
  if (isRate) result /= c.rangeMs / 1000;
  return result;
}

/** rate/increase/delta with Prometheus's extrapolation to the window boundaries. */
function extrapolatedRate(c: WindowCtx, isCounter: boolean, isRate: boolean): number {
  if (c.anchored || c.smoothed) return extendedRate(c, isCounter, isRate);
  const lo = c.lo;
  const hi = c.hi;
  const n = hi - lo;
  const t = c.t;
  const v = c.v;
  const st = isCounter ? usableStarts(c) : null;
  // A known start time inside the window stands for a zero sample there: no extrapolation
  // to the left of it.
  const st0 = st ? st[lo]! : 0;
  const zeroPoint = n >= 1 && st0 !== 0 && st0 > c.rangeStart && st0 < t[lo]!;
  if (n < 2 && !zeroPoint) {
    c.ok = false;
    return 0;
  }
  const first = v[lo]!;
  let result = v[hi - 1]! - first;
  if (isCounter) {
    let prev = first;
    for (let i = lo + 1; i < hi; i++) {
      const x = v[i]!;
      if (x < prev || (st !== null && isStartTimestampReset(st[i - 1]!, t[i - 1]!, st[i]!, t[i]!))) result += prev;
      prev = x;
    }
  }
  const firstT = t[lo]!;
  const lastT = t[hi - 1]!;
  if (zeroPoint) {
    result += first;
    const sampled = (lastT - st0) / 1000;
    let toEnd = 0;
    if (n >= 2) {
      const avgOrig = (lastT - firstT) / 1000 / (n - 1);
      toEnd = (c.rangeEnd - lastT) / 1000;
      if (toEnd >= avgOrig * 1.1) toEnd = avgOrig / 2;
    }
    let f = (sampled + toEnd) / sampled;
    if (isRate) f /= c.rangeMs / 1000;
    return result * f;
  }
  let factor = extrapolationFactor(firstT, lastT, n, c.rangeStart, c.rangeEnd, result, first, isCounter);
  if (isRate) factor /= c.rangeMs / 1000;
  return result * factor;
}

/**
 * Prometheus's extrapolation of a delta over [rangeStart, rangeEnd] from n samples between
 * firstT and lastT: to each window edge by at most half an average interval when the samples
 * stop short of it, and for counters never below zero at the start. Returns the factor that
 * scales the sampled delta (before rate's division by the range).
 */
function extrapolationFactor(
  firstT: number,
  lastT: number,
  n: number,
  rangeStart: number,
  rangeEnd: number,
  result: number,
  first: number,
  isCounter: boolean,
): number {
  let durationToStart = (firstT - rangeStart) / 1000;
  let durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const avg = sampledInterval / (n - 1);
  const threshold = avg * 1.1;
  if (durationToStart >= threshold) durationToStart = avg / 2;
  if (isCounter) {
    let durationToZero = durationToStart;
    if (result > 0 && first >= 0) durationToZero = sampledInterval * (first / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = avg / 2;
  return (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
}

const rate: RangeKernel = (c) => extrapolatedRate(c, true, true);
const increase: RangeKernel = (c) => extrapolatedRate(c, true, false);
const delta: RangeKernel = (c) => extrapolatedRate(c, false, false);

function instantValue(c: WindowCtx, isRate: boolean): number {
  const hi = c.hi;
  if (hi - c.lo < 2) {
    c.ok = false;
    return 0;
  }
  const t0 = c.t[hi - 2]!;
  const t1 = c.t[hi - 1]!;
  const v0 = c.v[hi - 2]!;
  const v1 = c.v[hi - 1]!;
  const sampledInterval = t1 - t0;
  if (sampledInterval === 0) {
    c.ok = false;
    return 0;
  }
  let result = v1;
  const st = isRate ? usableStarts(c) : null;
  const reset = v1 < v0 || (st !== null && isStartTimestampReset(st[hi - 2]!, t0, st[hi - 1]!, t1));
  // A counter reset leaves the last value as the increase.
  if (!isRate || !reset) result = v1 - v0;
  if (isRate) result /= sampledInterval / 1000;
  return result;
}

const irate: RangeKernel = (c) => instantValue(c, true);
const idelta: RangeKernel = (c) => instantValue(c, false);

function needFloats(c: WindowCtx): boolean {
  if (c.hi <= c.lo) {
    c.ok = false;
    return false;
  }
  return true;
}

const sumOverTime: RangeKernel = (c) => {
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

const avgOverTime: RangeKernel = (c) => {
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

const countOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.hi - c.lo;
};

const presentOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return 1;
};

const lastOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.v[c.hi - 1]!;
};

const firstOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.v[c.lo]!;
};

const tsOfLastOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  return c.t[c.hi - 1]! / 1000;
};

const tsOfFirstOverTime: RangeKernel = (c) => {
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

const maxOverTime: RangeKernel = (c) => compareOverTime(c, 0);
const minOverTime: RangeKernel = (c) => compareOverTime(c, 1);
const tsOfMaxOverTime: RangeKernel = (c) => compareOverTime(c, 2);
const tsOfMinOverTime: RangeKernel = (c) => compareOverTime(c, 3);

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

const stdvarOverTime: RangeKernel = (c) => (needFloats(c) ? variance(c) : 0);
const stddevOverTime: RangeKernel = (c) => (needFloats(c) ? Math.sqrt(variance(c)) : 0);

const quantileOverTime: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  const n = c.hi - c.lo;
  const s = c.scratch;
  s.set(c.v.subarray(c.lo, c.hi));
  return quantileOf(c.p0, s, n);
};

const madOverTime: RangeKernel = (c) => {
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

/** For anchored windows: the index of the last sample at or before the range start. */
function anchoredFirst(c: WindowCtx): number {
  if (!c.anchored) return c.lo;
  if (c.hi <= c.lo || c.t[c.hi - 1]! <= c.rangeStart) return -1;
  const rs = c.rangeStart;
  return Math.max(c.lo, lowerSearch(c.t, c.lo, c.hi - 1, (x) => x > rs) - 1);
}

const resets: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  const first = anchoredFirst(c);
  if (first < 0) {
    c.ok = false;
    return 0;
  }
  let n = 0;
  const v = c.v;
  const st = usableStarts(c);
  for (let i = first + 1; i < c.hi; i++) {
    if (v[i]! < v[i - 1]! || (st !== null && isStartTimestampReset(st[i - 1]!, c.t[i - 1]!, st[i]!, c.t[i]!))) n++;
  }
  return n;
};

const changes: RangeKernel = (c) => {
  if (!needFloats(c)) return 0;
  const first = anchoredFirst(c);
  if (first < 0) {
    c.ok = false;
    return 0;
  }
  let n = 0;
  const v = c.v;
  for (let i = first + 1; i < c.hi; i++) {
    const a = v[i - 1]!;
    const b = v[i]!;
    if (a !== b && !(a !== a && b !== b)) n++;
  }
  return n;
};

/** Least-squares slope and intercept at interceptTime (Prometheus's linearRegression). */
let regIntercept = 0;
function linearRegression(c: WindowCtx, interceptTime: number): number {
  const t = c.t;
  const v = c.v;
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = v[c.lo]!;
  let constY = true;
  for (let i = c.lo; i < c.hi; i++) {
    const y = v[i]!;
    if (constY && i > c.lo && y !== initY) constY = false;
    n += 1;
    const x = (t[i]! - interceptTime) / 1e3;
    kahanSumInc(x, sumX, cX);
    sumX = kahanOutSum;
    cX = kahanOutC;
    kahanSumInc(y, sumY, cY);
    sumY = kahanOutSum;
    cY = kahanOutC;
    kahanSumInc(x * y, sumXY, cXY);
    sumXY = kahanOutSum;
    cXY = kahanOutC;
    kahanSumInc(x * x, sumX2, cX2);
    sumX2 = kahanOutSum;
    cX2 = kahanOutC;
  }
  if (constY) {
    if (initY === Infinity || initY === -Infinity) {
      regIntercept = NaN;
      return NaN;
    }
    regIntercept = initY;
    return 0;
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  regIntercept = sumY / n - (slope * sumX) / n;
  return slope;
}

const deriv: RangeKernel = (c) => {
  if (c.hi - c.lo < 2) {
    c.ok = false;
    return 0;
  }
  return linearRegression(c, c.t[c.lo]!);
};

const predictLinear: RangeKernel = (c) => {
  if (c.hi - c.lo < 2) {
    c.ok = false;
    return 0;
  }
  const slope = linearRegression(c, c.ts);
  return slope * c.p0 + regIntercept;
};

const doubleExponentialSmoothing: RangeKernel = (c) => {
  const l = c.hi - c.lo;
  if (l < 2) {
    c.ok = false;
    return 0;
  }
  const sf = c.p0;
  const tf = c.p1;
  const v = c.v;
  let s0 = 0;
  let s1 = v[c.lo]!;
  let b = v[c.lo + 1]! - v[c.lo]!;
  for (let i = 1; i < l; i++) {
    const x = sf * v[c.lo + i]!;
    // The trend at step i-1 (the first step keeps the initial trend).
    if (i - 1 !== 0) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
};

/** absent_over_time's per-series kernel: 1 wherever the series has samples. */
const absentOverTime: RangeKernel = presentOverTime;

export const RANGE_KERNELS: Readonly<Record<string, RangeKernel>> = {
  rate,
  increase,
  delta,
  irate,
  idelta,
  sum_over_time: sumOverTime,
  avg_over_time: avgOverTime,
  count_over_time: countOverTime,
  present_over_time: presentOverTime,
  absent_over_time: absentOverTime,
  last_over_time: lastOverTime,
  first_over_time: firstOverTime,
  ts_of_last_over_time: tsOfLastOverTime,
  ts_of_first_over_time: tsOfFirstOverTime,
  max_over_time: maxOverTime,
  min_over_time: minOverTime,
  ts_of_max_over_time: tsOfMaxOverTime,
  ts_of_min_over_time: tsOfMinOverTime,
  stdvar_over_time: stdvarOverTime,
  stddev_over_time: stddevOverTime,
  quantile_over_time: quantileOverTime,
  mad_over_time: madOverTime,
  resets,
  changes,
  deriv,
  predict_linear: predictLinear,
  double_exponential_smoothing: doubleExponentialSmoothing,
  holt_winters: doubleExponentialSmoothing,
};

/** Range functions whose result keeps the metric name (they act like an offset). */
export const KEEPS_NAME = new Set(['last_over_time', 'first_over_time']);

/** Functions that may be used with the anchored / smoothed modifiers. */
export const ANCHORED_SAFE = ['changes', 'delta', 'increase', 'rate', 'resets'];
export const SMOOTHED_SAFE = ['delta', 'increase', 'rate'];

/**
 * Whole-series fast paths for the most used functions: the window bounds of every step are
 * precomputed (`los`/`his`), and the loop over steps runs inside the function, so the
 * per-step work is a few typed-array reads. Returns true when any step has a value.
 * Only for plain windows (not anchored/smoothed).
 */
export type SeriesKernel = (
  t: Float64Array,
  v: Float64Array,
  len: number,
  los: Int32Array,
  his: Int32Array,
  n: number,
  /** Window end (ref time) of step 0 and its increment per step (0 with @). */
  end0: number,
  endStep: number,
  rangeMs: number,
  outV: Float64Array,
  outHas: Uint8Array,
) => boolean;

let resetPrefix = new Int32Array(1024);

function rateSeries(isCounter: boolean, isRate: boolean): SeriesKernel {
  return (t, v, len, los, his, n, end0, endStep, rangeMs, outV, outHas) => {
    let rp = resetPrefix;
    if (isCounter) {
      if (rp.length < len) rp = resetPrefix = new Int32Array(len * 2);
      let c = 0;
      if (len > 0) rp[0] = 0;
      for (let i = 1; i < len; i++) {
        if (v[i]! < v[i - 1]!) c++;
        rp[i] = c;
      }
    }
    const rangeSecs = rangeMs / 1000;
    let any = false;
    for (let k = 0; k < n; k++) {
      const lo = los[k]!;
      const hi = his[k]!;
      const cnt = hi - lo;
      if (cnt < 2) continue;
      const first = v[lo]!;
      let result = v[hi - 1]! - first;
      if (isCounter && rp[hi - 1]! - rp[lo]! > 0) {
        let prev = first;
        for (let i = lo + 1; i < hi; i++) {
          const x = v[i]!;
          if (x < prev) result += prev;
          prev = x;
        }
      }
      const rangeEnd = end0 + k * endStep;
      const firstT = t[lo]!;
      const lastT = t[hi - 1]!;
      let factor = extrapolationFactor(firstT, lastT, cnt, rangeEnd - rangeMs, rangeEnd, result, first, isCounter);
      if (isRate) factor /= rangeSecs;
      outV[k] = result * factor;
      outHas[k] = 1;
      any = true;
    }
    return any;
  };
}

function foldSeries(kind: 'sum' | 'count' | 'min' | 'max' | 'last' | 'first'): SeriesKernel {
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

export const SERIES_KERNELS: Readonly<Record<string, SeriesKernel>> = {
  rate: rateSeries(true, true),
  increase: rateSeries(true, false),
  delta: rateSeries(false, false),
  sum_over_time: foldSeries('sum'),
  count_over_time: foldSeries('count'),
  max_over_time: foldSeries('max'),
  min_over_time: foldSeries('min'),
  last_over_time: foldSeries('last'),
  first_over_time: foldSeries('first'),
};
