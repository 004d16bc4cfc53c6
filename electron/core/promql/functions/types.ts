/**
 * What a function implementation is written against: the narrow evaluation context it gets
 * instead of the evaluator, and the shapes of the entries of the implementation table
 * (table.ts). An entry says how its function is evaluated:
 *
 * - elementwise: a float -> float mapping over the one instant-vector argument;
 * - range: a kernel over the sliding windows of a range-vector argument (window.ts runs it);
 * - special: anything else, given the call and the context.
 *
 * NOTE: native histograms will add a second sample type. Elementwise and range entries are
 * objects rather than bare functions so that each can gain a histogram field beside its
 * float one, and the drivers (call.ts, window.ts) choose per sample.
 */

import type { Matcher } from '../../model/matcher.js';
import type { SelectHints, Series } from '../../storage/interface.js';
import type { Call, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/ast.js';
import type { AnnotationSet } from '../eval/annotations.js';
import type { SelectMode } from '../eval/selectors.js';
import type { EvalValue, Grid, RangeSeries, StepSeries } from '../eval/types.js';

/** A range-vector argument: its series and the times its windows end at. */
export interface RangeArg {
  readonly series: RangeSeries[];
  /** The @ time, ms, or null. */
  readonly at: number | null;
  readonly offset: number;
  readonly rangeMs: number;
}

/**
 * The evaluator as a function sees it. Arguments are evaluated on demand (a function decides
 * which and in what order); every method that holds data counts it against the query's
 * sample limit.
 */
export interface FunctionContext {
  readonly annotations: AnnotationSet;
  /** The query's lookback delta, ms. */
  readonly lookback: number;
  /** The query's own start, end and step (0 for an instant query), ms. */
  readonly times: { readonly start: number; readonly end: number; readonly step: number };
  vectorArg(e: Expr, g: Grid): StepSeries[];
  scalarArg(e: Expr, g: Grid): Float64Array;
  /** A matrix selector's or subquery's series, for windows ending at the steps of g. */
  rangeArg(e: MatrixSelector | SubqueryExpr, g: Grid): RangeArg;
  /** An instant selector over the grid; with a mode, sample timestamps or start times instead of values. */
  selectVector(vs: VectorSelector, g: Grid, mode: boolean | SelectMode): StepSeries[];
  /** The @ time and offset a selector or subquery reads at. */
  timing(e: VectorSelector | SubqueryExpr): { readonly at: number | null; readonly offset: number };
  /** Series straight from storage, sorted; their samples count as loaded. */
  selectSeries(hints: SelectHints, matchers: Matcher[]): Series[];
  /** Throws when the query timed out or was cancelled; cheap enough to call per series. */
  check(): void;
  /** Accounts for `points` held at once; fails the query past the sample limit. */
  hold(points: number): void;
}

export interface ElementwiseFunction {
  readonly kind: 'elementwise';
  /**
   * Applied to every float sample; the result drops the metric name. null: the function
   * reads native histograms only, and float samples give nothing.
   */
  readonly float: ((x: number) => number) | null;
}

/**
 * One window of one series, reused for every step: a kernel reads samples [lo, hi) of t/v
 * and returns the value, or clears `ok` to emit nothing.
 */
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

export type RangeKernel = (c: WindowCtx) => number;

/**
 * A whole-series fast path: the window bounds of every step are precomputed (`los`/`his`),
 * and the loop over steps runs inside the function, so the per-step work is a few
 * typed-array reads. Returns true when any step has a value. Only for plain windows (not
 * anchored/smoothed) without start timestamps.
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

export interface RangeFunction {
  readonly kind: 'range';
  readonly kernel: RangeKernel;
  readonly fast: SeriesKernel | null;
  /** The result keeps the metric name (the function acts like an offset). */
  readonly keepsName: boolean;
  /** May be used with the anchored / smoothed modifiers. */
  readonly anchored: boolean;
  readonly smoothed: boolean;
  /** The kernel uses WindowCtx.scratch. */
  readonly scratch: boolean;
  /** Notes once when the input's name does not look like a counter's. */
  readonly counter: boolean;
  /**
   * Checks the scalar arguments at each step: throws on values the function refuses, and
   * returns a warning (given once per call, at the first scalar argument) for values it
   * accepts with doubts.
   */
  readonly checkParams: ((p0: number, p1: number) => string | undefined) | null;
  /** Turns the per-series results into the function's result (absent_over_time); null: as they are. */
  readonly finish: ((e: Call, series: StepSeries[], n: number) => StepSeries[]) | null;
}

export interface SpecialFunction {
  readonly kind: 'special';
  readonly eval: (ctx: FunctionContext, call: Call, g: Grid) => EvalValue;
}

export type FunctionImpl = ElementwiseFunction | RangeFunction | SpecialFunction;

export function elementwise(float: ((x: number) => number) | null): ElementwiseFunction {
  return { kind: 'elementwise', float };
}

export function rangeFunction(kernel: RangeKernel, opts: Partial<Omit<RangeFunction, 'kind' | 'kernel'>> = {}): RangeFunction {
  return {
    kind: 'range',
    kernel,
    fast: opts.fast ?? null,
    keepsName: opts.keepsName ?? false,
    anchored: opts.anchored ?? false,
    smoothed: opts.smoothed ?? false,
    scratch: opts.scratch ?? false,
    counter: opts.counter ?? false,
    checkParams: opts.checkParams ?? null,
    finish: opts.finish ?? null,
  };
}

export function special(evaluate: SpecialFunction['eval']): SpecialFunction {
  return { kind: 'special', eval: evaluate };
}
