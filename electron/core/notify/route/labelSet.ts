import { goQuote } from '../../../../shared/text/quote.js';

/**
 * Alertmanager's (prometheus/common's) model.LabelSet: its String and Fingerprint. Both
 * reach users: the string is the second half of a group key (webhook `groupKey`), the
 * fingerprint is the alert `fingerprint` of API v2 and of webhook payloads.
 */

export type LabelSet = Readonly<Record<string, string>>;

/** `{a="1", b="2"}`: names in byte order, values quoted as Go's strconv.Quote. */
export function labelSetString(labels: LabelSet): string {
  const names = sortedNames(labels);
  let s = '{';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) s += ', ';
    s += names[i] + '=' + goQuote(labels[names[i]!]!);
  }
  return s + '}';
}

/**
 * model.LabelSet.Fingerprint as 16 lower-case hex digits: FNV-1a 64 over each name and
 * value (UTF-8), names in byte order, each followed by the separator byte 0xff. The empty
 * set gives the FNV offset basis.
 */
export function labelSetFingerprint(labels: LabelSet): string {
  const h = { hi: OFFSET_HI, lo: OFFSET_LO };
  for (const name of sortedNames(labels)) {
    addString(h, name);
    addByte(h, 0xff);
    addString(h, labels[name]!);
    addByte(h, 0xff);
  }
  return hex8(h.hi) + hex8(h.lo);
}

/** Compares as Go compares strings (UTF-8 bytes, which is code point order), not UTF-16 units. */
export function compareGoStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (astral code points) sort above U+E000..U+FFFF in UTF-8.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function sortedNames(labels: LabelSet): string[] {
  return Object.keys(labels).sort(compareGoStrings);
}

// FNV-1a 64 in two 32-bit halves: V8 has no fast 64-bit integers and BigInt allocates.
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
// prime = 2^40 + 0x1b3

interface Hash {
  hi: number;
  lo: number;
}

function addByte(h: Hash, b: number): void {
  const lo = (h.lo ^ b) >>> 0;
  const loMul = lo * 0x1b3; // < 2^41: exact
  const carry = Math.floor(loMul / 0x1_0000_0000);
  h.lo = loMul >>> 0;
  // hi*0x1b3 + carry + (lo << 8) [the 2^40 term lands in the high half shifted by 8]
  h.hi = (Math.imul(h.hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
}

function addString(h: Hash, s: string): void {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      addByte(h, c);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // a lone surrogate is encoded as U+FFFD, as Buffer does
    if (c < 0x800) {
      addByte(h, 0xc0 | (c >> 6));
      addByte(h, 0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
      addByte(h, 0xe0 | (c >> 12));
      addByte(h, 0x80 | ((c >> 6) & 0x3f));
      addByte(h, 0x80 | (c & 0x3f));
    } else {
      addByte(h, 0xf0 | (c >> 18));
      addByte(h, 0x80 | ((c >> 12) & 0x3f));
      addByte(h, 0x80 | ((c >> 6) & 0x3f));
      addByte(h, 0x80 | (c & 0x3f));
    }
  }
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
