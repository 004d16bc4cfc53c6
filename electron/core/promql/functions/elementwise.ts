/**
 * The driver of the elementwise functions (abs, ln, the date parts, …): a mapping applied
 * to every present value of an instant vector, series by series.
 */

import type { Call } from '../parser/ast.js';
import type { EvalValue, Grid, StepSeries } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import type { ElementwiseFunction, FunctionContext } from './types.js';

/** Applies f (given the value and the step) to every present value; the results drop the metric name. */
export function mapSeries(series: StepSeries[], n: number, f: (x: number, k: number) => number): StepSeries[] {
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

export function evalElementwise(ctx: FunctionContext, e: Call, g: Grid, f: ElementwiseFunction): EvalValue {
  const series = ctx.vectorArg(e.args[0]!, g);
  const float = f.float;
  if (float === null) return { kind: 'vector', series: [] };
  return { kind: 'vector', series: mapSeries(series, g.n, (x) => float(x)) };
}
