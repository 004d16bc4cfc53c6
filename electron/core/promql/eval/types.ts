/**
 * The evaluator's intermediate values. Instant vectors are evaluated for all steps of a grid
 * at once and kept columnar: one series holds a value per step plus a presence flag per
 * step, so functions, aggregations and binary operators run as tight loops over typed
 * arrays, series by series (VictoriaMetrics-style), instead of step by step.
 */

import type { Labels } from '../../model/labels.js';

/** The evaluation timestamps: start, start+step, …, end (inclusive), ms. */
export interface Grid {
  readonly start: number;
  readonly end: number;
  /** > 0; for an instant evaluation any positive value with start === end. */
  readonly step: number;
  /** Number of timestamps. */
  readonly n: number;
}

export function makeGrid(start: number, end: number, step: number): Grid {
  const n = end < start ? 0 : Math.floor((end - start) / step) + 1;
  return { start, end, step, n };
}

/**
 * An instant-vector series over a grid. `v[i]` is meaningful only where `has[i] === 1`.
 * `dropName` is Prometheus's delayed name removal: the metric name (and the other
 * metadata labels) are removed at the very end of the evaluation when it is set.
 */
export interface StepSeries {
  labels: Labels;
  dropName: boolean;
  readonly v: Float64Array;
  readonly has: Uint8Array;
}

/**
 * A range-vector series: the float samples of one series (staleness markers removed), in
 * time order. Only the first `length` entries are valid.
 */
export interface RangeSeries {
  labels: Labels;
  dropName: boolean;
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly length: number;
  /** Start timestamps parallel to t (0 = unknown), when the store has them. */
  readonly st?: Float64Array | null;
}

export type EvalValue =
  | { readonly kind: 'vector'; readonly series: StepSeries[] }
  | { readonly kind: 'scalar'; readonly v: Float64Array }
  | { readonly kind: 'string'; readonly s: string }
  | { readonly kind: 'matrix'; readonly series: RangeSeries[] };

/** An instant vector whose order matters (sort, topk at the top of an instant query). */
export interface OrderedVector {
  readonly kind: 'vector';
  readonly series: StepSeries[];
  readonly ordered?: boolean;
}

export function newStepSeries(labels: Labels, n: number, dropName = false): StepSeries {
  return { labels, dropName, v: new Float64Array(n), has: new Uint8Array(n) };
}

/** Number of steps where the series has a value. */
export function presentCount(s: StepSeries): number {
  const h = s.has;
  let c = 0;
  for (let i = 0; i < h.length; i++) c += h[i]!;
  return c;
}

export function isEmptySeries(s: StepSeries): boolean {
  const h = s.has;
  for (let i = 0; i < h.length; i++) if (h[i] !== 0) return false;
  return true;
}

/**
 * The running query's timeout/cancellation check, for loops outside the Evaluator class
 * (aggregation, binary operators). Evaluation is synchronous, so one query runs per
 * thread at a time and a module-level hook is enough.
 */
let currentCheck: () => void = () => {};

export function setInterruptCheck(f: () => void): void {
  currentCheck = f;
}

export function interruptCheck(): void {
  currentCheck();
}

/** The running query's sample-limit check: fails when `points` would exceed it. */
let currentHold: (points: number) => void = () => {};

export function setPointLimit(f: (points: number) => void): void {
  currentHold = f;
}

export function holdPoints(points: number): void {
  currentHold(points);
}
