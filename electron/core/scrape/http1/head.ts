/**
 * The head of an HTTP/1.x response (status line and header fields), parsed by byte scans
 * straight from the socket's buffer. Only the fields a scrape acts on are kept as strings;
 * the others are checked for shape and skipped.
 */

export interface ResponseHead {
  status: number;
  reason: string;
  /** The server spoke HTTP/1.0. */
  http10: boolean;
  /** -1 when absent. */
  contentLength: number;
  chunked: boolean;
  /** A `Connection: close` token. */
  connectionClose: boolean;
  /** A `Connection: keep-alive` token (what makes an HTTP/1.0 connection reusable). */
  connectionKeepAlive: boolean;
  /** First value, '' when absent. */
  contentType: string;
  /** First value, '' when absent. */
  contentEncoding: string;
  /** First value, '' when absent. */
  location: string;
  /** Offset of the first body byte in the parsed buffer. */
  bodyStart: number;
}

/** A head larger than this is refused rather than buffered without end. */
export const MAX_HEAD_BYTES = 64 * 1024;

const LF = 10;
const CR = 13;
const SP = 32;
const HT = 9;
const COLON = 58;

/** RFC 9110 tchar, the bytes a header field name may hold. */
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TCHAR[c] = 1;
for (let c = 65; c <= 90; c++) TCHAR[c] = 1;
for (let c = 97; c <= 122; c++) TCHAR[c] = 1;

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255 || TCHAR[c] === 0) return false;
  }
  return true;
}

/** A protocol-level fault in what the server sent. */
export class ProtocolError extends Error {}

function latin1(b: Buffer, start: number, end: number): string {
  return b.toString('latin1', start, end);
}

/** Quotes bytes for an error message: one line, control bytes escaped, long input cut. */
function quote(b: Buffer, start: number, end: number): string {
  const cut = end - start > 120;
  return JSON.stringify(latin1(b, start, cut ? start + 120 : end)) + (cut ? '...' : '');
}

