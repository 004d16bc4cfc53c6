/**
 * Byte-level helpers shared by the two text parsers: character classes as lookup tables,
 * Go-style quoting for error messages, label unescaping. Go-compatible number parsing and
 * the OpenMetrics float form live in model/strconv.ts (the importer needs them too); they
 * are re-exported here for the parsers.
 */

import { numErr } from '../../model/strconv.js';

export { DIGIT, formatGoShortestG, formatOpenMetricsFloat, numErr, parseFloatBytes, parseIntBytes } from '../../model/strconv.js';

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
  return `strconv.${fn}: parsing ${goQuoteString(literal)}: ${why}`;
}

/**
 * Go's %q of a byte slice: printable UTF-8 kept, `"` and `\` escaped, control bytes as
 * \n, \t, … or \xNN, and bytes that are not valid UTF-8 as \xNN. For error messages only.
 */
export function goQuoteBytes(b: Uint8Array, a: number, e: number): string {
  let out = '"';
  let i = a;
  while (i < e) {
    const c = b[i]!;
    if (c < 0x80) {
      out += quoteAscii(c);
      i++;
      continue;
    }
    const n = utf8SeqLen(b, i, e);
    if (n === 0) {
      out += '\\x' + c.toString(16).padStart(2, '0');
      i++;
      continue;
    }
    out += Buffer.from(b.buffer, b.byteOffset + i, n).toString('utf8');
    i += n;
  }
  return out + '"';
}

export function goQuoteString(s: string): string {
  const buf = Buffer.from(s, 'utf8');
  return goQuoteBytes(buf, 0, buf.length);
}

function quoteAscii(c: number): string {
  switch (c) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x09:
      return '\\t';
    case 0x0d:
      return '\\r';
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0b:
      return '\\v';
  }
  if (c < 0x20 || c === 0x7f) return '\\x' + c.toString(16).padStart(2, '0');
  return String.fromCharCode(c);
}

/** Length of the valid UTF-8 sequence starting at b[i], or 0 when it is not valid. */
function utf8SeqLen(b: Uint8Array, i: number, e: number): number {
  const c = b[i]!;
  let n: number;
  let min: number;
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    min = 0x10000;
  } else return 0;
  if (i + n > e) return 0;
  let cp = c & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  for (let k = 1; k < n; k++) {
    const d = b[i + k]!;
    if ((d & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (d & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/** Whether b[a:e) is valid UTF-8. */
export function validUtf8(b: Uint8Array, a: number, e: number): boolean {
  let i = a;
  while (i < e) {
    if (b[i]! < 0x80) {
      i++;
      continue;
    }
    const n = utf8SeqLen(b, i, e);
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
