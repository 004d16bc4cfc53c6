/** vector(s) and scalar(v): the conversions between scalars and instant vectors. */

import { Labels } from '../../model/labels.js';
import type { Call } from '../parser/ast.js';
import type { EvalValue, Grid } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import type { FunctionContext } from './types.js';

export function vector(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const s = ctx.scalarArg(e.args[0]!, g);
  const o = newStepSeries(Labels.EMPTY, g.n);
  o.v.set(s);
  o.has.fill(1);
  return { kind: 'vector', series: [o] };
}

/** The value of the only series present at a step; NaN with none or more than one. */
export function scalar(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const n = g.n;
  const series = ctx.vectorArg(e.args[0]!, g);
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
