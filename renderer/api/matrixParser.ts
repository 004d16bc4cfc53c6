/**
 * A JSON parser for query_range responses that reads each series' samples straight into typed
 * arrays. JSON.parse of a 200 series × 720 points result (3.3 MB) takes 55–85 ms in Chromium on a
 * small machine, most of it allocating 144,000 two-element arrays and value strings, and the
 * numbers still have to be converted after; scanning the bytes once into Float64Arrays is several
 * times faster and allocates almost nothing. Everything outside "values" arrays (the envelope,
 * label sets) is parsed as ordinary JSON.
 *
 * The parser is strict about the shapes it accepts; anything else (an error envelope is fine,
 * but e.g. native histograms in a matrix, or malformed JSON) throws FastPathError and the caller
 * falls back to JSON.parse, so the result never depends on this fast path. Pure.
 */

import type { Metric } from '../../shared/api/query';

/** One series of a matrix, samples as columns: times in Unix seconds, values as floats. */
export interface ColumnSeries {
  metric: Metric;
  times: Float64Array;
  values: Float64Array;
}

export class FastPathError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;

/** Powers of ten that are exact doubles: a ≤15-digit integer divided or multiplied by one rounds correctly. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

const decoder = new TextDecoder();

class Scanner {
  pos = 0;
  /** Samples in the last series read: the next one likely has as many (one allocation). */
  lastCount = 64;
  constructor(readonly b: Uint8Array) {}

  fail(what: string): never {
    throw new FastPathError(`${what} at byte ${this.pos}`);
  }

  ws(): void {
    const b = this.b;
    let p = this.pos;
    while (p < b.length) {
      const c = b[p]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      p++;
    }
    this.pos = p;
  }

  expect(c: number): void {
    this.ws();
    if (this.b[this.pos] !== c) this.fail(`expected '${String.fromCharCode(c)}'`);
    this.pos++;
  }

  /** A JSON string; the common case (ASCII, no escapes) is built without a decoder. */
  string(): string {
    this.expect(QUOTE);
    const b = this.b;
    const start = this.pos;
    let p = start;
    let ascii = true;
    for (;;) {
      if (p >= b.length) this.fail('unterminated string');
      const c = b[p]!;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        // Rare in responses: hand the literal (escapes and all) to JSON.parse.
        let q = p;
        for (;;) {
          if (q >= b.length) this.fail('unterminated string');
          if (b[q] === BACKSLASH) q += 2;
          else if (b[q] === QUOTE) break;
          else q++;
        }
        this.pos = q + 1;
        return JSON.parse(decoder.decode(b.subarray(start - 1, q + 1))) as string;
      }
      if (c >= 0x80) ascii = false;
      else if (c < 0x20) this.fail('control character in string');
      p++;
    }
    this.pos = p + 1;
    if (!ascii) return decoder.decode(b.subarray(start, p));
    let s = '';
    for (let i = start; i < p; i++) s += String.fromCharCode(b[i]!);
    return s;
  }

  /**
   * A decimal number from bytes [start, end): digits, optional sign, fraction and exponent.
   * Correctly rounded: exact integer arithmetic and one exact power of ten when the digits
   * allow (Clinger's fast path), parseFloat otherwise. NaN when it is not a number.
   */
  decimal(start: number, end: number): number {
    const b = this.b;
    let p = start;
    let neg = false;
    if (b[p] === MINUS || b[p] === PLUS) {
      neg = b[p] === MINUS;
      p++;
    }
    let mant = 0;
    let digits = 0;
    let scale = 0;
    let any = false;
    while (p < end && b[p]! - ZERO >= 0 && b[p]! - ZERO <= 9) {
      if (digits > 0 || b[p] !== ZERO) digits++;
      mant = mant * 10 + (b[p]! - ZERO);
      any = true;
      p++;
    }
    if (p < end && b[p] === DOT) {
      p++;
      while (p < end && b[p]! - ZERO >= 0 && b[p]! - ZERO <= 9) {
        if (digits > 0 || b[p] !== ZERO) digits++;
        mant = mant * 10 + (b[p]! - ZERO);
        scale--;
        any = true;
        p++;
      }
    }
    if (!any) return NaN;
    if (p < end && (b[p] === 0x65 || b[p] === 0x45)) {
      p++;
      let eneg = false;
      if (b[p] === MINUS || b[p] === PLUS) {
        eneg = b[p] === MINUS;
        p++;
      }
      let e = 0;
      let edigits = 0;
      while (p < end && b[p]! - ZERO >= 0 && b[p]! - ZERO <= 9) {
        e = e * 10 + (b[p]! - ZERO);
        edigits++;
        p++;
      }
      if (edigits === 0) return NaN;
      scale += eneg ? -e : e;
    }
    if (p !== end) return NaN;
    if (digits <= 15 && scale >= -22 && scale <= 22) {
      const v = scale < 0 ? mant / POW10[-scale]! : mant * POW10[scale]!;
      return neg ? -v : v;
    }
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]!);
    return parseFloat(s);
  }

  /** A bare JSON number. */
  number(): number {
    this.ws();
    const b = this.b;
    const start = this.pos;
    let p = start;
    while (p < b.length) {
      const c = b[p]!;
      if ((c >= ZERO && c <= ZERO + 9) || c === MINUS || c === PLUS || c === DOT || c === 0x65 || c === 0x45) p++;
      else break;
    }
    if (p === start) this.fail('expected a number');
    this.pos = p;
    const v = this.decimal(start, p);
    if (Number.isNaN(v)) this.fail('malformed number');
    return v;
  }

  /** A sample value string as the API writes them: a decimal, "NaN", "+Inf" or "-Inf". */
  sampleValue(): number {
    this.expect(QUOTE);
    const b = this.b;
    const start = this.pos;
    let p = start;
    while (p < b.length && b[p] !== QUOTE) {
      if (b[p] === BACKSLASH) this.fail('escape in a sample value');
      p++;
    }
    if (p >= b.length) this.fail('unterminated sample value');
    this.pos = p + 1;
    const len = p - start;
    if (len === 3 && b[start] === 0x4e && b[start + 1] === 0x61 && b[start + 2] === 0x4e) return NaN;
    if (len === 4 && b[start + 1] === 0x49 && b[start + 2] === 0x6e && b[start + 3] === 0x66) {
      if (b[start] === PLUS) return Infinity;
      if (b[start] === MINUS) return -Infinity;
    }
    const v = this.decimal(start, p);
    if (Number.isNaN(v)) this.fail('malformed sample value');
    return v;
  }

  /**
   * One number ending at `stop` (a delimiter byte), read inline: optional sign, digits, a
   * fraction. Exponents, long digit strings and anything odd go to decimal(). Advances pos.
   */
  private inlineNumber(stop: number): number {
    const b = this.b;
    const start = this.pos;
    let p = start;
    let neg = false;
    if (b[p] === MINUS) {
      neg = true;
      p++;
    } else if (b[p] === PLUS) p++;
    const intStart = p;
    let mant = 0;
    let digits = 0;
    let scale = 0;
    let c = b[p]! - ZERO;
    while (c >= 0 && c <= 9) {
      mant = mant * 10 + c;
      if (digits > 0 || c > 0) digits++;
      c = b[++p]! - ZERO;
    }
    const intDigits = p - intStart;
    if (b[p] === DOT) {
      c = b[++p]! - ZERO;
      while (c >= 0 && c <= 9) {
        mant = mant * 10 + c;
        if (digits > 0 || c > 0) digits++;
        scale--;
        c = b[++p]! - ZERO;
      }
    }
    if (b[p] === stop && intDigits > 0 && digits <= 15 && scale >= -22) {
      this.pos = p;
      const v = scale < 0 ? mant / POW10[-scale]! : mant;
      return neg ? -v : v;
    }
    // The general route: find the end and let decimal() decide.
    while (p < b.length && b[p] !== stop && b[p] !== COMMA && b[p] !== RBRACKET && b[p] !== QUOTE) p++;
    this.pos = p;
    return this.decimal(start, p);
  }

  /** `[[t,"v"],…]` into two typed arrays, in one pass over the bytes. */
  samples(): { times: Float64Array; values: Float64Array } {
    this.expect(LBRACKET);
    const b = this.b;
    let cap = Math.max(16, this.lastCount);
    let times = new Float64Array(cap);
    let values = new Float64Array(cap);
    let n = 0;
    this.ws();
    if (b[this.pos] === RBRACKET) {
      this.pos++;
      return { times: times.subarray(0, 0), values: values.subarray(0, 0) };
    }
    for (;;) {
      if (b[this.pos] !== LBRACKET) this.expect(LBRACKET);
      else this.pos++;
      if (b[this.pos] === 0x20 || b[this.pos] === 0x0a) this.ws();
      const t = this.inlineNumber(COMMA);
      if (t !== t) this.fail('malformed timestamp');
      this.expect(COMMA);
      if (b[this.pos] !== QUOTE) this.ws();
      if (b[this.pos] !== QUOTE) this.fail('expected a sample value string');
      this.pos++;
      let v: number;
      const c0 = b[this.pos];
      if (c0 === 0x4e || c0 === 0x49 || ((c0 === PLUS || c0 === MINUS) && b[this.pos + 1] === 0x49)) {
        this.pos--;
        v = this.sampleValue();
      } else {
        v = this.inlineNumber(QUOTE);
        if (v !== v || b[this.pos] !== QUOTE) this.fail('malformed sample value');
        this.pos++;
      }
      if (b[this.pos] === RBRACKET) this.pos++;
      else this.expect(RBRACKET);
      if (n === cap) {
        cap *= 2;
        const t2 = new Float64Array(cap);
        t2.set(times);
        times = t2;
        const v2 = new Float64Array(cap);
        v2.set(values);
        values = v2;
      }
      times[n] = t;
      values[n] = v;
      n++;
      let c = b[this.pos];
      if (c !== COMMA && c !== RBRACKET) {
        this.ws();
        c = b[this.pos];
      }
      this.pos++;
      if (c === RBRACKET) break;
      if (c !== COMMA) this.fail("expected ',' or ']'");
      if (b[this.pos] !== LBRACKET) this.ws();
    }
    this.lastCount = n;
    return n === cap ? { times, values } : { times: times.slice(0, n), values: values.slice(0, n) };
  }

  value(key: string): unknown {
    this.ws();
    const c = this.b[this.pos];
    if (key === 'values') return this.samples();
    if (key === 'histograms' || key === 'histogram') this.fail('native histograms take the general path');
    if (c === LBRACE) return this.object();
    if (c === LBRACKET) return this.array();
    if (c === QUOTE) return this.string();
    if (c === 0x74) return this.literal('true', true);
    if (c === 0x66) return this.literal('false', false);
    if (c === 0x6e) return this.literal('null', null);
    return this.number();
  }

  literal<T>(word: string, v: T): T {
    for (let i = 0; i < word.length; i++) if (this.b[this.pos + i] !== word.charCodeAt(i)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return v;
  }

  object(): Record<string, unknown> {
    this.expect(LBRACE);
    const out: Record<string, unknown> = {};
    this.ws();
    if (this.b[this.pos] === RBRACE) {
      this.pos++;
      return out;
    }
    for (;;) {
      const k = this.string();
      this.expect(COLON);
      out[k] = this.value(k);
      this.ws();
      const c = this.b[this.pos];
      this.pos++;
      if (c === RBRACE) return out;
      if (c !== COMMA) this.fail("expected ',' or '}'");
    }
  }

  array(): unknown[] {
    this.expect(LBRACKET);
    const out: unknown[] = [];
    this.ws();
    if (this.b[this.pos] === RBRACKET) {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value(''));
      this.ws();
      const c = this.b[this.pos];
      this.pos++;
      if (c === RBRACKET) return out;
      if (c !== COMMA) this.fail("expected ',' or ']'");
    }
  }
}

