/**
 * The driver of the functions over range vectors (rate, *_over_time, deriv, …): it slides a
 * window over each series' samples, one window per step of the grid, and calls the entry's
 * kernel per step with the window bounds in a reused context (or its whole-series fast path).
 * Everything works on typed-array index ranges: no per-sample objects.
 */

import { METRIC_NAME } from '../../model/labels.js';
import type { Call, Expr, MatrixSelector, SubqueryExpr } from '../parser/ast.js';
import { QueryError } from '../value.js';
import { goQuote } from '../eval/annotations.js';
import { unwrap } from '../eval/args.js';
import type { Grid, StepSeries } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import type { FunctionContext, RangeFunction, WindowCtx } from './types.js';

/** Clears `ok` on an empty window; kernels that need at least one float start with it. */
export function needFloats(c: WindowCtx): boolean {
  if (c.hi <= c.lo) {
    c.ok = false;
    return false;
  }
  return true;
}

/** The first argument that is a range vector, and its index. */
function rangeArgOf(e: Call): { idx: number; arg: MatrixSelector | SubqueryExpr } {
  for (let i = 0; i < e.args.length; i++) {
    const a = unwrap(e.args[i]!);
    if (a.kind === 'MatrixSelector' || a.kind === 'SubqueryExpr') return { idx: i, arg: a };
  }
  throw new QueryError('execution', `function ${e.func.name} needs a range vector argument`);
}

/** The names of the functions whose entry allows a modifier, for the error message. */
export type ModifierNames = { readonly anchored: readonly string[]; readonly smoothed: readonly string[] };

/**
 * Evaluates a range function: one output series per input series with a value at any step.
 * `modifiers` lists the functions that allow the anchored and smoothed modifiers.
 */
export function evalRange(ctx: FunctionContext, e: Call, g: Grid, f: RangeFunction, modifiers: ModifierNames): StepSeries[] {
  const name = e.func.name;
  const { idx, arg } = rangeArgOf(e);
  const params: Float64Array[] = [];
  for (let i = 0; i < e.args.length; i++) if (i !== idx) params.push(ctx.scalarArg(e.args[i]!, g));
  let anchored = false;
  let smoothed = false;
  if (arg.kind === 'MatrixSelector') {
    anchored = arg.vectorSelector.anchored;
    smoothed = arg.vectorSelector.smoothed;
    if (anchored && !f.anchored) {
      throw new QueryError('execution', `anchored modifier can only be used with: ${modifiers.anchored.join(', ')} - not with ${name}`);
    }
    if (smoothed && !f.smoothed) {
      throw new QueryError('execution', `smoothed modifier can only be used with: ${modifiers.smoothed.join(', ')} - not with ${name}`);
    }
  }
  const { series, offset, at, rangeMs: range } = ctx.rangeArg(arg, g);
  const lb = ctx.lookback;
  const extraL = anchored || smoothed ? lb : 0;
  const extraR = smoothed ? lb : 0;
  const dropName = !f.keepsName;
  const n = g.n;
  const kernel = f.kernel;
  const checkParams = f.checkParams;
  const c: WindowCtx = {
    t: new Float64Array(0),
    v: new Float64Array(0),
    lo: 0,
    hi: 0,
    ts: 0,
    rangeStart: 0,
    rangeEnd: 0,
    rangeMs: range,
    anchored,
    smoothed,
    p0: NaN,
    p1: NaN,
    ok: true,
    scratch: new Float64Array(64),
    st: null,
    stOverlap: false,
  };
  let overlapWarned = false;
  const p0 = params[0] ?? null;
  const p1 = params[1] ?? null;
  const out: StepSeries[] = [];
  let counterInfo = f.counter;
  let paramWarned = false;
  let points = 0;
  const fastKernel = anchored || smoothed ? null : f.fast;
  const los = new Int32Array(n);
  const his = new Int32Array(n);
  const end0 = (at ?? g.start) - offset;
  const endStep = at === null ? g.step : 0;
  for (const r of series) {
    ctx.check();
    const o = newStepSeries(r.labels, n, dropName);
    const t = r.t;
    const len = r.length;
    // Window bounds for every step: samples in (end - range - extraL, end + extraR].
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < n; k++) {
      const ref = end0 + k * endStep;
      const wStart = ref - range - extraL;
      const wEnd = ref + extraR;
      while (lo < len && t[lo]! <= wStart) lo++;
      if (hi < lo) hi = lo;
      while (hi < len && t[hi]! <= wEnd) hi++;
      los[k] = lo;
      his[k] = hi;
    }
    let any = false;
    // Start timestamps need the per-window kernels.
    const fast = r.st ? null : fastKernel;
    if (fast) {
      any = fast(t, r.v, len, los, his, n, end0, endStep, range, o.v, o.has);
    } else {
      if (f.scratch && c.scratch.length < len) c.scratch = new Float64Array(len);
      c.t = t;
      c.v = r.v;
      c.st = r.st ?? null;
      c.stOverlap = false;
      for (let k = 0; k < n; k++) {
        lo = los[k]!;
        hi = his[k]!;
        if (hi <= lo) continue;
        const ref = end0 + k * endStep;
        c.lo = lo;
        c.hi = hi;
        c.ts = g.start + k * g.step;
        c.rangeStart = ref - range;
        c.rangeEnd = ref;
        c.p0 = p0 ? p0[k]! : NaN;
        c.p1 = p1 ? p1[k]! : NaN;
        c.ok = true;
        if (checkParams) {
          const warning = checkParams(c.p0, c.p1);
          if (warning !== undefined && !paramWarned) {
            paramWarned = true;
            ctx.annotations.warn(warning, firstScalarArg(e, idx).pos);
          }
        }
        const val = kernel(c);
        if (!c.ok) continue;
        o.v[k] = val;
        o.has[k] = 1;
        any = true;
      }
      if (c.stOverlap && !overlapWarned) {
        overlapWarned = true;
        ctx.annotations.warn(
          `sample has start time that overlaps with previous sample timestamp for metric ${goQuote(r.labels.get(METRIC_NAME))}`,
          e.args[idx]!.pos,
        );
      }
    }
    if (!any) continue;
    out.push(o);
    points += n;
    ctx.hold(points);
    if (counterInfo) {
      const mn = r.labels.get(METRIC_NAME);
      if (mn !== '' && !/(_total|_sum|_count|_bucket)$/.test(mn)) {
        ctx.annotations.info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${goQuote(mn)}`, e.args[idx]!.pos);
        counterInfo = false;
      }
    }
  }
  ctx.hold(points);
  return f.finish ? f.finish(e, out, n) : out;
}

function firstScalarArg(e: Call, rangeIdx: number): Expr {
  return e.args[rangeIdx === 0 ? 1 : 0]!;
}
