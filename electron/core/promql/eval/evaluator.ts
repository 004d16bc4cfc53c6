/**
 * The evaluator: walks the AST once per node and evaluates each node for all steps of a
 * grid at once, over columnar series (see types.ts). Storage is read once per selector for
 * the whole query range. Timeouts, cancellation and the sample limit are checked inside the
 * per-series loops. Function calls go to the implementation table (functions/call.ts), which
 * sees the evaluator only as a FunctionContext.
 */

import { Labels } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { Querier, SelectHints, Series } from '../../storage/interface.js';
import type { AggregateExpr, BinaryExpr, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/ast.js';
import { exprType } from '../parser/ast.js';
import { isValidUtf8 } from '../parser/index.js';
import { goQuote as goQuoteLiteral } from '../parser/quote.js';
import { QueryError } from '../value.js';
import { callFunction } from '../functions/call.js';
import type { FunctionContext, RangeArg } from '../functions/types.js';
import { AnnotationSet, goFloat } from './annotations.js';
import { aggregate, aggregateK, checkK, countValues } from './aggregate.js';
import { stringOf } from './args.js';
import { METADATA_LABELS, scalarBinop, setOperation, vectorBinop, vectorScalar } from './binary.js';
import { dropNames } from './names.js';
import type { Plan } from './plan.js';
import { selectInstant, selectSmoothed, withoutStale, type SelectMode } from './selectors.js';
import type { EvalValue, Grid, OrderedVector, RangeSeries, StepSeries } from './types.js';
import { makeGrid, newStepSeries, setInterruptCheck, setPointLimit } from './types.js';

export interface EvaluatorOptions {
  querier: Querier;
  plan: Plan;
  lookback: number;
  maxSamples: number;
  /** Date.now() after which the query times out. */
  deadline: number;
  signal: { readonly aborted: boolean } | undefined;
  annotations: AnnotationSet;
  /**
   * Prometheus's experimental promql-delayed-name-removal: keep __name__ until the end of the
   * query (the conformance suite runs with it). Off, names are dropped where the operation
   * happens, as stock Prometheus does.
   */
  delayedNameRemoval: boolean;
}

export class Evaluator implements FunctionContext {
  samplesLoaded = 0;
  private peak = 0;
  private readonly seriesCache = new Map<VectorSelector, Series[]>();
  private ticks = 0;

  constructor(readonly o: EvaluatorOptions) {
    setInterruptCheck(() => this.check());
    setPointLimit((points) => this.hold(points));
  }

  get annotations(): AnnotationSet {
    return this.o.annotations;
  }

  get lookback(): number {
    return this.o.lookback;
  }

  get times(): { readonly start: number; readonly end: number; readonly step: number } {
    return this.o.plan.times;
  }

  /** Throws when the query timed out or was cancelled; cheap enough to call per series. */
  check(): void {
    if ((++this.ticks & 63) !== 0) return;
    this.checkNow();
  }

  checkNow(): void {
    if (this.o.signal?.aborted) throw new QueryError('canceled', 'query was canceled in expression evaluation');
    if (Date.now() > this.o.deadline) throw new QueryError('timeout', 'query timed out in expression evaluation');
  }

  /** Accounts for points held in memory; fails the query past the sample limit. */
  hold(points: number): void {
    if (points > this.peak) this.peak = points;
    if (points > this.o.maxSamples || this.samplesLoaded > this.o.maxSamples) {
      throw new QueryError('execution', 'query processing would load too many samples into memory in query execution');
    }
  }

  eval(e: Expr, g: Grid): EvalValue {
    const v = this.evalNode(e, g);
    if (this.o.delayedNameRemoval || v.kind !== 'vector') return v;
    const series = dropNames(v.series, g.n);
    return series === v.series ? v : { ...v, series };
  }

  private evalNode(e: Expr, g: Grid): EvalValue {
    this.checkNow();
    if (g.n === 0) return emptyOf(e, g);
    // A subquery with a tiny step over a huge range must fail before it allocates.
    if (g.n > this.o.maxSamples) this.hold(g.n);
    if (g.n > 1 && this.o.plan.invariant.has(e)) {
      const t = exprType(e);
      if (t === 'vector' || t === 'scalar') return this.evalInvariant(e, g);
    }
    switch (e.kind) {
      case 'NumberLiteral':
        return { kind: 'scalar', v: new Float64Array(g.n).fill(e.value) };
      case 'StringLiteral':
        return { kind: 'string', s: e.value };
      case 'DurationExpr':
        return { kind: 'scalar', v: new Float64Array(g.n).fill(this.o.plan.durationMs(e) / 1000) };
      case 'ParenExpr':
      case 'StepInvariantExpr':
        return this.eval(e.expr, g);
      case 'UnaryExpr': {
        const v = this.eval(e.expr, g);
        if (e.op === '+') return v;
        if (v.kind === 'scalar') return { kind: 'scalar', v: v.v.map((x) => -x) };
        if (v.kind !== 'vector') throw new QueryError('execution', 'unary minus needs a scalar or an instant vector');
        return { kind: 'vector', series: v.series.map((s) => ({ labels: s.labels, dropName: true, v: s.v.map((x) => -x), has: s.has })) };
      }
      case 'VectorSelector':
        return { kind: 'vector', series: this.selectVector(e, g, false) };
      case 'MatrixSelector':
        if (g.n !== 1) throw new QueryError('execution', 'cannot do range evaluation of matrix selector');
        return { kind: 'matrix', series: this.matrixForInstant(e, g.start) };
      case 'SubqueryExpr': {
        if (g.n !== 1) throw new QueryError('execution', 'cannot do range evaluation of a subquery');
        return { kind: 'matrix', series: this.evalSubquery(e, g).series };
      }
      case 'Call':
        return callFunction(this, e, g);
      case 'AggregateExpr':
        return this.evalAggregate(e, g);
      case 'BinaryExpr':
        return this.evalBinary(e, g);
    }
  }

  /** Evaluates once at the first step and repeats the values for every step. */
  private evalInvariant(e: Expr, g: Grid): EvalValue {
    const one = makeGrid(g.start, g.start, g.step);
    const plan = this.o.plan;
    plan.invariant.delete(e);
    let v: EvalValue;
    try {
      v = this.eval(e, one);
    } finally {
      plan.invariant.add(e);
    }
    if (v.kind === 'scalar') return { kind: 'scalar', v: new Float64Array(g.n).fill(v.v[0]!) };
    if (v.kind !== 'vector') return v;
    const series = v.series.map((s) => {
      const o = newStepSeries(s.labels, g.n, s.dropName);
      o.v.fill(s.v[0]!);
      o.has.fill(1);
      return o;
    });
    this.hold(series.length * g.n);
    return { kind: 'vector', series };
  }

  // ---------------------------------------------------------------- selection

  seriesOf(vs: VectorSelector): Series[] {
    let s = this.seriesCache.get(vs);
    if (!s) {
      const p = this.o.plan.selector(vs);
      // Unsorted, as Prometheus selects: outputs are ordered where it matters, and sorting costs.
      s = this.o.querier.select(false, { start: p.mint, end: p.maxt }, ...vs.matchers);
      let n = 0;
      for (const x of s) n += x.samples.length;
      this.samplesLoaded += n;
      this.hold(0);
      this.seriesCache.set(vs, s);
    }
    return s;
  }

  /** An instant vector selector over the grid; `timestamps` for timestamp(selector). */
  selectVector(vs: VectorSelector, g: Grid, timestamps: boolean | SelectMode): StepSeries[] {
    const p = this.o.plan.selector(vs);
    const out: StepSeries[] = [];
    const lookback = this.o.lookback;
    let buf = newStepSeries(Labels.EMPTY, g.n);
    for (const s of this.seriesOf(vs)) {
      this.check();
      let ok: boolean;
      if (vs.smoothed && !timestamps) {
        if (p.at !== null) {
          const one = makeGrid(p.at, p.at, 1);
          const tmp = newStepSeries(Labels.EMPTY, 1);
          ok = selectSmoothed(withoutStale(s.labels, s.samples), one, p.offset, lookback, tmp);
          if (ok) {
            buf.v.fill(tmp.v[0]!);
            buf.has.fill(1);
          }
        } else {
          ok = selectSmoothed(withoutStale(s.labels, s.samples), g, p.offset, lookback, buf);
        }
      } else {
        ok = selectInstant(s.samples, g, p.offset, p.at, lookback, buf, timestamps);
      }
      if (!ok) continue;
      buf.labels = s.labels;
      out.push(buf);
      // Fail while growing, before a huge selection has been materialized.
      this.hold(out.length * g.n);
      buf = newStepSeries(Labels.EMPTY, g.n);
    }
    this.hold(out.length * g.n);
    return out;
  }

  /** A range vector as the result of an instant query (`metric[5m]`). */
  private matrixForInstant(ms: MatrixSelector, ts: number): RangeSeries[] {
    const vs = ms.vectorSelector;
    const p = this.o.plan.selector(vs);
    const range = this.o.plan.range(ms);
    const ref = (p.at ?? ts) - p.offset;
    const lb = this.o.lookback;
    const start = ref - range - (vs.anchored || vs.smoothed ? lb : 0);
    const end = ref + (vs.smoothed ? lb : 0);
    const out: RangeSeries[] = [];
    let points = 0;
    for (const s of this.seriesOf(vs)) {
      this.check();
      const r = withoutStale(s.labels, s.samples);
      let lo = 0;
      while (lo < r.length && r.t[lo]! <= start) lo++;
      let hi = lo;
      while (hi < r.length && r.t[hi]! <= end) hi++;
      if (hi <= lo) continue;
      let t: Float64Array = r.t.slice(lo, hi);
      let v: Float64Array = r.v.slice(lo, hi);
      if (vs.anchored || vs.smoothed) {
        const ext = extendFloats(t, v, ref - range, ref, vs.smoothed);
        if (!ext) continue;
        t = ext.t;
        v = ext.v;
      }
      out.push({ labels: s.labels, dropName: false, t, v, length: t.length });
      points += t.length;
      this.hold(points);
    }
    return out;
  }

  // ---------------------------------------------------------------- subqueries

  /** Evaluates a subquery's inner expression on its own aligned grid. */
  private evalSubquery(sq: SubqueryExpr, g: Grid): { series: RangeSeries[] } {
    const p = this.o.plan.subquery(sq);
    const start = p.at ?? g.start;
    const end = p.at ?? g.end;
    const from = start - p.offset - p.range;
    let innerStart = p.step * Math.floor(from / p.step);
    if (innerStart <= from) innerStart += p.step;
    const inner = makeGrid(innerStart, end - p.offset, p.step);
    const v = this.eval(sq.expr, inner);
    if (v.kind !== 'vector') throw new QueryError('execution', 'subquery needs an instant vector expression');
    const series: RangeSeries[] = [];
    for (const s of v.series) {
      let c = 0;
      for (let k = 0; k < inner.n; k++) c += s.has[k]!;
      if (c === 0) continue;
      const t = new Float64Array(c);
      const vv = new Float64Array(c);
      let j = 0;
      for (let k = 0; k < inner.n; k++) {
        if (s.has[k] === 0) continue;
        t[j] = inner.start + k * inner.step;
        vv[j] = s.v[k]!;
        j++;
      }
      const labels = s.dropName ? s.labels.without(METADATA_LABELS) : s.labels;
      series.push({ labels, dropName: false, t, v: vv, length: c });
    }
    return { series };
  }

  // ---------------------------------------------------------------- functions' context

  scalarArg(e: Expr, g: Grid): Float64Array {
    const v = this.eval(e, g);
    if (v.kind !== 'scalar') throw new QueryError('execution', `expected a scalar, got ${v.kind}`);
    return v.v;
  }

  vectorArg(e: Expr, g: Grid): StepSeries[] {
    const v = this.eval(e, g);
    if (v.kind !== 'vector') throw new QueryError('execution', `expected an instant vector, got ${v.kind}`);
    return v.series;
  }

  rangeArg(arg: MatrixSelector | SubqueryExpr, g: Grid): RangeArg {
    const plan = this.o.plan;
    if (arg.kind === 'MatrixSelector') {
      const vs = arg.vectorSelector;
      const p = plan.selector(vs);
      const series = this.seriesOf(vs).map((s) => withoutStale(s.labels, s.samples));
      return { series, offset: p.offset, at: p.at, rangeMs: plan.range(arg) };
    }
    const p = plan.subquery(arg);
    return { series: this.evalSubquery(arg, g).series, offset: p.offset, at: p.at, rangeMs: p.range };
  }

  timing(e: VectorSelector | SubqueryExpr): { readonly at: number | null; readonly offset: number } {
    return e.kind === 'VectorSelector' ? this.o.plan.selector(e) : this.o.plan.subquery(e);
  }

  selectSeries(hints: SelectHints, matchers: Matcher[]): Series[] {
    const found = this.o.querier.select(true, hints, ...matchers);
    for (const s of found) this.samplesLoaded += s.samples.length;
    return found;
  }

  // ---------------------------------------------------------------- aggregation

  private evalAggregate(e: AggregateExpr, g: Grid): EvalValue {
    const n = g.n;
    if (e.op === 'count_values') {
      const label = stringOf(e.param!);
      if (label === '' || !isValidUtf8(label)) throw new QueryError('execution', `invalid label name ${goQuoteLiteral(label)}`);
      return { kind: 'vector', series: countValues(e, label, this.vectorArg(e.expr, g), n) };
    }
    let param: Float64Array | null = null;
    if (e.param) param = this.scalarArg(e.param, g);
    switch (e.op) {
      case 'topk':
      case 'bottomk':
      case 'limitk': {
        if (!checkK(param!)) {
          this.vectorArg(e.expr, g);
          return { kind: 'vector', series: [] };
        }
        const r = aggregateK(e, this.vectorArg(e.expr, g), param!, n);
        return { kind: 'vector', series: r.series, ordered: r.ordered } as OrderedVector;
      }
      case 'limit_ratio': {
        let min = Infinity;
        let max = -Infinity;
        for (const p of param!) {
          if (p !== p) throw new QueryError('execution', 'Ratio value is NaN');
          if (p < min) min = p;
          if (p > max) max = p;
        }
        if (max === 0 && min === 0) return { kind: 'vector', series: [] };
        if (max > 1) this.annotations.warn(`ratio value should be between -1 and 1, got ${goFloat(max)}, capping to 1`, e.param!.pos);
        if (min < -1) this.annotations.warn(`ratio value should be between -1 and 1, got ${goFloat(min)}, capping to -1`, e.param!.pos);
        const r = aggregateK(e, this.vectorArg(e.expr, g), param!, n);
        return { kind: 'vector', series: r.series };
      }
      case 'quantile': {
        let nan = false;
        let min = Infinity;
        let max = -Infinity;
        for (const p of param!) {
          if (p !== p) nan = true;
          else {
            min = Math.min(min, p);
            max = Math.max(max, p);
          }
        }
        if (nan) this.annotations.warn('quantile value should be between 0 and 1, got NaN', e.param!.pos);
        if (max > 1) this.annotations.warn(`quantile value should be between 0 and 1, got ${goFloat(max)}`, e.param!.pos);
        if (min < 0) this.annotations.warn(`quantile value should be between 0 and 1, got ${goFloat(min)}`, e.param!.pos);
        break;
      }
      default:
        break;
    }
    const input = this.vectorArg(e.expr, g);
    const out = aggregate(e, input, param, n);
    this.hold(out.length * n);
    return { kind: 'vector', series: out };
  }

  // ---------------------------------------------------------------- binary

  private evalBinary(e: BinaryExpr, g: Grid): EvalValue {
    const n = g.n;
    const l = this.eval(e.lhs, g);
    const r = this.eval(e.rhs, g);
    if (l.kind === 'scalar' && r.kind === 'scalar') {
      const v = new Float64Array(n);
      for (let k = 0; k < n; k++) v[k] = scalarBinop(e.op, l.v[k]!, r.v[k]!);
      return { kind: 'scalar', v };
    }
    if (l.kind === 'vector' && r.kind === 'vector') {
      let out: StepSeries[];
      if (e.op === 'and' || e.op === 'or' || e.op === 'unless') out = setOperation(e.op, l.series, r.series, e.matching!, n);
      else out = vectorBinop(e, l.series, r.series, n);
      this.hold(out.length * n);
      return { kind: 'vector', series: out };
    }
    if (l.kind === 'vector' && r.kind === 'scalar') {
      return { kind: 'vector', series: vectorScalar(e.op, l.series, r.v, false, e.returnBool, n) };
    }
    if (l.kind === 'scalar' && r.kind === 'vector') {
      return { kind: 'vector', series: vectorScalar(e.op, r.series, l.v, true, e.returnBool, n) };
    }
    throw new QueryError('execution', `binary operator ${e.op} not defined on ${l.kind} and ${r.kind}`);
  }
}

// ---------------------------------------------------------------- helpers

function emptyOf(e: Expr, g: Grid): EvalValue {
  switch (exprType(e)) {
    case 'scalar':
      return { kind: 'scalar', v: new Float64Array(g.n) };
    case 'string':
      return { kind: 'string', s: e.kind === 'StringLiteral' ? e.value : '' };
    case 'matrix':
      return { kind: 'matrix', series: [] };
    default:
      return { kind: 'vector', series: [] };
  }
}

/** The samples of a range selector, extended to the window edges (anchored/smoothed). */
function extendFloats(t: Float64Array, v: Float64Array, mint: number, maxt: number, smoothed: boolean): { t: Float64Array; v: Float64Array } | null {
  let last = t.length - 1;
  let first = 0;
  while (first < last && t[first]! <= mint) first++;
  first = Math.max(0, first - 1);
  if (smoothed) {
    let i = 0;
    while (i < last && t[i]! < maxt) i++;
    last = i;
  }
  if (t[last]! <= mint) return null;
  let left = v[first]!;
  if (smoothed && t[first]! < mint) left = lerp(t[first]!, v[first]!, t[first + 1]!, v[first + 1]!, mint);
  let right = v[last]!;
  if (smoothed && last > 0 && t[last]! > maxt) right = lerp(t[last - 1]!, v[last - 1]!, t[last]!, v[last]!, maxt);
  if (t[first]! <= mint) first++;
  if (t[last]! >= maxt) last--;
  const count = Math.max(last - first + 1, 0);
  const ot = new Float64Array(count + 2);
  const ov = new Float64Array(count + 2);
  ot[0] = mint;
  ov[0] = left;
  for (let i = 0; i < count; i++) {
    ot[i + 1] = t[first + i]!;
    ov[i + 1] = v[first + i]!;
  }
  ot[count + 1] = maxt;
  ov[count + 1] = right;
  return { t: ot, v: ov };
}

function lerp(t1: number, y1: number, t2: number, y2: number, t: number): number {
  return y1 + ((y2 - y1) * (t - t1)) / (t2 - t1);
}


