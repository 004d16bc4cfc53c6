/**
 * absent(v) and absent_over_time(r): one series, valued 1, at the steps where the argument
 * has none, labelled from the argument's equality matchers.
 */

import { Labels, LabelsBuilder, METRIC_NAME } from '../../model/labels.js';
import type { Call, Expr } from '../parser/ast.js';
import { unwrap } from '../eval/args.js';
import type { EvalValue, Grid, StepSeries } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import type { FunctionContext } from './types.js';

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

function absentFrom(series: StepSeries[], labels: Labels, n: number, dropName: boolean): StepSeries[] {
  const o = newStepSeries(labels, n, dropName);
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
  return any ? [o] : [];
}

export function absent(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const series = ctx.vectorArg(e.args[0]!, g);
  return { kind: 'vector', series: absentFrom(series, absentLabels(unwrap(e.args[0]!)), g.n, false) };
}

/** absent_over_time's finish: its kernel is present_over_time's, so series have values where the argument has samples. */
export function absentOverTime(e: Call, series: StepSeries[], n: number): StepSeries[] {
  return absentFrom(series, absentLabels(unwrap(e.args[0]!)), n, true);
}
