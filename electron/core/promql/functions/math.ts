/**
 * Arithmetic over instant vectors and scalars: the float mappings of the elementwise
 * functions that Math lacks (rad, deg, sgn), clamp, round, min_of/max_of, pi, and the
 * numeric helpers with Go semantics that PromQL results depend on.
 */

import type { Call } from '../parser/ast.js';
import type { EvalValue, Grid, StepSeries } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import { mapSeries } from './elementwise.js';
import type { FunctionContext } from './types.js';

/** Go's math.Pow, which differs from JS ** for a few special cases (1^NaN, (-1)^±Inf). */
export function goPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

export function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

export const rad = (v: number): number => (v * Math.PI) / 180;
export const deg = (v: number): number => (v * 180) / Math.PI;

/** round(x, toNearest): ties round up, as Prometheus does. */
export function roundTo(x: number, toNearest: number): number {
  const inv = 1 / toNearest;
  return Math.floor(x * inv + 0.5) / inv;
}

export function round(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const series = ctx.vectorArg(e.args[0]!, g);
  const to = e.args.length > 1 ? ctx.scalarArg(e.args[1]!, g) : null;
  return { kind: 'vector', series: mapSeries(series, g.n, (x, k) => roundTo(x, to ? to[k]! : 1)) };
}

/** clamp(v, min, max), clamp_min(v, min) and clamp_max(v, max): steps with max < min give nothing. */
export function clamp(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const name = e.func.name;
  const n = g.n;
  const series = ctx.vectorArg(e.args[0]!, g);
  const mins = name === 'clamp_max' ? null : ctx.scalarArg(e.args[1]!, g);
  const maxs = name === 'clamp' ? ctx.scalarArg(e.args[2]!, g) : name === 'clamp_max' ? ctx.scalarArg(e.args[1]!, g) : null;
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

/** min_of(a, b) and max_of(a, b) over scalars. */
export function minMaxOf(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const n = g.n;
  const min = e.func.name === 'min_of';
  const a = ctx.scalarArg(e.args[0]!, g);
  const b = ctx.scalarArg(e.args[1]!, g);
  const v = new Float64Array(n);
  for (let k = 0; k < n; k++) v[k] = min ? Math.min(a[k]!, b[k]!) : Math.max(a[k]!, b[k]!);
  return { kind: 'scalar', v };
}

export function pi(_ctx: FunctionContext, _e: Call, g: Grid): EvalValue {
  return { kind: 'scalar', v: new Float64Array(g.n).fill(Math.PI) };
}
