/**
 * Parse errors with Prometheus's wording and positions: `"<line>:<col>: parse error: <msg>"`.
 *
 * Positions in `positionRange` are UTF-16 offsets into the query (like every AST `pos`);
 * the column in the message counts UTF-8 bytes from 1, as Prometheus's ParseErr does, so
 * the text matches Prometheus byte for byte even for non-ASCII queries.
 */

import type { PositionRange } from './ast.js';

/** One error found while parsing; a query can produce several. */
export interface ParseErrorDetail {
  positionRange: PositionRange;
  /** The bare message, e.g. `unexpected <op:+>`. */
  message: string;
}

export class ParseError extends Error {
  /** Every error found, in the order Prometheus reports them; the message shows the first. */
  readonly errors: readonly ParseErrorDetail[];
  readonly positionRange: PositionRange;
  readonly query: string;

  constructor(query: string, errors: readonly ParseErrorDetail[], lineOffset = 0) {
    const first = errors[0] ?? { positionRange: { start: 0, end: 0 }, message: 'error contains no error message' };
    super(formatParseError(query, first, lineOffset));
    this.name = 'ParseError';
    this.errors = errors;
    this.positionRange = first.positionRange;
    this.query = query;
  }
}

/** `line:col: parse error: msg`, with a 1-based line and a 1-based UTF-8 byte column. */
export function formatParseError(query: string, e: ParseErrorDetail, lineOffset = 0): string {
  return `${positionText(query, e.positionRange.start, lineOffset)}: parse error: ${e.message}`;
}

function positionText(query: string, pos: number, lineOffset: number): string {
  if (pos < 0 || pos > query.length) return 'unknown position';
  let line = lineOffset + 1;
  let col = 0;
  for (let i = 0; i < pos; i++) {
    const c = query.charCodeAt(i);
    if (c === 10) {
      line++;
      col = 0;
    } else if (c < 0x80) col += 1;
    else if (c < 0x800) col += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < pos) {
      const d = query.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        col += 4;
        i++;
      } else col += 3;
    } else if (c >= 0xdc80 && c <= 0xdcff) {
      // A byte kept by surrogate escape (see quote.ts) stood for one byte in the Go string.
      col += 1;
    } else col += 3;
  }
  return `${line}:${col + 1}`;
}
