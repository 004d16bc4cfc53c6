/**
 * The PromQL parser's public API: parse queries, match[] selectors and promqltest series
 * lines; print trees back as canonical PromQL; walk trees; function signatures.
 */

import type { Expr } from './ast.js';
import { Parser, type ParseOptions } from './parser.js';
import type { Matcher } from '../../model/matcher.js';

export * from './ast.js';
export { ParseError, formatParseError, type ParseErrorDetail } from './errors.js';
export { FUNCTIONS, getFunction, type FunctionSignature } from './functions.js';
export { formatExpr, prettify, PrettyTooLarge } from './printer.js';
export { parseSeriesDesc, type SequenceValue, type SeriesDesc } from './seriesDesc.js';
export { formatDuration, parseDuration } from './durations.js';
export type { ParseOptions } from './parser.js';

/**
 * Parses a PromQL expression and type-checks it. Throws ParseError (and nothing else)
 * with Prometheus's `"<line>:<col>: parse error: <msg>"` message.
 */
export function parseExpr(input: string, opts?: ParseOptions): Expr {
  const p = new Parser(input, opts);
  return p.run(() => p.parseExpression());
}

/** Parses a series selector such as `up{job="x"}` or `{__name__=~".+",}` into its matchers. */
export function parseMetricSelector(input: string): Matcher[] {
  const p = new Parser(input);
  return p.run(() => p.parseMetricSelector());
}
