/**
 * Quoting as Prometheus does it, in the two variants Prometheus itself uses:
 *
 * - Go's strconv.Quote (and fmt's %q, %.Nq, %q of a rune, %#U): PromQL printing, error
 *   messages, config errors. Every non-printable rune is escaped.
 * - The text exposition format (expfmt): label values and quoted names escape only `\`,
 *   `"` and line feed; HELP text escapes only `\` and line feed. Everything else is written
 *   as is, tabs and control bytes included.
 *
 * JavaScript strings are UTF-16, Go strings are bytes. Two conventions bridge them:
 * - A lone surrogate in U+DC80..U+DCFF stands for one byte that is not valid UTF-8 (a
 *   "surrogate escape": PromQL's `"\xff"` unquotes to U+DCFF). It quotes back as `\xNN`, as
 *   Go quotes the invalid byte.
 * - Any other lone surrogate has no UTF-8 form; UTF-8 encoders (TextEncoder, Buffer, our
 *   HTTP responses) replace it with U+FFFD, so it quotes as that rune. U+FFFD is printable,
 *   so Go, given the encoded string, writes it as is, and so do we.
 *
 * Printability follows Go's unicode.IsPrint (letters, marks, numbers, punctuation, symbols
 * and the ASCII space) through JavaScript's Unicode property classes. Go's tables are at
 * Unicode 15.0 (Go 1.21 on); this runtime's may be newer, so a code point assigned after
 * 15.0 prints as is here where Go escapes it. Checked against Prometheus 2.42 (Go 1.19,
 * Unicode 13) over every code point but the surrogates: quoted identically except for the
 * 15,933 code points assigned after Unicode 13, which Go escapes and this keeps.
 */

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint (and strconv.IsPrint): printable, with U+0020 as the only space. */
export function isGoPrint(cp: number): boolean {
  if (cp < 0x7f) return cp >= 0x20;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** The Go escape of code point `cp` inside a literal delimited by `quote` (`"` or `'`). */
function escapeRune(cp: number, quote: number): string {
  if (cp === quote || cp === 0x5c) return '\\' + String.fromCharCode(cp);
  if (cp >= 0xdc80 && cp <= 0xdcff) return '\\x' + hex(cp - 0xdc00, 2);
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  if (isGoPrint(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** True when every code unit is printable ASCII other than `"` and `\`: quoting adds only the quotes. */
function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** Go's strconv.Quote (fmt's %q of a string): double quotes, Go escapes for what is not printable. */
export function goQuote(s: string): string {
  if (isPlainAscii(s)) return '"' + s + '"';
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, 0x22);
  return out + '"';
}

/** Go's %.Nq of a string: quotes at most the first `n` code points. */
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

/**
 * Go's %q of a rune: `'x'`, `'\n'`, `'\''`, `'"'`. A value that is no rune (the lexers'
 * end-of-input -1, a surrogate, past U+10FFFF) quotes as U+FFFD, as Go does.
 */
export function goQuoteRune(cp: number): string {
  if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return "'\ufffd'";
  return "'" + escapeRune(cp, 0x27) + "'";
}

/** Go's %#U of a rune: `U+0063 'c'`, or only `U+0007` when the rune is not printable. */
export function goUnicode(cp: number): string {
  const u = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return isGoPrint(cp) ? `${u} '${String.fromCodePoint(cp)}'` : u;
}

/**
 * Go's strconv.Quote of raw bytes b[start:end) (a []byte, or a string holding invalid
 * UTF-8): valid UTF-8 sequences are quoted as their runes, every byte that does not start
 * one as `\xNN`, exactly as Go's decoder steps through them.
 */
export function goQuoteBytes(b: Uint8Array, start = 0, end = b.length): string {
  let out = '"';
  let i = start;
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      out += escapeRune(c, 0x22);
      i++;
      continue;
    }
    const n = utf8SequenceLength(b, i, end);
    if (n === 0) {
      out += '\\x' + hex(c, 2);
      i++;
      continue;
    }
    let cp = c & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
    for (let k = 1; k < n; k++) cp = (cp << 6) | (b[i + k]! & 0x3f);
    out += escapeRune(cp, 0x22);
    i += n;
  }
  return out + '"';
}

/**
 * Length of the valid UTF-8 sequence that starts at b[i] (2 to 4), or 0 when the byte does
 * not start one before `end` (overlong forms, surrogates and code points past U+10FFFF are
 * invalid, as in Go's utf8.DecodeRune).
 */
export function utf8SequenceLength(b: Uint8Array, i: number, end: number): number {
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
  if (i + n > end) return 0;
  let cp = c & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  for (let k = 1; k < n; k++) {
    const d = b[i + k]!;
    if ((d & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (d & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/**
 * A label value (or quoted metric or label name) as the text exposition format writes it
 * between its double quotes: `\` → `\\`, `"` → `\"`, line feed → `\n`, nothing else.
 */
export function escapeLabelValue(s: string): string {
  if (!/[\\"\n]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text as the text exposition format writes it: `\` → `\\`, line feed → `\n`. */
export function escapeHelp(s: string): string {
  if (!/[\\\n]/.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
