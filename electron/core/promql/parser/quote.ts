/**
 * Go-compatible string and number text, so messages and printed queries match Prometheus:
 * strconv.Quote, %q of a rune, %#U, strconv.FormatFloat 'f' and the %v / %f verbs, and the
 * unquoting of PromQL string literals.
 *
 * Go strings are bytes and may hold invalid UTF-8 (`"\xff"`). JavaScript strings cannot, so
 * a byte that is not part of valid UTF-8 is kept as the lone surrogate U+DC00+byte
 * ("surrogate escape"): quoting prints it back as `\xNN`, and `isValidUtf8` rejects it.
 */

import { formatSampleValue } from '../../../../shared/format.js';

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function isPrint(cp: number): boolean {
  if (cp < 0x7f) return cp >= 0x20;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Appends the Go escape for code point `cp` inside a literal quoted with `quote`. */
function appendEscaped(out: string[], cp: number, quote: number): void {
  if (cp === quote || cp === 0x5c) {
    out.push('\\', String.fromCharCode(cp));
    return;
  }
  if (cp >= 0xdc80 && cp <= 0xdcff) {
    out.push('\\x' + hex(cp - 0xdc00, 2));
    return;
  }
  if (cp >= 0xd800 && cp <= 0xdfff) {
    // Any other lone surrogate is not representable in UTF-8; Go would print the replacement rune.
    out.push('\\ufffd');
    return;
  }
  if (isPrint(cp)) {
    out.push(String.fromCodePoint(cp));
    return;
  }
  switch (cp) {
    case 7:
      out.push('\\a');
      return;
    case 8:
      out.push('\\b');
      return;
    case 12:
      out.push('\\f');
      return;
    case 10:
      out.push('\\n');
      return;
    case 13:
      out.push('\\r');
      return;
    case 9:
      out.push('\\t');
      return;
    case 11:
      out.push('\\v');
      return;
  }
  if (cp < 0x20 || cp === 0x7f) out.push('\\x' + hex(cp, 2));
  else if (cp < 0x10000) out.push('\\u' + hex(cp, 4));
  else out.push('\\U' + hex(cp, 8));
}

/** Go's strconv.Quote: a double-quoted string with Go escapes. */
export function goQuote(s: string): string {
  // Fast path: plain printable ASCII without quotes or backslashes.
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) {
      plain = false;
      break;
    }
  }
  if (plain) return '"' + s + '"';
  const out: string[] = ['"'];
  for (const ch of s) appendEscaped(out, ch.codePointAt(0)!, 0x22);
  out.push('"');
  return out.join('');
}

/** Go's `%.Nq`: quote at most the first `n` code points of `s`. */
export function goQuoteTruncated(s: string, n: number): string {
  let count = 0;
  let end = 0;
  for (const ch of s) {
    if (count === n) break;
    count++;
    end += ch.length;
  }
  return goQuote(s.slice(0, end));
}

/** Go's `%q` of a rune: `'x'`, `'\n'`, `'\''`. */
export function goQuoteRune(cp: number): string {
  if (cp < 0) return "'\\x00'"; // Not reached: the lexer never quotes end of input.
  const out: string[] = ["'"];
  appendEscaped(out, cp, 0x27);
  out.push("'");
  return out.join('');
}

/** Go's `%#U`: `U+0063 'c'`, without the quoted form when the rune is not printable. */
export function goUnicode(cp: number): string {
  const u = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return isPrint(cp) ? `${u} '${String.fromCodePoint(cp)}'` : u;
}

export { isValidUtf8 } from '../../model/labels.js';

/**
 * The value of a string literal token as the lexer accepted it (quotes included). The
 * lexer has already rejected bad escapes, so this cannot fail.
 */
export function unquoteLiteral(tok: string): string {
  const q = tok.charCodeAt(0);
  const body = tok.slice(1, -1);
  if (q === 0x60 || body.indexOf('\\') < 0) return body;
  const out: string[] = [];
  let bytes: number[] | null = null;
  const flush = (): void => {
    if (bytes) {
      out.push(decodeBytes(bytes));
      bytes = null;
    }
  };
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c !== 0x5c) {
      flush();
      out.push(body[i]!);
      continue;
    }
    const e = body[++i]!;
    switch (e) {
      case 'a':
        flush();
        out.push('\x07');
        break;
      case 'b':
        flush();
        out.push('\b');
        break;
      case 'f':
        flush();
        out.push('\f');
        break;
      case 'n':
        flush();
        out.push('\n');
        break;
      case 'r':
        flush();
        out.push('\r');
        break;
      case 't':
        flush();
        out.push('\t');
        break;
      case 'v':
        flush();
        out.push('\v');
        break;
      case 'x':
        (bytes ??= []).push(parseInt(body.substr(i + 1, 2), 16));
        i += 2;
        break;
      case 'u':
        flush();
        out.push(String.fromCodePoint(parseInt(body.substr(i + 1, 4), 16)));
        i += 4;
        break;
      case 'U':
        flush();
        out.push(String.fromCodePoint(parseInt(body.substr(i + 1, 8), 16)));
        i += 8;
        break;
      default:
        if (e >= '0' && e <= '7') {
          (bytes ??= []).push(parseInt(body.substr(i, 3), 8));
          i += 2;
        } else {
          // \\ and the escaped quote.
          flush();
          out.push(e);
        }
    }
  }
  flush();
  return out.join('');
}

/** UTF-8 decoding that keeps each invalid byte as U+DC00+byte. */
function decodeBytes(b: number[]): string {
  let s = '';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let n = 0;
    let cp = 0;
    let min = 0;
    if (c < 0x80) {
      s += String.fromCharCode(c);
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      cp = c & 0x1f;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      cp = c & 0x0f;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      cp = c & 0x07;
      min = 0x10000;
    }
    let ok = n > 0 && i + n < b.length;
    for (let k = 1; ok && k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (d & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (ok) {
      s += String.fromCodePoint(cp);
      i += n + 1;
    } else {
      s += String.fromCharCode(0xdc00 + c);
      i++;
    }
  }
  return s;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent. */
export const formatFloatF = formatSampleValue;

/** Go's `%v` of a float64: shortest digits, exponent form (`1e+06`) below 1e-4 or from 1e6. */
export function formatFloatV(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const ex = v.toExponential();
  const e = ex.indexOf('e');
  const realExp = parseInt(ex.slice(e + 1), 10);
  if (realExp < -4 || realExp >= 6) {
    const m = ex.slice(0, e);
    const sign = realExp < 0 ? '-' : '+';
    const a = Math.abs(realExp);
    return `${m}e${sign}${a < 10 ? '0' + a : a}`;
  }
  return formatFloatF(v);
}

/** Go's `%f`: six decimals, `+Inf`, `-Inf`, `NaN`. */
export function formatFloatFixed6(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Math.abs(v) < 1e21) return v.toFixed(6);
  return BigInt(v).toString() + '.000000';
}
