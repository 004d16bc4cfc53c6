import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { parseExpr, type Call, type Expr } from '../../../../../electron/core/promql/parser/index.js';
import { AnnotationSet } from '../../../../../electron/core/promql/eval/annotations.js';
import { makeGrid, newStepSeries, type EvalValue, type StepSeries } from '../../../../../electron/core/promql/eval/types.js';
import { callFunction } from '../../../../../electron/core/promql/functions/call.js';
import type { FunctionContext, RangeArg } from '../../../../../electron/core/promql/functions/types.js';

/** A context without an evaluator: selectors evaluate to fixed data. */
function fakeContext(vectors: Record<string, StepSeries[]>, ranges: Record<string, RangeArg> = {}): FunctionContext & { held: number } {
  const nameOf = (e: Expr): string => (e.kind === 'VectorSelector' ? e.name : e.kind === 'MatrixSelector' ? e.vectorSelector.name : '');
  return {
    held: 0,
    annotations: new AnnotationSet('q'),
    lookback: 300_000,
    times: { start: 0, end: 0, step: 0 },
    vectorArg: (e) => vectors[nameOf(e)] ?? [],
    scalarArg: (e, g) => new Float64Array(g.n).fill(e.kind === 'NumberLiteral' ? e.value : NaN),
    rangeArg: (e) => ranges[nameOf(e)] ?? { series: [], at: null, offset: 0, rangeMs: 0 },
    selectVector: () => [],
    timing: () => ({ at: null, offset: 0 }),
    selectSeries: () => [],
    check: () => {},
    hold(points) {
      this.held = Math.max(this.held, points);
    },
  };
}

function series(labels: Record<string, string>, values: number[]): StepSeries {
  const s = newStepSeries(Labels.fromObject(labels), values.length);
  values.forEach((v, k) => {
    s.v[k] = v;
    s.has[k] = 1;
  });
  return s;
}

function call(q: string): Call {
  const e = parseExpr(q);
  if (e.kind !== 'Call') throw new Error(`${q} is not a call`);
  return e;
}

function values(v: EvalValue): number[][] {
  if (v.kind !== 'vector') throw new Error(`expected a vector, got ${v.kind}`);
  return v.series.map((s) => Array.from(s.v));
}

describe('callFunction through the implementation table', () => {
  const g = makeGrid(0, 60_000, 30_000);

  it('maps elementwise functions over every present value and drops the name', () => {
    const ctx = fakeContext({ x: [series({ __name__: 'x' }, [-1, 4, -9])] });
    const v = callFunction(ctx, call('abs(x)'), g);
    expect(values(v)).toEqual([[1, 4, 9]]);
    expect(v.kind === 'vector' && v.series[0]!.dropName).toBe(true);
  });

  it('runs special functions against the context alone', () => {
    const ctx = fakeContext({ x: [series({ __name__: 'x' }, [-1, 4, -9])] });
    expect(values(callFunction(ctx, call('clamp(x, -2, 3)'), g))).toEqual([[-1, 3, -2]]);
    expect(values(callFunction(ctx, call('absent(nothing{job="a"})'), g))).toEqual([[1, 1, 1]]);
  });

  it('slides range kernels over the windows of each step and accounts for the points held', () => {
    const t = Float64Array.from([0, 15_000, 30_000, 45_000, 60_000]);
    const v = Float64Array.from([1, 2, 3, 4, 5]);
    const ctx = fakeContext({}, { x: { series: [{ labels: Labels.fromObject({ __name__: 'x' }), dropName: false, t, v, length: 5 }], at: null, offset: 0, rangeMs: 30_000 } });
    // Windows (end-30s, end]: [0] at 0, [15s, 30s] at 30s, [45s, 60s] at 60s.
    expect(values(callFunction(ctx, call('sum_over_time(x[30s])'), g))).toEqual([[1, 5, 9]]);
    expect(values(callFunction(ctx, call('count_over_time(x[30s])'), g))).toEqual([[1, 2, 2]]);
    expect(ctx.held).toBe(3);
  });

  it('warns once for a quantile outside [0, 1], at the quantile argument', () => {
    const t = Float64Array.from([0, 15_000, 30_000]);
    const v = Float64Array.from([1, 2, 3]);
    const ctx = fakeContext({}, { x: { series: [{ labels: Labels.fromObject({ __name__: 'x' }), dropName: false, t, v, length: 3 }], at: null, offset: 0, rangeMs: 60_000 } });
    callFunction(ctx, call('quantile_over_time(2, x[1m])'), g);
    expect([...ctx.annotations.warnings]).toEqual(['PromQL warning: quantile value should be between 0 and 1, got 2 (1:20)']);
  });
});
