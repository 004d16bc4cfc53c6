/**
 * Instant-vector selection over a whole grid in one pass per series: for every step the
 * newest sample in (t - lookback, t], unless it is a staleness marker. Also the
 * conversion of stored samples into range-vector series with staleness markers removed.
 */

import type { SampleArrays } from '../../storage/interface.js';
import type { Labels } from '../../model/labels.js';
import type { Grid, RangeSeries, StepSeries } from './types.js';

/** Staleness markers removed; the arrays are shared with the store when there are none. */
export function withoutStale(labels: Labels, s: SampleArrays): RangeSeries {
  const starts = hasStartTimes(s) ? s.st! : null;
  if (!s.stale) return { labels, dropName: false, t: s.t, v: s.v, length: s.length, st: starts };
  const stale = s.stale;
  let n = 0;
  for (let i = 0; i < s.length; i++) if (stale[i] === 0) n++;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  const st = starts ? new Float64Array(n) : null;
  let j = 0;
  for (let i = 0; i < s.length; i++) {
    if (stale[i] !== 0) continue;
    t[j] = s.t[i]!;
    v[j] = s.v[i]!;
    if (st) st[j] = starts![i]!;
    j++;
  }
  return { labels, dropName: false, t, v, length: n, st };
}

/** True when the samples carry at least one known start timestamp. */
function hasStartTimes(s: SampleArrays): boolean {
  const st = s.st;
  if (!st) return false;
  for (let i = 0; i < s.length; i++) if (st[i] !== 0) return true;
  return false;
}

/** What selectInstant puts in the output: the value, the sample time, or its start time (seconds). */
export type SelectMode = 'value' | 'timestamp' | 'start';

/**
 * Values of one series at every step of `grid`: the sample at or before `ref` (step time,
 * or the fixed @ time, minus offset) and after ref - lookback. Returns false when the series
 * has no value at any step. `timestamps` makes the value the sample's time in seconds
 * (timestamp() over a selector).
 */
export function selectInstant(
  s: SampleArrays,
  grid: Grid,
  offset: number,
  at: number | null,
  lookback: number,
  out: StepSeries,
  mode: SelectMode | boolean,
): boolean {
  const m: SelectMode = mode === true ? 'timestamp' : mode === false ? 'value' : mode;
  const starts = s.st ?? null;
  const pick = (i: number): number => (m === 'value' ? v[i]! : m === 'timestamp' ? t[i]! / 1000 : starts ? starts[i]! / 1000 : 0);
  const t = s.t;
  const v = s.v;
  const stale = s.stale;
  const len = s.length;
  const outV = out.v;
  const has = out.has;
  let any = false;
  if (at !== null) {
    const ref = at - offset;
    const i = lastAtOrBefore(t, len, ref);
    if (i < 0 || t[i]! <= ref - lookback || (stale !== null && stale[i] !== 0)) return false;
    const val = pick(i);
    for (let k = 0; k < grid.n; k++) {
      outV[k] = val;
      has[k] = 1;
    }
    return grid.n > 0;
  }
  let idx = -1;
  for (let k = 0; k < grid.n; k++) {
    const ref = grid.start + k * grid.step - offset;
    while (idx + 1 < len && t[idx + 1]! <= ref) idx++;
    if (idx < 0) continue;
    const ts = t[idx]!;
    if (ts <= ref - lookback) continue;
    if (stale !== null && stale[idx] !== 0) continue;
    outV[k] = pick(idx);
    has[k] = 1;
    any = true;
  }
  return any;
}

/** Index of the last element <= x in t[0..len), or -1. */
export function lastAtOrBefore(t: Float64Array, len: number, x: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (t[m]! <= x) lo = m + 1;
    else hi = m;
  }
  return lo - 1;
}

/** Index of the first element > x in t[0..len), or len. */
export function firstAfter(t: Float64Array, len: number, x: number): number {
  return lastAtOrBefore(t, len, x) + 1;
}

/**
 * A vector selector with the smoothed modifier: the value at each step is interpolated
 * between the samples around it (within the lookback on both sides), or carried forward.
 */
export function selectSmoothed(r: RangeSeries, grid: Grid, offset: number, lookback: number, out: StepSeries): boolean {
  const t = r.t;
  const v = r.v;
  const len = r.length;
  let any = false;
  for (let k = 0; k < grid.n; k++) {
    const ts = grid.start + k * grid.step - offset;
    const lo = firstAfter(t, len, ts - lookback);
    const hi = firstAfter(t, len, ts + lookback);
    if (hi <= lo) continue;
    // First index in [lo, hi) with t >= ts.
    let i = lo;
    while (i < hi && t[i]! < ts) i++;
    let val: number;
    if (i < hi && t[i] === ts) val = v[i]!;
    else if (i > lo && i < hi) {
      const t1 = t[i - 1]!;
      const y1 = v[i - 1]!;
      val = y1 + ((v[i]! - y1) * (ts - t1)) / (t[i]! - t1);
    } else if (i > lo) val = v[i - 1]!;
    else continue;
    out.v[k] = val;
    out.has[k] = 1;
    any = true;
  }
  return any;
}
