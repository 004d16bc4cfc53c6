/** Exposition parsers: the Prometheus text format and OpenMetrics 1.0 text. */

import { OpenMetricsParser } from './openmetricsparse.js';
import type { ParserOptions } from './parserBase.js';
import { PromParser } from './promparse.js';
import type { Parser } from './types.js';
import type { TextMediaType } from './mediaType.js';

export { Entry, TextParseError } from './types.js';
export type { EntryKind, Exemplar, MetricType, Parser } from './types.js';
export type { ParserOptions } from './parserBase.js';
export { PromParser } from './promparse.js';
export { OpenMetricsParser } from './openmetricsparse.js';
export { acceptHeader, chooseMediaType, parseMediaType, protocolMediaType } from './mediaType.js';
export type { MediaTypeChoice, TextMediaType } from './mediaType.js';

/** A parser for `body` in the given format. */
export function newParser(body: Buffer, mediaType: TextMediaType, opts: ParserOptions = {}): Parser {
  return mediaType === 'application/openmetrics-text' ? new OpenMetricsParser(body, opts) : new PromParser(body, opts);
}
