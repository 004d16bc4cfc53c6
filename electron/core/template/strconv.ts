/**
 * The parts of Go's strconv that templates reach: Unquote for string and rune literals,
 * ParseInt/ParseUint with base 0 for number constants, and ParseFloat (Go's syntax, with
 * Go's error texts, since Prometheus's humanize functions show them to users).
 */

import { goQuote } from '../../../shared/text/quote.js';

/** strconv.NumError's text: `strconv.ParseFloat: parsing "x": invalid syntax`. */
export class NumError extends Error {
  constructor(fn: string, input: string, reason: 'invalid syntax' | 'value out of range') {
    super(`strconv.${fn}: parsing ${goQuote(input)}: ${reason}`);
  }
}

/** strconv.UnquoteChar: one (possibly escaped) character at s[i]; returns the code point and the next index, or null. */
function unquoteChar(s: string, i: number, quote: number): { cp: number; next: number } | null {
  const c = s.codePointAt(i);
  if (c === undefined) return null;
  if (c === quote && (quote === 0x27 || quote === 0x22)) return null;
  if (c !== 0x5c) return { cp: c, next: i + (c > 0xffff ? 2 : 1) };
  const e = s.charCodeAt(i + 1);
  if (Number.isNaN(e)) return null;
  let j = i + 2;
  switch (e) {
    case 0x61:
      return { cp: 7, next: j };
    case 0x62:
      return { cp: 8, next: j };
    case 0x66:
      return { cp: 12, next: j };
    case 0x6e:
      return { cp: 10, next: j };
    case 0x72:
      return { cp: 13, next: j };
    case 0x74:
      return { cp: 9, next: j };
    case 0x76:
      return { cp: 11, next: j };
    case 0x78: // \xNN: one byte
    case 0x75: // \uNNNN
    case 0x55: {
      // \UNNNNNNNN
      const n = e === 0x78 ? 2 : e === 0x75 ? 4 : 8;
      const hex = s.slice(j, j + n);
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) return null;
      const v = parseInt(hex, 16);
      j += n;
      if (e === 0x78) {
        // A byte: as a rune literal it is that code point; in a string, a byte above 0x7f is not UTF-8 text.
        return { cp: v < 0x80 || quote === 0x27 ? v : 0xdc00 + v, next: j };
      }
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return null;
      return { cp: v, next: j };
    }
    case 0x30:
    case 0x31:
    case 0x32:
    case 0x33:
    case 0x34:
    case 0x35:
    case 0x36:
    case 0x37: {
      const oct = s.slice(i + 1, i + 4);
      if (!/^[0-7]{3}$/.test(oct)) return null;
      const v = parseInt(oct, 8);
      if (v > 255) return null;
      return { cp: v < 0x80 || quote === 0x27 ? v : 0xdc00 + v, next: i + 4 };
    }
    case 0x5c:
      return { cp: 0x5c, next: j };
    case 0x27:
    case 0x22:
      if (e !== quote) return null;
      return { cp: e, next: j };
  }
  return null;
}

/** strconv.Unquote for "…", `…` and '…' literals; null when the literal is invalid. */
export function unquote(lit: string): string | null {
  if (lit.length < 2) return null;
  const q = lit.charCodeAt(0);
  if (q !== lit.charCodeAt(lit.length - 1)) return null;
  const body = lit.slice(1, -1);
  if (q === 0x60) {
    if (body.includes('`')) return null;
    return body.replace(/\r/g, '');
  }
  if (q !== 0x22 && q !== 0x27) return null;
  if (q === 0x22 && !body.includes('\\') && !body.includes('"') && !body.includes('\n')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    if (q === 0x22 && body.charCodeAt(i) === 0x0a) return null;
    const r = unquoteChar(body, i, q);
    if (!r) return null;
    out += String.fromCodePoint(r.cp);
    i = r.next;
    if (q === 0x27 && i < body.length) return null;
  }
  if (q === 0x27 && out.length === 0) return null;
  return out;
}

/** A rune literal such as 'a' or '\n': its code point, 'syntax' when the first character is bad, 'malformed' when more follows it. */
export function unquoteRune(lit: string): number | 'syntax' | 'malformed' {
  const r = unquoteChar(lit, 1, 0x27);
  if (!r) return 'syntax';
  if (r.next !== lit.length - 1) return 'malformed';
  return r.cp;
}

/** Digits with Go's underscore rule: only between digits, and only in literals with a base prefix or decimal ints. */
function stripUnderscores(s: string): string | null {
  if (!s.includes('_')) return s;
  if (/^_|_$|__/.test(s.replace(/^0[xXbBoO]/, '0'))) return null;
  return s.replace(/_/g, '');
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;

function parseUnsignedBase0(s: string): bigint | null {
  const t = stripUnderscores(s);
  if (t === null || t === '') return null;
  let m: RegExpExecArray | null;
  if ((m = /^0[xX]([0-9a-fA-F]+)$/.exec(t))) return BigInt('0x' + m[1]);
  if ((m = /^0[bB]([01]+)$/.exec(t))) return BigInt('0b' + m[1]);
  if ((m = /^0[oO]?([0-7]+)$/.exec(t))) return BigInt('0o' + m[1]);
  if (/^[0-9]+$/.test(t)) return /^0[0-9]/.test(t) ? null : BigInt(t);
  return null;
}

/** strconv.ParseUint(s, 0, 64): null on syntax or range error. */
export function parseUint64(s: string): bigint | null {
  const v = parseUnsignedBase0(s);
  return v === null || v > UINT64_MAX ? null : v;
}

/** strconv.ParseInt(s, 0, 64): null on syntax or range error. */
export function parseInt64(s: string): bigint | null {
  let neg = false;
  let t = s;
  if (t[0] === '+' || t[0] === '-') {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  const v = parseUnsignedBase0(t);
  if (v === null) return null;
  const r = neg ? -v : v;
  return r < INT64_MIN || r > INT64_MAX ? null : r;
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))[pP]([+-]?[0-9]+)$/;

/** strconv.ParseFloat(s, 64); throws NumError with Go's text. */
export function parseFloat64(s: string): number {
  const v = parseFloatOrNull(s);
  if (v === null) throw new NumError('ParseFloat', s, 'invalid syntax');
  if ((v === Infinity || v === -Infinity) && !/inf/i.test(s)) throw new NumError('ParseFloat', s, 'value out of range');
  return v;
}

function parseFloatOrNull(s: string): number | null {
  const lower = s.toLowerCase();
  switch (lower) {
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    case 'nan':
      return NaN;
  }
  const t = stripUnderscores(s);
  if (t === null) return null;
  if (DECIMAL_FLOAT.test(t)) return Number(t);
  const m = HEX_FLOAT.exec(t);
  if (m) {
    const [intPart, fracPart = ''] = m[2]!.split('.');
    const mant = parseInt((intPart || '0') + fracPart, 16);
    const v = mant * Math.pow(2, Number(m[3]) - 4 * fracPart.length);
    return m[1] === '-' ? -v : v;
  }
  return null;
}
