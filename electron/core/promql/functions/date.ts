/**
 * The date functions (day_of_month, hour, year, …): parts of a Unix time in seconds, in
 * UTC, of each sample's value, or of the evaluation time when called without arguments.
 */

import { Labels } from '../../model/labels.js';
import type { Call } from '../parser/ast.js';
import type { EvalValue, Grid } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import { mapSeries } from './elementwise.js';
import type { FunctionContext, SpecialFunction } from './types.js';
import { special } from './types.js';

/** Date parts of a time, in UTC (Go's time.Unix(int64(v), 0).UTC()). */
export type DatePart = (d: Date) => number;

export const daysInMonth: DatePart = (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
export const dayOfMonth: DatePart = (d) => d.getUTCDate();
export const dayOfWeek: DatePart = (d) => d.getUTCDay();
export const dayOfYear: DatePart = (d) => {
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - start) / 86_400_000) + 1;
};
export const hour: DatePart = (d) => d.getUTCHours();
export const minute: DatePart = (d) => d.getUTCMinutes();
export const month: DatePart = (d) => d.getUTCMonth() + 1;
export const year: DatePart = (d) => d.getUTCFullYear();

/** Go's int64(f) for the conversion of a float to whole seconds: truncation toward zero. */
export function dateOf(seconds: number): Date {
  return new Date(Math.trunc(seconds) * 1000);
}

/** A date function: `date` of each value, or of the evaluation time without an argument. */
export function dateFunction(date: DatePart): SpecialFunction {
  return special((ctx: FunctionContext, e: Call, g: Grid): EvalValue => {
    const n = g.n;
    if (e.args.length === 0) {
      const o = newStepSeries(Labels.EMPTY, n);
      for (let k = 0; k < n; k++) {
        o.v[k] = date(dateOf((g.start + k * g.step) / 1000));
        o.has[k] = 1;
      }
      return { kind: 'vector', series: [o] };
    }
    return { kind: 'vector', series: mapSeries(ctx.vectorArg(e.args[0]!, g), n, (x) => date(dateOf(x))) };
  });
}
