/**
 * Chunk encoding: one BLOB holds a run of samples of one series.
 *
 * Layout (byte 0 is never compressed):
 *   byte 0   flags: bit 0 = values XOR-encoded (else decimal), bit 1 = body raw-deflated,
 *            bit 2 = has staleness markers
 *   body     uvarint n, timestamps, [stale list], values
 *
 * Timestamps: zigzag first t, zigzag first delta, then zigzag delta-of-deltas, where a 0 is
 * followed by a uvarint: how many more samples after this one keep the same delta. A steady
 * scrape interval costs a few bytes per chunk instead of one per sample, before and after
 * deflate, and decoders fill such runs without reading a byte per sample.
 * Staleness markers: count, then index deltas (their values carry no meaning: encoded as a
 * repeat of the previous value so they cost nothing and never force the XOR fallback).
 * Decimal values (how VictoriaMetrics stores them): one exponent d per chunk so every value is
 * m / 10^d with an integer mantissa m, verified bit-exactly at encode time; mantissas as
 * zigzag deltas or deltas of deltas, whichever is smaller. Any value that does not convert
 * (non-stale NaN, ±Inf, -0, denormals, more than 15 significant digits) makes the whole chunk
 * use the XOR fallback: XOR with the previous value's bits, zero bytes at either end elided.
 */

import { deflateRawSync } from 'node:zlib';
import { ByteWriter, zigzagLen } from './bytes.js';
import type { SampleBuffer } from './samples.js';
import { ChunkView, FLAG_DEFLATE, FLAG_STALE, FLAG_XOR, POW10 } from './view.js';

/** |mantissa| bound that keeps deltas of deltas exact in float64 arithmetic. */
const MAX_MANTISSA = 2 ** 50;
const MAX_DECIMALS = 15;

export interface EncodeOptions {
  /** zlib level for the raw-deflate stage; 0 stores the body uncompressed. */
  level: number;
}

const scratch = new ByteWriter(4096);
let mant = new Float64Array(1024);

/**
 * Encodes samples [from, to) of the given columns. `stale[i] === 1` marks a staleness marker.
 * `t` must be strictly increasing over the range.
 */
export function encodeChunk(
  t: ArrayLike<number>,
  v: Float64Array,
  stale: Uint8Array | null,
  from: number,
  to: number,
  opts: EncodeOptions,
): Uint8Array {
  const n = to - from;
  if (n <= 0) throw new RangeError('empty chunk');
  const w = scratch;
  w.reset();
  let flags = 0;
  w.uvarint(n);
  writeTimestamps(w, t, from, to);
  // Staleness markers.
  let staleCount = 0;
  if (stale) for (let i = from; i < to; i++) if (stale[i] === 1) staleCount++;
  if (staleCount > 0) {
    flags |= FLAG_STALE;
    w.uvarint(staleCount);
    let prev = 0;
    for (let i = from; i < to; i++) {
      if (stale![i] !== 1) continue;
      w.uvarint(i - from - prev);
      prev = i - from;
    }
  }
  if (!writeDecimal(w, v, staleCount > 0 ? stale : null, from, to)) {
    flags |= FLAG_XOR;
    writeXor(w, v, staleCount > 0 ? stale : null, from, to);
  }
  const body = w.view();
  let out: Uint8Array;
  if (opts.level > 0) {
    const z = deflateRawSync(body, { level: opts.level });
    if (z.length < body.length) {
      out = new Uint8Array(z.length + 1);
      out.set(z, 1);
      flags |= FLAG_DEFLATE;
    } else {
      out = new Uint8Array(body.length + 1);
      out.set(body, 1);
    }
  } else {
    out = new Uint8Array(body.length + 1);
    out.set(body, 1);
  }
  out[0] = flags;
  return out;
}

/** Writes timestamps [from, to) as the layout above says (schema migrations re-encode older chunks with it). */
export function writeTimestamps(w: ByteWriter, t: ArrayLike<number>, from: number, to: number): void {
  let prevT = t[from]!;
  w.varint(prevT);
  let prevD = 0;
  for (let i = from + 1; i < to; i++) {
    const ti = t[i]!;
    const d = ti - prevT;
    prevT = ti;
    if (d !== prevD) {
      w.varint(d - prevD);
      prevD = d;
      continue;
    }
    // A run of samples at the same delta.
    let k = i + 1;
    while (k < to && t[k]! - t[k - 1]! === d) k++;
    w.byte(0);
    w.uvarint(k - i - 1);
    prevT = t[k - 1]!;
    i = k - 1;
  }
}

