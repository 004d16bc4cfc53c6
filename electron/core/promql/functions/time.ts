/**
 * The functions of time: time(), the query's own step(), range(), start() and end(), and
 * the timestamps of samples, timestamp() and start_timestamp().
 */

import type { Call } from '../parser/ast.js';
import { unwrap } from '../eval/args.js';
import type { EvalValue, Grid } from '../eval/types.js';
import { mapSeries } from './elementwise.js';
import type { FunctionContext } from './types.js';

export function time(_ctx: FunctionContext, _e: Call, g: Grid): EvalValue {
  const n = g.n;
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = (g.start + k * g.step) / 1000;
  return { kind: 'scalar', v };
}

/** step(), range(), start() and end(): the query's own times in seconds, at every step. */
export function queryTime(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const t = ctx.times;
  let x: number;
  switch (e.func.name) {
    case 'step':
      x = t.step / 1000;
      break;
    case 'range':
      x = (t.end - t.start) / 1000;
      break;
    case 'start':
      x = t.start / 1000;
      break;
    default:
      x = t.end / 1000;
  }
  return { kind: 'scalar', v: new Float64Array(g.n).fill(x) };
}

/**
 * timestamp(v): of a selector, the times of the samples read (not the steps); of any other
 * expression, the evaluation time of each step.
 */
export function timestamp(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const arg = unwrap(e.args[0]!);
  if (arg.kind === 'VectorSelector') {
    const series = ctx.selectVector(arg, g, true);
    for (const s of series) s.dropName = true;
    return { kind: 'vector', series };
  }
  return { kind: 'vector', series: mapSeries(ctx.vectorArg(e.args[0]!, g), g.n, (_x, k) => (g.start + k * g.step) / 1000) };
}

/** start_timestamp(v): start times exist only on stored samples, so an expression argument has none. */
export function startTimestamp(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const arg = unwrap(e.args[0]!);
  if (arg.kind !== 'VectorSelector') {
    ctx.vectorArg(e.args[0]!, g);
    return { kind: 'vector', series: [] };
  }
  const series = ctx.selectVector(arg, g, 'start');
  for (const s of series) s.dropName = true;
  return { kind: 'vector', series };
}
