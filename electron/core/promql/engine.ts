/**
 * The PromQL engine: parses a query, plans it, evaluates it against a Queryable with
 * Prometheus 3.x semantics, and enforces the limits that keep the app alive (timeout,
 * maximum samples, cancellation). Evaluation is synchronous; callers run it in a worker
 * thread and cancel through `signal`, which the evaluator polls inside its loops.
 */

import { Labels, compareLabels } from '../model/labels.js';
import type { Queryable } from '../storage/interface.js';
import type { Expr } from './parser/ast.js';
import { documentedType, exprType, walk } from './parser/ast.js';
import { parseExpr, type ParseOptions } from './parser/index.js';
import { AnnotationSet } from './eval/annotations.js';
import { Evaluator } from './eval/evaluator.js';
import { dropNames } from './eval/names.js';
import { Plan } from './eval/plan.js';
import type { EvalValue, Grid, OrderedVector, StepSeries } from './eval/types.js';
import { makeGrid, setInterruptCheck, setPointLimit } from './eval/types.js';
import { QueryError, type MatrixSeries, type QueryResult, type Value, type VectorSample } from './value.js';

export interface EngineOptions {
  /** How far back an instant selector looks for a sample; default 300_000 (5m). */
  lookbackDeltaMs?: number;
  /** Default 120_000 (Prometheus's --query.timeout 2m). */
  timeoutMs?: number;
  /** Default 50_000_000 (--query.max-samples). */
  maxSamples?: number;
  /** Experimental functions and syntax; default true. The parser decides what it accepts. */
  enableExperimental?: boolean;
  /** Subquery step when `[range:]` omits it; default 60_000 (the default evaluation interval). */
  defaultSubqueryStepMs?: number;
  /**
   * Keep __name__ until the end of evaluation (Prometheus's experimental
   * promql-delayed-name-removal). Default false, as in Prometheus; the conformance runner turns it on.
   */
  delayedNameRemoval?: boolean;
}

export interface QueryOptions {
  lookbackDeltaMs?: number;
  signal?: { readonly aborted: boolean };
}

/** Prometheus's API limit on points per series of a range query. */
const MAX_POINTS = 11_000;

const SORT_FUNCS = new Set(['sort', 'sort_desc', 'sort_by_label', 'sort_by_label_desc']);

export class Engine {
  private readonly lookback: number;
  private readonly timeoutMs: number;
  private readonly maxSamples: number;
  private readonly subqueryStep: number;
  private readonly delayedNameRemoval: boolean;
  private readonly parseOptions: ParseOptions;

  constructor(opts: EngineOptions = {}) {
    const x = opts.enableExperimental ?? true;
    this.parseOptions = { experimentalFunctions: x, durationExpressions: x, extendedRangeSelectors: x, binopFillModifiers: x };
    this.lookback = opts.lookbackDeltaMs ?? 300_000;
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.maxSamples = opts.maxSamples ?? 50_000_000;
    this.subqueryStep = opts.defaultSubqueryStepMs ?? 60_000;
    this.delayedNameRemoval = opts.delayedNameRemoval ?? false;
  }

  instantQuery(q: Queryable, query: string, timeMs: number, opts: QueryOptions = {}): QueryResult {
    const expr = parse(query, this.parseOptions);
    return this.exec(q, query, expr, timeMs, timeMs, 0, opts);
  }

