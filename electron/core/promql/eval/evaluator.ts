/**
 * The evaluator: walks the AST once per node and evaluates each node for all steps of a
 * grid at once, over columnar series (see types.ts). Storage is read once per selector for
 * the whole query range. Timeouts, cancellation and the sample limit are checked inside the
 * per-series loops.
 */

import { Labels, LabelsBuilder, METRIC_NAME, compareLabels } from '../../model/labels.js';
import type { Querier, Series } from '../../storage/interface.js';
import type { AggregateExpr, BinaryExpr, Call, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/ast.js';
import { exprType } from '../parser/ast.js';
import { isValidUtf8 } from '../parser/index.js';
import { goQuote as goQuoteLiteral } from '../parser/quote.js';
import { QueryError } from '../value.js';
import { ANCHORED_SAFE, KEEPS_NAME, RANGE_KERNELS, SERIES_KERNELS, SMOOTHED_SAFE, type WindowCtx } from '../functions/rangeFns.js';
import { DATE_FNS, SIMPLE_FNS, dateOf, natLess, roundTo } from '../functions/instantFns.js';
import { AnnotationSet, goFloat, goQuote } from './annotations.js';
import { aggregate, aggregateK, checkK, countValues } from './aggregate.js';
import { METADATA_LABELS, scalarBinop, setOperation, vectorBinop, vectorScalar } from './binary.js';
import { histogramFraction, histogramQuantile } from './histogram.js';
import { dropNames, labelJoin, labelReplace } from './labelFns.js';
import { evalInfo } from './info.js';
import type { Plan } from './plan.js';
import { selectInstant, selectSmoothed, withoutStale, type SelectMode } from './selectors.js';
import type { EvalValue, Grid, RangeSeries, StepSeries } from './types.js';
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

/** An instant vector whose order matters (sort, topk at the top of an instant query). */
export interface OrderedVector {
  readonly kind: 'vector';
  readonly series: StepSeries[];
  readonly ordered?: boolean;
}

export class Evaluator {
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
        return this.evalCall(e, g);
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

  // ---------------------------------------------------------------- functions

  private evalCall(e: Call, g: Grid): EvalValue {
    const name = e.func.name;
    if (name === 'timestamp') {
      const arg = unwrap(e.args[0]!);
      if (arg.kind === 'VectorSelector') {
        const series = this.selectVector(arg, g, true);
        for (const s of series) s.dropName = true;
        return { kind: 'vector', series };
      }
    }
    if (name === 'start_timestamp') {
      // Start times exist only on stored samples: an expression argument has none.
      const arg = unwrap(e.args[0]!);
      if (arg.kind !== 'VectorSelector') {
        this.vectorArg(e.args[0]!, g);
        return { kind: 'vector', series: [] };
      }
      const series = this.selectVector(arg, g, 'start');
      for (const s of series) s.dropName = true;
      return { kind: 'vector', series };
    }
    if (name === 'label_replace') return { kind: 'vector', series: labelReplace(this, e, g) };
    if (name === 'label_join') return { kind: 'vector', series: labelJoin(this, e, g) };
    if (name === 'info') return { kind: 'vector', series: evalInfo(this, e, g) };
    for (let i = 0; i < e.args.length; i++) {
      const a = unwrap(e.args[i]!);
      if (a.kind === 'MatrixSelector' || a.kind === 'SubqueryExpr') return this.evalRangeCall(e, i, a, g);
    }
    return this.evalInstantCall(e, g);
  }

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

  private evalRangeCall(e: Call, idx: number, arg: MatrixSelector | SubqueryExpr, g: Grid): EvalValue {
    const name = e.func.name;
    const kernel = RANGE_KERNELS[name];
    if (!kernel) throw new QueryError('execution', `function ${name} is not supported over a range vector`);
    const params: Float64Array[] = [];
    for (let i = 0; i < e.args.length; i++) if (i !== idx) params.push(this.scalarArg(e.args[i]!, g));
    const plan = this.o.plan;
    let series: RangeSeries[];
    let offset: number;
    let at: number | null;
    let range: number;
    let anchored = false;
    let smoothed = false;
    if (arg.kind === 'MatrixSelector') {
      const vs = arg.vectorSelector;
      anchored = vs.anchored;
      smoothed = vs.smoothed;
      if (anchored && !ANCHORED_SAFE.includes(name)) {
        throw new QueryError('execution', `anchored modifier can only be used with: ${ANCHORED_SAFE.join(', ')} - not with ${name}`);
      }
      if (smoothed && !SMOOTHED_SAFE.includes(name)) {
        throw new QueryError('execution', `smoothed modifier can only be used with: ${SMOOTHED_SAFE.join(', ')} - not with ${name}`);
      }
      const p = plan.selector(vs);
      offset = p.offset;
      at = p.at;
      range = plan.range(arg);
      series = this.seriesOf(vs).map((s) => withoutStale(s.labels, s.samples));
    } else {
      const p = plan.subquery(arg);
      offset = p.offset;
      at = p.at;
      range = p.range;
      series = this.evalSubquery(arg, g).series;
    }
    const lb = this.o.lookback;
    const extraL = anchored || smoothed ? lb : 0;
    const extraR = smoothed ? lb : 0;
    const dropName = !KEEPS_NAME.has(name);
    const n = g.n;
    const ctx: WindowCtx = {
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
    const needsScratch = name === 'quantile_over_time' || name === 'mad_over_time';
    const isDES = name === 'double_exponential_smoothing' || name === 'holt_winters';
    const out: StepSeries[] = [];
    let counterInfo = name === 'rate' || name === 'increase';
    let quantileWarned = false;
    let points = 0;
    const fastKernel = anchored || smoothed ? undefined : SERIES_KERNELS[name];
    const los = new Int32Array(n);
    const his = new Int32Array(n);
    const end0 = (at ?? g.start) - offset;
    const endStep = at === null ? g.step : 0;
    for (const r of series) {
      this.check();
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
      const fast = r.st ? undefined : fastKernel;
      if (fast) {
        any = fast(t, r.v, len, los, his, n, end0, endStep, range, o.v, o.has);
      } else {
        if (needsScratch && ctx.scratch.length < len) ctx.scratch = new Float64Array(len);
        ctx.t = t;
        ctx.v = r.v;
        ctx.st = r.st ?? null;
        ctx.stOverlap = false;
        for (let k = 0; k < n; k++) {
          lo = los[k]!;
          hi = his[k]!;
          if (hi <= lo) continue;
          const ref = end0 + k * endStep;
          ctx.lo = lo;
          ctx.hi = hi;
          ctx.ts = g.start + k * g.step;
          ctx.rangeStart = ref - range;
          ctx.rangeEnd = ref;
          ctx.p0 = p0 ? p0[k]! : NaN;
          ctx.p1 = p1 ? p1[k]! : NaN;
          ctx.ok = true;
          if (isDES) checkSmoothingFactors(ctx.p0, ctx.p1);
          if (name === 'quantile_over_time' && !quantileWarned && !(ctx.p0 >= 0 && ctx.p0 <= 1)) {
            quantileWarned = true;
            this.annotations.warn(`quantile value should be between 0 and 1, got ${goFloat(ctx.p0)}`, e.args[0]!.pos);
          }
          const val = kernel(ctx);
          if (!ctx.ok) continue;
          o.v[k] = val;
          o.has[k] = 1;
          any = true;
        }
        if (ctx.stOverlap && !overlapWarned) {
          overlapWarned = true;
          this.annotations.warn(
            `sample has start time that overlaps with previous sample timestamp for metric ${goQuote(r.labels.get(METRIC_NAME))}`,
            e.args[idx]!.pos,
          );
        }
      }
      if (!any) continue;
      out.push(o);
      points += n;
      this.hold(points);
      if (counterInfo) {
        const mn = r.labels.get(METRIC_NAME);
        if (mn !== '' && !/(_total|_sum|_count|_bucket)$/.test(mn)) {
          this.annotations.info(`metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${goQuote(mn)}`, e.args[idx]!.pos);
          counterInfo = false;
        }
      }
    }
    this.hold(points);
    if (name === 'absent_over_time') {
      const o = newStepSeries(absentLabels(unwrap(e.args[0]!)), n, dropName);
      let any = false;
      for (let k = 0; k < n; k++) {
        let present = false;
        for (const s of out) if (s.has[k] !== 0) present = true;
        if (!present) {
          o.v[k] = 1;
          o.has[k] = 1;
          any = true;
        }
      }
      return { kind: 'vector', series: any ? [o] : [] };
    }
    return { kind: 'vector', series: out };
  }

  private evalInstantCall(e: Call, g: Grid): EvalValue {
    const name = e.func.name;
    const n = g.n;
    const args = e.args;
    const simple = SIMPLE_FNS[name];
    if (simple) return { kind: 'vector', series: mapSeries(this.vectorArg(args[0]!, g), n, (x) => simple(x)) };
    const date = DATE_FNS[name];
    if (date) {
      if (args.length === 0) {
        const o = newStepSeries(Labels.EMPTY, n);
        for (let k = 0; k < n; k++) {
          o.v[k] = date(dateOf((g.start + k * g.step) / 1000));
          o.has[k] = 1;
        }
        return { kind: 'vector', series: [o] };
      }
      return { kind: 'vector', series: mapSeries(this.vectorArg(args[0]!, g), n, (x) => date(dateOf(x))) };
    }
    const t = this.o.plan.times;
    switch (name) {
      case 'time': {
        const v = new Float64Array(n);
        for (let k = 0; k < n; k++) v[k] = (g.start + k * g.step) / 1000;
        return { kind: 'scalar', v };
      }
      case 'pi':
        return { kind: 'scalar', v: new Float64Array(n).fill(Math.PI) };
      case 'step':
        return { kind: 'scalar', v: new Float64Array(n).fill(t.step / 1000) };
      case 'range':
        return { kind: 'scalar', v: new Float64Array(n).fill((t.end - t.start) / 1000) };
      case 'start':
        return { kind: 'scalar', v: new Float64Array(n).fill(t.start / 1000) };
      case 'end':
        return { kind: 'scalar', v: new Float64Array(n).fill(t.end / 1000) };
      case 'min_of':
      case 'max_of': {
        const a = this.scalarArg(args[0]!, g);
        const b = this.scalarArg(args[1]!, g);
        const v = new Float64Array(n);
        for (let k = 0; k < n; k++) v[k] = name === 'min_of' ? Math.min(a[k]!, b[k]!) : Math.max(a[k]!, b[k]!);
        return { kind: 'scalar', v };
      }
      case 'vector': {
        const s = this.scalarArg(args[0]!, g);
        const o = newStepSeries(Labels.EMPTY, n);
        o.v.set(s);
        o.has.fill(1);
        return { kind: 'vector', series: [o] };
      }
      case 'scalar': {
        const series = this.vectorArg(args[0]!, g);
        const v = new Float64Array(n).fill(NaN);
        for (let k = 0; k < n; k++) {
          let found = -1;
          for (let i = 0; i < series.length; i++) {
            if (series[i]!.has[k] === 0) continue;
            if (found >= 0) {
              found = -2;
              break;
            }
            found = i;
          }
          if (found >= 0) v[k] = series[found]!.v[k]!;
        }
        return { kind: 'scalar', v };
      }
      case 'timestamp':
        return {
          kind: 'vector',
          series: mapSeriesIdx(this.vectorArg(args[0]!, g), n, (_x, k) => (g.start + k * g.step) / 1000),
        };
      case 'clamp':
      case 'clamp_min':
      case 'clamp_max': {
        const series = this.vectorArg(args[0]!, g);
        const mins = name === 'clamp_max' ? null : this.scalarArg(args[1]!, g);
        const maxs = name === 'clamp' ? this.scalarArg(args[2]!, g) : name === 'clamp_max' ? this.scalarArg(args[1]!, g) : null;
        const out: StepSeries[] = [];
        for (const s of series) {
          const o = newStepSeries(s.labels, n, true);
          let any = false;
          for (let k = 0; k < n; k++) {
            if (s.has[k] === 0) continue;
            const lo = mins ? mins[k]! : -Infinity;
            const hi = maxs ? maxs[k]! : Infinity;
            if (hi < lo) continue;
            o.v[k] = Math.max(lo, Math.min(hi, s.v[k]!));
            o.has[k] = 1;
            any = true;
          }
          if (any) out.push(o);
        }
        return { kind: 'vector', series: out };
      }
      case 'round': {
        const series = this.vectorArg(args[0]!, g);
        const to = args.length > 1 ? this.scalarArg(args[1]!, g) : null;
        return { kind: 'vector', series: mapSeriesIdx(series, n, (x, k) => roundTo(x, to ? to[k]! : 1)) };
      }
      case 'absent': {
        const series = this.vectorArg(args[0]!, g);
        const o = newStepSeries(absentLabels(unwrap(args[0]!)), n);
        let any = false;
        for (let k = 0; k < n; k++) {
          let present = false;
          for (const s of series) if (s.has[k] !== 0) present = true;
          if (!present) {
            o.v[k] = 1;
            o.has[k] = 1;
            any = true;
          }
        }
        return { kind: 'vector', series: any ? [o] : [] };
      }
      case 'sort':
      case 'sort_desc':
      case 'sort_by_label':
      case 'sort_by_label_desc': {
        const series = this.vectorArg(args[0]!, g);
        if (n !== 1) return { kind: 'vector', series };
        const labels = args.slice(1).map((a) => stringOf(a));
        const sorted = sortSeries(name, series, labels);
        return { kind: 'vector', series: sorted, ordered: true } as OrderedVector;
      }
      case 'histogram_quantile':
      case 'histogram_quantiles':
      case 'histogram_fraction':
        return { kind: 'vector', series: name === 'histogram_fraction' ? histogramFraction(this, e, g) : histogramQuantile(this, e, g) };
      case 'histogram_count':
      case 'histogram_sum':
      case 'histogram_avg':
      case 'histogram_stddev':
      case 'histogram_stdvar':
        // These read native histograms only; float samples are ignored.
        this.vectorArg(args[0]!, g);
        return { kind: 'vector', series: [] };
      default:
        throw new QueryError('execution', `function ${name} is not implemented`);
    }
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

export function unwrap(e: Expr): Expr {
  while (e.kind === 'ParenExpr' || e.kind === 'StepInvariantExpr') e = e.expr;
  return e;
}

export function stringOf(e: Expr): string {
  const u = unwrap(e);
  if (u.kind !== 'StringLiteral') throw new QueryError('execution', 'expected a string literal');
  return u.value;
}

function checkSmoothingFactors(sf: number, tf: number): void {
  if (!(sf > 0 && sf < 1)) throw new QueryError('execution', `invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
  if (!(tf > 0 && tf < 1)) throw new QueryError('execution', `invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
}

/** Applies f to every present value; the results drop the metric name. */
function mapSeries(series: StepSeries[], n: number, f: (x: number) => number): StepSeries[] {
  return mapSeriesIdx(series, n, (x) => f(x));
}

function mapSeriesIdx(series: StepSeries[], n: number, f: (x: number, k: number) => number): StepSeries[] {
  const out: StepSeries[] = [];
  for (const s of series) {
    const o = newStepSeries(s.labels, n, true);
    for (let k = 0; k < n; k++) {
      if (s.has[k] === 0) continue;
      o.v[k] = f(s.v[k]!, k);
      o.has[k] = 1;
    }
    out.push(o);
  }
  return out;
}

/** The labels absent() and absent_over_time() give their output: the equality matchers. */
export function absentLabels(e: Expr): Labels {
  let ms;
  if (e.kind === 'VectorSelector') ms = e.matchers;
  else if (e.kind === 'MatrixSelector') ms = e.vectorSelector.matchers;
  else return Labels.EMPTY;
  const b = new LabelsBuilder();
  const has = new Set<string>();
  for (const m of ms) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !has.has(m.name)) {
      b.set(m.name, m.value);
      has.add(m.name);
    } else {
      b.del(m.name);
    }
  }
  return b.labels();
}

function sortSeries(name: string, series: StepSeries[], labels: string[]): StepSeries[] {
  const list = series.slice();
  if (name === 'sort' || name === 'sort_desc') {
    const desc = name === 'sort_desc';
    list.sort((a, b) => {
      const x = a.v[0]!;
      const y = b.v[0]!;
      if (x !== x) return y !== y ? 0 : 1;
      if (y !== y) return -1;
      return desc ? y - x : x - y;
    });
    return list;
  }
  const desc = name === 'sort_by_label_desc';
  list.sort((a, b) => {
    for (const l of labels) {
      const x = a.labels.get(l);
      const y = b.labels.get(l);
      if (x === y) continue;
      const less = natLess(x, y);
      return desc ? (less ? 1 : -1) : less ? -1 : 1;
    }
    const c = compareLabels(a.labels, b.labels);
    return desc ? -c : c;
  });
  return list;
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