/** The parsed envelope: as JSON.parse would give, except each series' "values" is columns. */
export type FastEnvelope =
  | { status: 'success'; data: { resultType: string; result: unknown }; warnings?: string[]; infos?: string[] }
  | { status: 'error'; errorType: string; error: string; warnings?: string[]; infos?: string[] };

/** Parses a query_range response body; throws FastPathError when it takes the general path. */
export function parseRangeResponse(bytes: Uint8Array): FastEnvelope {
  const s = new Scanner(bytes);
  const v = s.object();
  s.ws();
  if (s.pos !== bytes.length) s.fail('trailing data');
  return v as FastEnvelope;
}

/** The columns of a matrix result from parseRangeResponse, checked for shape. */
export function matrixColumns(data: { resultType: string; result: unknown }): ColumnSeries[] {
  if (data.resultType !== 'matrix' || !Array.isArray(data.result)) throw new FastPathError(`not a matrix: ${data.resultType}`);
  return (data.result as Array<{ metric?: Metric; values?: { times: Float64Array; values: Float64Array } }>).map((s) => {
    if (!s.values || !(s.values.times instanceof Float64Array)) throw new FastPathError('series without values');
    return { metric: s.metric ?? {}, times: s.values.times, values: s.values.values };
  });
}

/** Columns from the API's ordinary JSON shape (the general path). */
export function columnsFromSeries(series: ReadonlyArray<{ metric: Metric; values: ReadonlyArray<[number, string]> }>): ColumnSeries[] {
  return series.map((s) => {
    const n = s.values.length;
    const times = new Float64Array(n);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const p = s.values[i]!;
      times[i] = p[0];
      const v = p[1];
      values[i] = v === '+Inf' ? Infinity : v === '-Inf' ? -Infinity : Number(v);
    }
    return { metric: s.metric, times, values };
  });
}
