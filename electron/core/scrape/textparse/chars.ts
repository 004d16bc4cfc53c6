/**
 * Byte-level helpers shared by the two text parsers: character classes as lookup tables,
 * Go-compatible float and integer parsing (the parsers must accept and refuse exactly what
 * Prometheus's strconv-based parsers do), and the normalisation of `le` and `quantile` values
 * Prometheus 3 applies. Quoting and float formatting live in shared/text.
 */

import { formatOpenMetricsFloat } from '../../../../shared/text/float.js';
import { goQuote, utf8SequenceLength } from '../../../../shared/text/quote.js';

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
export const DIGIT = table(isDigit);

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

// Exact powers of ten: every one up to 1e22 is representable, which is what makes the
// fast path of parseFloatBytes correctly rounded (Clinger's observation).
const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;

/** Status of the last parseFloatBytes / parseIntBytes call: '' when it succeeded. */
export let numErr: '' | 'syntax' | 'range' | 'unsupported' = '';

/**
 * Parses b[a:e) as Go's strconv.ParseFloat(s, 64) after Prometheus's extra check that refuses
 * `p`, `P` and `_` (hex floats and digit separators). On failure returns NaN and sets numErr.
 * The common shapes (≤ 15 significant digits, small exponent) are parsed without allocating;
 * anything else is validated here and converted by Number(), which rounds correctly. `s` is
 * b from `sBase` on as a one-byte string (the parser's window).
 */
export function parseFloatBytes(b: Uint8Array, s: string, a: number, e: number, sBase = 0): number {
  numErr = '';
  let i = a;
  let neg = false;
  let c = b[i]!;
  if (c === 0x2d) {
    neg = true;
    i++;
  } else if (c === 0x2b) {
    i++;
  }
  let mant = 0;
  let nd = 0;
  let frac = 0;
  while (i < e && DIGIT[(c = b[i]!)]) {
    mant = mant * 10 + (c - 0x30);
    nd++;
    i++;
  }
  if (i < e && b[i] === 0x2e) {
    i++;
    while (i < e && DIGIT[(c = b[i]!)]) {
      mant = mant * 10 + (c - 0x30);
      nd++;
      frac++;
      i++;
    }
  }
  let exp = 0;
  if (nd > 0 && i < e && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let eneg = false;
    if (i < e && (b[i] === 0x2d || b[i] === 0x2b)) {
      eneg = b[i] === 0x2d;
      i++;
    }
    const ds = i;
    while (i < e && DIGIT[(c = b[i]!)] && i - ds < 6) {
      exp = exp * 10 + (c - 0x30);
      i++;
    }
    if (i === ds) return slowFloat(b, s, a, e, sBase);
    if (eneg) exp = -exp;
  }
  if (i !== e || nd === 0 || nd > 15) return slowFloat(b, s, a, e, sBase);
  const e10 = exp - frac;
  let v: number;
  if (e10 === 0) v = mant;
  else if (e10 > 0 && e10 <= 22) v = mant * POW10[e10]!;
  else if (e10 < 0 && e10 >= -22) v = mant / POW10[-e10]!;
  else return slowFloat(b, s, a, e, sBase);
  return neg ? -v : v;
}

function lowerAt(b: Uint8Array, i: number): number {
  const c = b[i]!;
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function matchLower(b: Uint8Array, i: number, e: number, word: string): number {
  let n = 0;
  while (i + n < e && n < word.length && lowerAt(b, i + n) === word.charCodeAt(n)) n++;
  return n;
}

function slowFloat(b: Uint8Array, s: string, a: number, e: number, sBase: number): number {
  for (let i = a; i < e; i++) {
    const c = b[i]!;
    if (c === 0x70 || c === 0x50 || c === 0x5f) {
      numErr = 'unsupported';
      return NaN;
    }
  }
  let i = a;
  let sign = 1;
  let signed = false;
  if (b[i] === 0x2b || b[i] === 0x2d) {
    if (b[i] === 0x2d) sign = -1;
    signed = true;
    i++;
  }
  // Go's special(): inf / infinity (any case, optional sign), nan (any case, no sign).
  const c0 = lowerAt(b, i);
  if (c0 === 0x69) {
    let n = matchLower(b, i, e, 'infinity');
    if (n > 3 && n < 8) n = 3;
    if ((n === 3 || n === 8) && i + n === e) return sign * Infinity;
    numErr = 'syntax';
    return NaN;
  }
  if (c0 === 0x6e && !signed) {
    if (matchLower(b, i, e, 'nan') === 3 && i + 3 === e) return NaN;
    numErr = 'syntax';
    return NaN;
  }
  // Decimal: digits [. digits] or . digits, then an optional exponent with at least one digit.
  let nd = 0;
  while (i < e && DIGIT[b[i]!]) {
    i++;
    nd++;
  }
  if (i < e && b[i] === 0x2e) {
    i++;
    while (i < e && DIGIT[b[i]!]) {
      i++;
      nd++;
    }
  }
  if (nd === 0) {
    numErr = 'syntax';
    return NaN;
  }
  if (i < e && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    if (i < e && (b[i] === 0x2b || b[i] === 0x2d)) i++;
    const ds = i;
    while (i < e && DIGIT[b[i]!]) i++;
    if (i === ds) {
      numErr = 'syntax';
      return NaN;
    }
  }
  if (i !== e) {
    numErr = 'syntax';
    return NaN;
  }
  const v = Number(s.slice(a - sBase, e - sBase));
  if (!Number.isFinite(v)) {
    numErr = 'range';
    return v;
  }
  return v;
}

const INT64_MAX = 9223372036854775807;

/**
 * Parses b[a:e) as a base-10 int64 (strconv.ParseInt). The caller guarantees digits only
 * (the grammar allows nothing else); only the range can fail. Values beyond 2^53 lose
 * precision, which no plausible millisecond timestamp reaches.
 */
export function parseIntBytes(b: Uint8Array, a: number, e: number): number {
  numErr = '';
  let v = 0;
  for (let i = a; i < e; i++) v = v * 10 + (b[i]! - 0x30);
  if (e - a >= 19 && v > INT64_MAX) {
    numErr = 'range';
    return NaN;
  }
  return v;
}

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

const LE = 'le';
const QUANTILE = 'quantile';

/**
 * Prometheus 3 normalises the `le` of classic histogram buckets and the `quantile` of
 * summaries to the OpenMetrics float form (`1` → `1.0`), so text and protobuf scrapes of
 * the same target give the same series.
 */
export function normalizeFloatLabel(mtype: string, name: string, value: string): string {
  if ((mtype === 'histogram' && name === LE) || (mtype === 'summary' && name === QUANTILE)) {
    const buf = Buffer.from(value, 'latin1');
    const f = parseFloatBytes(buf, value, 0, buf.length);
    if (numErr === '' && value.length > 0) return formatOpenMetricsFloat(f);
  }
  return value;
}
