/**
 * The implementation of every PromQL function, by name: the run-time twin of the parser's
 * signature list (parser/functions.ts), with exactly the same names (a test checks both
 * directions). Each entry says how its function is evaluated (see types.ts); call.ts
 * dispatches on it.
 */

import type { Call } from '../parser/ast.js';
import { QueryError } from '../value.js';
import { absent, absentOverTime } from './absent.js';
import { scalar, vector } from './conversion.js';
import { dateFunction, dayOfMonth, dayOfWeek, dayOfYear, daysInMonth, hour, minute, month, year } from './date.js';
import { histogramFraction, histogramQuantile } from './histogram.js';
import { info } from './info.js';
import { labelJoin, labelReplace } from './labels.js';
import { clamp, deg, minMaxOf, pi, rad, round, sgn } from './math.js';
import * as overTime from './overTime.js';
import * as rate from './rate.js';
import { checkSmoothingFactors, deriv, doubleExponentialSmoothing, predictLinear } from './regression.js';
import { sort } from './sort.js';
import { queryTime, startTimestamp, time, timestamp } from './time.js';
import type { FunctionImpl } from './types.js';
import { elementwise, rangeFunction, special } from './types.js';

/** Reads native histograms only: float samples give nothing (until Hearth stores histograms). */
const HISTOGRAMS_ONLY = elementwise(null);

export const FUNCTION_TABLE: Readonly<Record<string, FunctionImpl>> = Object.freeze({
  abs: elementwise(Math.abs),
  absent: special(absent),
  absent_over_time: rangeFunction(overTime.presentOverTime, { finish: absentOverTime }),
  acos: elementwise(Math.acos),
  acosh: elementwise(Math.acosh),
  asin: elementwise(Math.asin),
  asinh: elementwise(Math.asinh),
  atan: elementwise(Math.atan),
  atanh: elementwise(Math.atanh),
  avg_over_time: rangeFunction(overTime.avgOverTime),
  ceil: elementwise(Math.ceil),
  changes: rangeFunction(rate.changes, { anchored: true }),
  clamp: special(clamp),
  clamp_max: special(clamp),
  clamp_min: special(clamp),
  cos: elementwise(Math.cos),
  cosh: elementwise(Math.cosh),
  count_over_time: rangeFunction(overTime.countOverTime, { fast: overTime.foldSeries('count') }),
  day_of_month: dateFunction(dayOfMonth),
  day_of_week: dateFunction(dayOfWeek),
  day_of_year: dateFunction(dayOfYear),
  days_in_month: dateFunction(daysInMonth),
  deg: elementwise(deg),
  delta: rangeFunction(rate.delta, { fast: rate.rateSeries(false, false), anchored: true, smoothed: true }),
  deriv: rangeFunction(deriv),
  double_exponential_smoothing: rangeFunction(doubleExponentialSmoothing, { checkParams: checkSmoothingFactors }),
  end: special(queryTime),
  exp: elementwise(Math.exp),
  first_over_time: rangeFunction(overTime.firstOverTime, { fast: overTime.foldSeries('first'), keepsName: true }),
  floor: elementwise(Math.floor),
  histogram_avg: HISTOGRAMS_ONLY,
  histogram_count: HISTOGRAMS_ONLY,
  histogram_fraction: special(histogramFraction),
  histogram_quantile: special(histogramQuantile),
  histogram_quantiles: special(histogramQuantile),
  histogram_stddev: HISTOGRAMS_ONLY,
  histogram_stdvar: HISTOGRAMS_ONLY,
  histogram_sum: HISTOGRAMS_ONLY,
  hour: dateFunction(hour),
  idelta: rangeFunction(rate.idelta),
  increase: rangeFunction(rate.increase, { fast: rate.rateSeries(true, false), anchored: true, smoothed: true, counter: true }),
  info: special(info),
  integral: special(notOverRangeVectors),
  irate: rangeFunction(rate.irate),
  label_join: special(labelJoin),
  label_replace: special(labelReplace),
  last_over_time: rangeFunction(overTime.lastOverTime, { fast: overTime.foldSeries('last'), keepsName: true }),
  ln: elementwise(Math.log),
  log10: elementwise(Math.log10),
  log2: elementwise(Math.log2),
  mad_over_time: rangeFunction(overTime.madOverTime, { scratch: true }),
  max_of: special(minMaxOf),
  max_over_time: rangeFunction(overTime.maxOverTime, { fast: overTime.foldSeries('max') }),
  min_of: special(minMaxOf),
  min_over_time: rangeFunction(overTime.minOverTime, { fast: overTime.foldSeries('min') }),
  minute: dateFunction(minute),
  month: dateFunction(month),
  pi: special(pi),
  predict_linear: rangeFunction(predictLinear),
  present_over_time: rangeFunction(overTime.presentOverTime),
  quantile_over_time: rangeFunction(overTime.quantileOverTime, { scratch: true, checkParams: overTime.quantileWarning }),
  rad: elementwise(rad),
  range: special(queryTime),
  rate: rangeFunction(rate.rate, { fast: rate.rateSeries(true, true), anchored: true, smoothed: true, counter: true }),
  resets: rangeFunction(rate.resets, { anchored: true }),
  round: special(round),
  scalar: special(scalar),
  sgn: elementwise(sgn),
  sin: elementwise(Math.sin),
  sinh: elementwise(Math.sinh),
  sort: special(sort),
  sort_by_label: special(sort),
  sort_by_label_desc: special(sort),
  sort_desc: special(sort),
  sqrt: elementwise(Math.sqrt),
  start: special(queryTime),
  start_timestamp: special(startTimestamp),
  stddev_over_time: rangeFunction(overTime.stddevOverTime),
  stdvar_over_time: rangeFunction(overTime.stdvarOverTime),
  step: special(queryTime),
  sum_over_time: rangeFunction(overTime.sumOverTime, { fast: overTime.foldSeries('sum') }),
  tan: elementwise(Math.tan),
  tanh: elementwise(Math.tanh),
  time: special(time),
  timestamp: special(timestamp),
  ts_of_first_over_time: rangeFunction(overTime.tsOfFirstOverTime),
  ts_of_last_over_time: rangeFunction(overTime.tsOfLastOverTime),
  ts_of_max_over_time: rangeFunction(overTime.tsOfMaxOverTime),
  ts_of_min_over_time: rangeFunction(overTime.tsOfMinOverTime),
  vector: special(vector),
  year: dateFunction(year),
});

/** integral() parses (an experimental signature Prometheus lists) but has no implementation. */
function notOverRangeVectors(_ctx: unknown, e: Call): never {
  throw new QueryError('execution', `function ${e.func.name} is not supported over a range vector`);
}

/** The implementation of `name`; a name without one is an execution error. */
export function implementationOf(name: string): FunctionImpl {
  const f = Object.prototype.hasOwnProperty.call(FUNCTION_TABLE, name) ? FUNCTION_TABLE[name] : undefined;
  if (!f) throw new QueryError('execution', `function ${name} is not implemented`);
  return f;
}
