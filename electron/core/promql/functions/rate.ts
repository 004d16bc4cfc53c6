/**
 * Counters and gauges' differences over range vectors: rate, increase, delta (with
 * Prometheus's extrapolation, or over anchored and smoothed windows), irate, idelta,
 * resets and changes. Start timestamps, when the store has them, mark counter resets too.
 */

import type { RangeKernel, SeriesKernel, WindowCtx } from './types.js';
import { needFloats } from './window.js';

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

export const rate: RangeKernel = (c) => extrapolatedRate(c, true, true);
export const increase: RangeKernel = (c) => extrapolatedRate(c, true, false);
export const delta: RangeKernel = (c) => extrapolatedRate(c, false, false);

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

export const irate: RangeKernel = (c) => instantValue(c, true);
export const idelta: RangeKernel = (c) => instantValue(c, false);

/** For anchored windows: the index of the last sample at or before the range start. */
function anchoredFirst(c: WindowCtx): number {
  if (!c.anchored) return c.lo;
  if (c.hi <= c.lo || c.t[c.hi - 1]! <= c.rangeStart) return -1;
  const rs = c.rangeStart;
  return Math.max(c.lo, lowerSearch(c.t, c.lo, c.hi - 1, (x) => x > rs) - 1);
}

export const resets: RangeKernel = (c) => {
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

export const changes: RangeKernel = (c) => {
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

/** Counter resets before each sample, reused across series and queries (one query runs per thread). */
let resetPrefix = new Int32Array(1024);

/** The whole-series fast path of rate, increase and delta (see SeriesKernel). */
export function rateSeries(isCounter: boolean, isRate: boolean): SeriesKernel {
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
