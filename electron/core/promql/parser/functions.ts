/**
 * Parse-time signatures of the PromQL functions (Prometheus's promql/parser/functions.go):
 * names, argument and return types. Implementations live in promql/functions/ (table.ts),
 * registered by the same names.
 */

import type { ValueType } from './valueType.js';

export interface FunctionSignature {
  readonly name: string;
  readonly argTypes: readonly ValueType[];
  /**
   * 0: exactly argTypes.length arguments. n > 0: up to n more arguments, typed like the
   * last entry of argTypes (so at least argTypes.length - 1 arguments … argTypes.length - 1 + n).
   * -1: unlimited repetitions of the last type (at least argTypes.length - 1 arguments).
   */
  readonly variadic: number;
  readonly returnType: ValueType;
  /** Behind Prometheus's --enable-feature=promql-experimental-functions. */
  readonly experimental: boolean;
}

function fn(
  name: string,
  argTypes: ValueType[],
  returnType: ValueType,
  variadic = 0,
  experimental = false,
): FunctionSignature {
  return Object.freeze({ name, argTypes: Object.freeze(argTypes), variadic, returnType, experimental });
}

/** Every function Prometheus 3.x knows, by name. Frozen: the evaluator reads, never writes. */
export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = Object.freeze({
  abs: fn('abs', ['vector'], 'vector'),
  absent: fn('absent', ['vector'], 'vector'),
  absent_over_time: fn('absent_over_time', ['matrix'], 'vector'),
  acos: fn('acos', ['vector'], 'vector'),
  acosh: fn('acosh', ['vector'], 'vector'),
  asin: fn('asin', ['vector'], 'vector'),
  asinh: fn('asinh', ['vector'], 'vector'),
  atan: fn('atan', ['vector'], 'vector'),
  atanh: fn('atanh', ['vector'], 'vector'),
  avg_over_time: fn('avg_over_time', ['matrix'], 'vector'),
  ceil: fn('ceil', ['vector'], 'vector'),
  changes: fn('changes', ['matrix'], 'vector'),
  clamp: fn('clamp', ['vector', 'scalar', 'scalar'], 'vector'),
  clamp_max: fn('clamp_max', ['vector', 'scalar'], 'vector'),
  clamp_min: fn('clamp_min', ['vector', 'scalar'], 'vector'),
  cos: fn('cos', ['vector'], 'vector'),
  cosh: fn('cosh', ['vector'], 'vector'),
  count_over_time: fn('count_over_time', ['matrix'], 'vector'),
  day_of_month: fn('day_of_month', ['vector'], 'vector', 1),
  day_of_week: fn('day_of_week', ['vector'], 'vector', 1),
  day_of_year: fn('day_of_year', ['vector'], 'vector', 1),
  days_in_month: fn('days_in_month', ['vector'], 'vector', 1),
  deg: fn('deg', ['vector'], 'vector'),
  delta: fn('delta', ['matrix'], 'vector'),
  deriv: fn('deriv', ['matrix'], 'vector'),
  double_exponential_smoothing: fn('double_exponential_smoothing', ['matrix', 'scalar', 'scalar'], 'vector', 0, true),
  end: fn('end', [], 'scalar', 0, true),
  exp: fn('exp', ['vector'], 'vector'),
  first_over_time: fn('first_over_time', ['matrix'], 'vector', 0, true),
  floor: fn('floor', ['vector'], 'vector'),
  histogram_avg: fn('histogram_avg', ['vector'], 'vector'),
  histogram_count: fn('histogram_count', ['vector'], 'vector'),
  histogram_fraction: fn('histogram_fraction', ['scalar', 'scalar', 'vector'], 'vector'),
  histogram_quantile: fn('histogram_quantile', ['scalar', 'vector'], 'vector'),
  histogram_quantiles: fn('histogram_quantiles', ['vector', 'string', 'scalar', 'scalar'], 'vector', 9, true),
  histogram_stddev: fn('histogram_stddev', ['vector'], 'vector'),
  histogram_stdvar: fn('histogram_stdvar', ['vector'], 'vector'),
  histogram_sum: fn('histogram_sum', ['vector'], 'vector'),
  hour: fn('hour', ['vector'], 'vector', 1),
  idelta: fn('idelta', ['matrix'], 'vector'),
  increase: fn('increase', ['matrix'], 'vector'),
  info: fn('info', ['vector', 'vector'], 'vector', 1, true),
  integral: fn('integral', ['matrix', 'scalar'], 'vector', 1, true),
  irate: fn('irate', ['matrix'], 'vector'),
  label_join: fn('label_join', ['vector', 'string', 'string', 'string'], 'vector', -1),
  label_replace: fn('label_replace', ['vector', 'string', 'string', 'string', 'string'], 'vector'),
  last_over_time: fn('last_over_time', ['matrix'], 'vector'),
  ln: fn('ln', ['vector'], 'vector'),
  log10: fn('log10', ['vector'], 'vector'),
  log2: fn('log2', ['vector'], 'vector'),
  mad_over_time: fn('mad_over_time', ['matrix'], 'vector', 0, true),
  max_over_time: fn('max_over_time', ['matrix'], 'vector'),
  max_of: fn('max_of', ['scalar', 'scalar'], 'scalar', 0, true),
  min_of: fn('min_of', ['scalar', 'scalar'], 'scalar', 0, true),
  min_over_time: fn('min_over_time', ['matrix'], 'vector'),
  minute: fn('minute', ['vector'], 'vector', 1),
  month: fn('month', ['vector'], 'vector', 1),
  pi: fn('pi', [], 'scalar'),
  predict_linear: fn('predict_linear', ['matrix', 'scalar'], 'vector'),
  present_over_time: fn('present_over_time', ['matrix'], 'vector'),
  quantile_over_time: fn('quantile_over_time', ['scalar', 'matrix'], 'vector'),
  rad: fn('rad', ['vector'], 'vector'),
  range: fn('range', [], 'scalar', 0, true),
  rate: fn('rate', ['matrix'], 'vector'),
  resets: fn('resets', ['matrix'], 'vector'),
  round: fn('round', ['vector', 'scalar'], 'vector', 1),
  scalar: fn('scalar', ['vector'], 'scalar'),
  sgn: fn('sgn', ['vector'], 'vector'),
  sin: fn('sin', ['vector'], 'vector'),
  sinh: fn('sinh', ['vector'], 'vector'),
  sort: fn('sort', ['vector'], 'vector'),
  sort_by_label: fn('sort_by_label', ['vector', 'string'], 'vector', -1, true),
  sort_by_label_desc: fn('sort_by_label_desc', ['vector', 'string'], 'vector', -1, true),
  sort_desc: fn('sort_desc', ['vector'], 'vector'),
  sqrt: fn('sqrt', ['vector'], 'vector'),
  start_timestamp: fn('start_timestamp', ['vector'], 'vector', 0, true),
  start: fn('start', [], 'scalar', 0, true),
  stddev_over_time: fn('stddev_over_time', ['matrix'], 'vector'),
  stdvar_over_time: fn('stdvar_over_time', ['matrix'], 'vector'),
  step: fn('step', [], 'scalar', 0, true),
  sum_over_time: fn('sum_over_time', ['matrix'], 'vector'),
  tan: fn('tan', ['vector'], 'vector'),
  tanh: fn('tanh', ['vector'], 'vector'),
  time: fn('time', [], 'scalar'),
  timestamp: fn('timestamp', ['vector'], 'vector'),
  ts_of_first_over_time: fn('ts_of_first_over_time', ['matrix'], 'vector', 0, true),
  ts_of_last_over_time: fn('ts_of_last_over_time', ['matrix'], 'vector', 0, true),
  ts_of_max_over_time: fn('ts_of_max_over_time', ['matrix'], 'vector', 0, true),
  ts_of_min_over_time: fn('ts_of_min_over_time', ['matrix'], 'vector', 0, true),
  vector: fn('vector', ['scalar'], 'vector'),
  year: fn('year', ['vector'], 'vector', 1),
});

/** The signature of `name`, or undefined for an unknown function. */
export function getFunction(name: string): FunctionSignature | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}
