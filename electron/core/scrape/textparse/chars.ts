/**
 * Byte-level helpers shared by the two text parsers: character classes as lookup tables,
 * UTF-8 checks, label unescaping and strconv's error text. Go-compatible number parsing,
 * shared with the importer, lives in model/strconv.ts and is re-exported here for the
 * parsers; quoting and float formatting live in shared/text.
 */

import { goQuote, utf8SequenceLength } from '../../../../shared/text/quote.js';
import { numErr } from '../../model/strconv.js';

export { DIGIT, numErr, parseFloatBytes, parseIntBytes } from '../../model/strconv.js';

function table(pred: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = pred(c) ? 1 : 0;
  return t;
}

const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** `[a-zA-Z_:]`: may start an unquoted metric name. */
export const METRIC_START = table((c) => isAlpha(c) || c === 0x5f || c === 0x3a);
/** `[a-zA-Z0-9_:]`: may continue an unquoted metric name. */
export const METRIC_CHAR = table((c) => isAlpha(c) || isDigit(c) || c === 0x5f || c === 0x3a);
/** `[a-zA-Z_]`: may start an unquoted label name. */
export const LABEL_START = table((c) => isAlpha(c) || c === 0x5f);
/** `[a-zA-Z0-9_]`: may continue an unquoted label name. */
export const LABEL_CHAR = table((c) => isAlpha(c) || isDigit(c) || c === 0x5f);

export const NL = 0x0a;
export const SP = 0x20;
export const TAB = 0x09;
export const HASH = 0x23;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const LBRACE = 0x7b;
export const RBRACE = 0x7d;
export const EQUAL = 0x3d;
export const COMMA = 0x2c;

/** The error text Go's strconv gives for a failed parse, as Prometheus passes it through. */
export function numErrText(fn: 'ParseFloat' | 'ParseInt', literal: string): string {
  if (numErr === 'unsupported') return 'unsupported character in float';
  const why = numErr === 'range' ? 'value out of range' : 'invalid syntax';
  return `strconv.${fn}: parsing ${goQuote(literal)}: ${why}`;
}

/** Whether b[a:e) is valid UTF-8. */
export function validUtf8(b: Uint8Array, a: number, e: number): boolean {
  let i = a;
  while (i < e) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceLength(b, i, e);
    if (n === 0) return false;
    i += n;
  }
  return true;
}

/**
 * Undoes the escapes of a label value or quoted name: `\\`, `\"` and `\n` (Prometheus's
 * lvalReplacer); any other backslash sequence is kept as written.
 */
export function unescapeLabel(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 0x5c || i + 1 >= s.length) continue;
    const n = s.charCodeAt(i + 1);
    const rep = n === 0x5c ? '\\' : n === 0x22 ? '"' : n === 0x6e ? '\n' : null;
    if (rep === null) continue;
    out += s.slice(last, i) + rep;
    i++;
    last = i + 1;
  }
  return out + s.slice(last);
}

/** Undoes the escapes of a text-format HELP string: `\\` and `\n` only (helpReplacer). */
export function unescapeHelp(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) !== 0x5c || i + 1 >= s.length) continue;
    const n = s.charCodeAt(i + 1);
    const rep = n === 0x5c ? '\\' : n === 0x6e ? '\n' : null;
    if (rep === null) continue;
    out += s.slice(last, i) + rep;
    i++;
    last = i + 1;
  }
  return out + s.slice(last);
}