/** Whether b[start, start+len) equals `name` (lower case) ignoring ASCII case. */
function nameIs(b: Buffer, start: number, len: number, name: string): boolean {
  if (len !== name.length) return false;
  for (let i = 0; i < len; i++) if ((b[start + i]! | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/** Whether a comma-separated header value holds `token` (lower case). */
function hasToken(value: string, token: string): boolean {
  for (const part of value.toLowerCase().split(',')) if (part.trim() === token) return true;
  return false;
}

/**
 * Parses one response head from b[start, end). Returns null while the head is incomplete
 * (the caller waits for more bytes and parses again from the start) and throws
 * ProtocolError for a malformed one. Lines may end in CRLF or a bare LF.
 */
export function parseHead(b: Buffer, start: number, end: number): ResponseHead | null {
  let eol = b.indexOf(LF, start);
  if (eol < 0 || eol >= end) return null;
  const h = statusLine(b, start, eol > start && b[eol - 1]! === CR ? eol - 1 : eol);
  let lengthSeen = false;
  let typeSeen = false;
  let encodingSeen = false;
  let locationSeen = false;
  for (;;) {
    const ls = eol + 1;
    eol = b.indexOf(LF, ls);
    if (eol < 0 || eol >= end) return null;
    const le = eol > ls && b[eol - 1]! === CR ? eol - 1 : eol;
    if (le === ls) {
      h.bodyStart = eol + 1;
      return h;
    }
    let colon = ls;
    while (colon < le && TCHAR[b[colon]!] === 1) colon++;
    if (colon === ls || colon === le || b[colon]! !== COLON) throw new ProtocolError(`malformed HTTP header line ${quote(b, ls, le)}`);
    const nlen = colon - ls;
    let vs = colon + 1;
    let ve = le;
    while (vs < ve && (b[vs]! === SP || b[vs]! === HT)) vs++;
    while (ve > vs && (b[ve - 1]! === SP || b[ve - 1]! === HT)) ve--;
    switch (b[ls]! | 0x20) {
      case 99: // c
        if (nameIs(b, ls, nlen, 'content-length')) {
          const n = decimal(b, vs, ve);
          if (n < 0) throw new ProtocolError(`bad Content-Length ${quote(b, vs, ve)}`);
          if (lengthSeen && n !== h.contentLength) throw new ProtocolError('message cannot contain multiple Content-Length headers');
          lengthSeen = true;
          h.contentLength = n;
        } else if (nameIs(b, ls, nlen, 'content-type')) {
          if (!typeSeen) h.contentType = latin1(b, vs, ve);
          typeSeen = true;
        } else if (nameIs(b, ls, nlen, 'content-encoding')) {
          if (!encodingSeen) h.contentEncoding = latin1(b, vs, ve);
          encodingSeen = true;
        } else if (nameIs(b, ls, nlen, 'connection')) {
          // Node's http server says `Connection: keep-alive` on every response: no string for that.
          if (nameIs(b, vs, ve - vs, 'keep-alive')) h.connectionKeepAlive = true;
          else if (nameIs(b, vs, ve - vs, 'close')) h.connectionClose = true;
          else {
            const v = latin1(b, vs, ve);
            if (hasToken(v, 'close')) h.connectionClose = true;
            if (hasToken(v, 'keep-alive')) h.connectionKeepAlive = true;
          }
        }
        break;
      case 108: // l
        if (!locationSeen && nameIs(b, ls, nlen, 'location')) {
          h.location = latin1(b, vs, ve);
          locationSeen = true;
        }
        break;
      case 116: // t
        if (nameIs(b, ls, nlen, 'transfer-encoding')) {
          const v = latin1(b, vs, ve);
          if (v.toLowerCase() !== 'chunked') throw new ProtocolError(`unsupported transfer encoding ${JSON.stringify(v)}`);
          h.chunked = true;
        }
        break;
    }
  }
}

/** `HTTP/1.x NNN reason`; the reason may be empty or absent. */
function statusLine(b: Buffer, s: number, e: number): ResponseHead {
  // "HTTP/1." is 48 54 54 50 2f 31 2e; "HTTP/1.1 200" (12 bytes) is the shortest status line.
  if (
    e - s < 12 ||
    b[s]! !== 72 || b[s + 1]! !== 84 || b[s + 2]! !== 84 || b[s + 3]! !== 80 || b[s + 4]! !== 47 || b[s + 5]! !== 49 || b[s + 6]! !== 46 ||
    b[s + 7]! < 48 || b[s + 7]! > 57 || b[s + 8]! !== SP
  ) {
    throw new ProtocolError(`malformed HTTP response ${quote(b, s, e)}`);
  }
  const c0 = b[s + 9]! - 48;
  const c1 = b[s + 10]! - 48;
  const c2 = b[s + 11]! - 48;
  if (c0 < 1 || c0 > 9 || c1 < 0 || c1 > 9 || c2 < 0 || c2 > 9 || (e > s + 12 && b[s + 12]! !== SP)) {
    const sp = b.indexOf(SP, s + 9);
    throw new ProtocolError(`malformed HTTP status code ${quote(b, s + 9, sp < 0 || sp > e ? e : sp)}`);
  }
  return {
    status: c0 * 100 + c1 * 10 + c2,
    reason: e > s + 13 ? latin1(b, s + 13, e) : '',
    http10: b[s + 7]! === 48,
    contentLength: -1,
    chunked: false,
    connectionClose: false,
    connectionKeepAlive: false,
    contentType: '',
    contentEncoding: '',
    location: '',
    bodyStart: 0,
  };
}

/** Non-negative decimal integer of up to 15 digits, -1 when not one. */
function decimal(b: Buffer, s: number, e: number): number {
  if (e <= s || e - s > 15) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