  rangeQuery(q: Queryable, query: string, startMs: number, endMs: number, stepMs: number, opts: QueryOptions = {}): QueryResult {
    if (!(stepMs > 0)) throw new QueryError('bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (endMs < startMs) throw new QueryError('bad_data', 'end timestamp must not be before start time');
    if ((endMs - startMs) / stepMs > MAX_POINTS) {
      throw new QueryError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    const expr = parse(query, this.parseOptions);
    const t = exprType(expr);
    if (t !== 'vector' && t !== 'scalar') {
      throw new QueryError('bad_data', `invalid expression type "${documentedType(t)}" for range query, must be Scalar or instant Vector`);
    }
    return this.exec(q, query, expr, startMs, endMs, stepMs, opts);
  }

  /**
   * Evaluates an already parsed expression at one time; `query` is the text the positions in
   * `expr` refer to (for annotations). Used by the test runner for its @-variants.
   */
  instantQueryExpr(q: Queryable, expr: Expr, query: string, timeMs: number, opts: QueryOptions = {}): QueryResult {
    return this.exec(q, query, expr, timeMs, timeMs, 0, opts);
  }

  /** rangeQuery for an already parsed expression (see instantQueryExpr). */
  rangeQueryExpr(q: Queryable, expr: Expr, query: string, startMs: number, endMs: number, stepMs: number, opts: QueryOptions = {}): QueryResult {
    if (!(stepMs > 0)) throw new QueryError('bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    return this.exec(q, query, expr, startMs, endMs, stepMs, opts);
  }

  private exec(q: Queryable, query: string, expr: Expr, start: number, end: number, step: number, opts: QueryOptions): QueryResult {
    const began = performance.now();
    const lookback = opts.lookbackDeltaMs && opts.lookbackDeltaMs > 0 ? opts.lookbackDeltaMs : this.lookback;
    const deadline = Date.now() + this.timeoutMs;
    if (opts.signal?.aborted) throw new QueryError('canceled', 'query was canceled in query execution');
    const plan = new Plan(expr, { start, end, step, lookback, defaultSubqueryStep: this.subqueryStep });
    const annotations = new AnnotationSet(query);
    if (step > 0) {
      walk(expr, (n) => {
        if (n.kind === 'Call' && SORT_FUNCS.has(n.func.name)) {
          annotations.warn('sort is ineffective for range queries since results are always ordered by labels', n.pos);
        }
      });
    }
    let mint = start - lookback;
    let maxt = end;
    for (const p of plan.selectors.values()) {
      if (p.mint < mint) mint = p.mint;
      if (p.maxt > maxt) maxt = p.maxt;
    }
    const querier = q.querier(mint, maxt);
    try {
      const ev = new Evaluator({ querier, plan, lookback, maxSamples: this.maxSamples, deadline, signal: opts.signal, annotations, delayedNameRemoval: this.delayedNameRemoval });
      const grid = step > 0 ? makeGrid(start, end, step) : makeGrid(start, start, 1);
      let value: EvalValue;
      try {
        value = ev.eval(expr, grid);
      } catch (e) {
        throw asQueryError(e);
      }
      const result = step > 0 ? toRangeValue(value, grid) : toInstantValue(value, start);
      return {
        value: result,
        annotations: { warnings: [...annotations.warnings], infos: [...annotations.infos] },
        stats: { samplesLoaded: ev.samplesLoaded, evalMs: performance.now() - began },
      };
    } finally {
      setInterruptCheck(() => {});
      setPointLimit(() => {});
      querier.close();
    }
  }
}

function parse(query: string, opts: ParseOptions): Expr {
  try {
    return parseExpr(query, opts);
  } catch (e) {
    if (e instanceof QueryError) throw e;
    throw new QueryError('bad_data', e instanceof Error ? e.message : String(e));
  }
}

function asQueryError(e: unknown): QueryError {
  if (e instanceof QueryError) return e;
  if (e instanceof RangeError) return new QueryError('execution', `query processing ran out of resources: ${e.message}`);
  return new QueryError('internal', `unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}

/** Delayed name removal: drops the metadata labels of flagged series, then merges equal label sets. */
function cleanup(series: StepSeries[], n: number): StepSeries[] {
  return dropNames(series, n);
}

function toInstantValue(v: EvalValue, t: number): Value {
  switch (v.kind) {
    case 'scalar':
      return { type: 'scalar', t, v: v.v[0]! };
    case 'string':
      return { type: 'string', t, v: v.s };
    case 'matrix': {
      const series: MatrixSeries[] = v.series.map((s) => ({ labels: s.labels, t: s.t, v: s.v, length: s.length }));
      series.sort((a, b) => compareLabels(a.labels, b.labels));
      return { type: 'matrix', series };
    }
    case 'vector': {
      const list = cleanup(v.series, 1);
      const samples: VectorSample[] = [];
      for (const s of list) if (s.has[0] !== 0) samples.push({ labels: s.labels, t, v: s.v[0]! });
      if (!(v as OrderedVector).ordered) samples.sort((a, b) => compareLabels(a.labels, b.labels));
      return { type: 'vector', samples };
    }
  }
}

function toRangeValue(v: EvalValue, g: Grid): Value {
  let list: StepSeries[];
  if (v.kind === 'scalar') {
    const s: StepSeries = { labels: Labels.EMPTY, dropName: false, v: v.v, has: new Uint8Array(g.n).fill(1) };
    list = [s];
  } else if (v.kind === 'vector') {
    list = cleanup(v.series, g.n);
  } else {
    throw new QueryError('bad_data', `invalid expression type "${v.kind}" for range query, must be Scalar or instant Vector`);
  }
  const series: MatrixSeries[] = [];
  for (const s of list) {
    let c = 0;
    for (let k = 0; k < g.n; k++) c += s.has[k]!;
    if (c === 0) continue;
    const t = new Float64Array(c);
    const vv = new Float64Array(c);
    let j = 0;
    for (let k = 0; k < g.n; k++) {
      if (s.has[k] === 0) continue;
      t[j] = g.start + k * g.step;
      vv[j] = s.v[k]!;
      j++;
    }
    series.push({ labels: s.labels, t, v: vv, length: c });
  }
  series.sort((a, b) => compareLabels(a.labels, b.labels));
  return { type: 'matrix', series };
}
