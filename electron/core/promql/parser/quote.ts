/**
 * The unquoting of PromQL string literals, as Go's strconv.Unquote does it.
 *
 * Go strings are bytes and may hold invalid UTF-8 (`"\xff"`). JavaScript strings cannot, so
 * a byte that is not part of valid UTF-8 is kept as the lone surrogate U+DC00+byte
 * ("surrogate escape"): shared/text's goQuote prints it back as `\xNN`, and isValidUtf8
 * rejects it.
 */

// NOTE: promql/eval imports goQuote from here; it moves to shared/text/quote.js with the
// function table's restructuring, and then this re-export goes.
export { goQuote } from '../../../../shared/text/quote.js';

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
