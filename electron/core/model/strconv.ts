/**
 * Go's strconv where Prometheus's text formats depend on it: ParseFloat and ParseInt over
 * bytes (accepting and refusing exactly what Prometheus's parsers do, without allocating on
 * the common shapes), and the float formatting OpenMetrics and Prometheus 3 use. The scrape
 * parsers and the `le`/`quantile` rule in floatLabels.ts both stand on it.
 */

/** `[0-9]` as a lookup table over bytes. */
export const DIGIT = new Uint8Array(256);
DIGIT.fill(1, 0x30, 0x3a);

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