/** Smallest number of decimals that represents v exactly, or -1. */
function decimalsOf(v: number): number {
  if (v === 0) return Object.is(v, -0) ? -1 : 0;
  if (!Number.isFinite(v)) return -1;
  const a = Math.abs(v);
  if (a > MAX_MANTISSA || a < 1e-15) return -1;
  for (let d = 0; d <= MAX_DECIMALS; d++) {
    const p = POW10[d]!;
    const m = Math.round(v * p);
    if (Math.abs(m) > MAX_MANTISSA) return -1;
    if (m / p === v) return d;
  }
  return -1;
}

function writeDecimal(w: ByteWriter, v: Float64Array, stale: Uint8Array | null, from: number, to: number): boolean {
  const n = to - from;
  let d = 0;
  let prevV = NaN;
  for (let i = from; i < to; i++) {
    if (stale !== null && stale[i] === 1) continue;
    const x = v[i]!;
    if (x === prevV) continue;
    const di = decimalsOf(x);
    if (di < 0) return false;
    if (di > d) d = di;
    prevV = x;
  }
  if (mant.length < n) mant = new Float64Array(Math.max(n, mant.length * 2));
  const p = POW10[d]!;
  let prevM = 0;
  for (let i = 0; i < n; i++) {
    const j = from + i;
    if (stale !== null && stale[j] === 1) {
      mant[i] = prevM;
      continue;
    }
    const x = v[j]!;
    const m = Math.round(x * p);
    if (Math.abs(m) > MAX_MANTISSA || m / p !== x || (m === 0 && Object.is(x, -0))) return false;
    mant[i] = m;
    prevM = m;
  }
  // Pick deltas or deltas of deltas by their encoded size.
  let sizeD = 0;
  let sizeDD = 0;
  let pd = 0;
  for (let i = 1; i < n; i++) {
    const dm = mant[i]! - mant[i - 1]!;
    sizeD += zigzagLen(dm);
    sizeDD += zigzagLen(i === 1 ? dm : dm - pd);
    pd = dm;
  }
  const dod = sizeDD < sizeD;
  w.byte(d);
  w.byte(dod ? 2 : 1);
  w.varint(mant[0]!);
  pd = 0;
  for (let i = 1; i < n; i++) {
    const dm = mant[i]! - mant[i - 1]!;
    w.varint(dod && i > 1 ? dm - pd : dm);
    pd = dm;
  }
  return true;
}

function writeXor(w: ByteWriter, v: Float64Array, stale: Uint8Array | null, from: number, to: number): void {
  const bits = new Uint32Array(v.buffer, v.byteOffset, v.length * 2);
  let ph = 0;
  let pl = 0;
  for (let i = from; i < to; i++) {
    let h: number;
    let l: number;
    if (stale !== null && stale[i] === 1) {
      h = ph;
      l = pl;
    } else {
      l = bits[i * 2]!;
      h = bits[i * 2 + 1]!;
    }
    // The 8 bytes of x, most significant first, as two words.
    const xh = (h ^ ph) >>> 0;
    const xl = (l ^ pl) >>> 0;
    ph = h;
    pl = l;
    if (xh === 0 && xl === 0) {
      w.byte(0);
      continue;
    }
    let lead = 0;
    let trail = 0;
    const b = [xh >>> 24, (xh >>> 16) & 0xff, (xh >>> 8) & 0xff, xh & 0xff, xl >>> 24, (xl >>> 16) & 0xff, (xl >>> 8) & 0xff, xl & 0xff];
    while (b[lead] === 0) lead++;
    while (b[7 - trail] === 0) trail++;
    const len = 8 - lead - trail;
    // Control byte: leading zero bytes (0..7) in the high nibble, meaningful bytes (1..8) in the low one.
    w.byte((lead << 4) | len);
    for (let k = lead; k < lead + len; k++) w.byte(b[k]!);
  }
}

/**
 * Appends the chunk's samples with mint <= t <= maxt to `out` (a one-off read: readers that
 * come back to a chunk keep its ChunkView).
 */
export function decodeChunk(data: Uint8Array, out: SampleBuffer, mint = -Infinity, maxt = Infinity): void {
  new ChunkView(data).read(out, mint, maxt);
}

/** Number of samples in a chunk without decoding it. */
export function chunkSampleCount(data: Uint8Array): number {
  return new ChunkView(data).n;
}
