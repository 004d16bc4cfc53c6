/**
 * A chunk opened for reading (format in chunk.ts): its body inflated once, and checkpoints
 * built on the first read of part of it, so that later reads of a short time range decode
 * only from the checkpoint before it to the range's end instead of the whole block.
 *
 * A checkpoint every CK_EVERY samples holds both streams' decoder state after that sample:
 * timestamp, timestamp delta, byte position and what is left of a run of equal deltas; for
 * decimal values the mantissa, its delta and byte position, for XOR values the value's two
 * bit words and byte position. The checkpoints live only in memory (per reader, in its
 * ChunkCache): nothing of them is stored.
 */

import { inflateRawSync } from 'node:zlib';
import type { SampleBuffer } from './samples.js';

export const FLAG_XOR = 1;
export const FLAG_DEFLATE = 2;
export const FLAG_STALE = 4;

export const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i);

const CK_EVERY = 64;
/** Fields per checkpoint: t, delta, timestamp position, run left, value state (2 numbers), value position. */
const CK = 7;
/** Rough bytes of a view beside its arrays (objects, array headers), for the cache's budget. */
const VIEW_OVERHEAD = 200;

/** Timestamps of the range being read, before they are copied out (one read at a time). */
let tScratch = new Float64Array(2048);
/** Position after the last slowZigzag call. */
let slowPos = 0;

/** A zigzag varint of more than one byte at `p` (bounds-checked); sets slowPos. */
function slowZigzag(b: Uint8Array, p: number, end: number): number {
  if (p >= end) throw new RangeError('chunk data ends inside a number');
  let c = b[p++]!;
  let x = c & 0x7f;
  let mul = 128;
  while (c >= 0x80) {
    if (p >= end) throw new RangeError('chunk data ends inside a number');
    c = b[p++]!;
    x += (c & 0x7f) * mul;
    mul *= 128;
    if (mul > 2 ** 63) throw new RangeError('varint too long');
  }
  slowPos = p;
  return x <= 0x7fffffff ? (x >>> 1) ^ -(x & 1) : x % 2 === 0 ? x / 2 : -(x + 1) / 2;
}

function uvarintAt(b: Uint8Array, p: number, end: number): number {
  let x = 0;
  let mul = 1;
  for (;;) {
    if (p >= end) throw new RangeError('chunk data ends inside a number');
    const c = b[p++]!;
    x += (c & 0x7f) * mul;
    if (c < 0x80) break;
    mul *= 128;
    if (mul > 2 ** 63) throw new RangeError('varint too long');
  }
  slowPos = p;
  return x;
}

/**
 * Reads `n` zigzag varints from `b` at `p` into `dst[off …]`; returns the new position.
 * Inlined by hand: this loop is most of a full decode's CPU time.
 */
function readZigzags(b: Uint8Array, p: number, end: number, n: number, dst: Float64Array, off: number): number {
  for (let i = 0; i < n; i++) {
    const c = b[p]!;
    if (c < 0x80) {
      dst[off + i] = (c >>> 1) ^ -(c & 1);
      p++;
      continue;
    }
    if (b[p + 1]! < 0x80 && p + 1 < end) {
      const x = (c & 0x7f) | (b[p + 1]! << 7);
      dst[off + i] = (x >>> 1) ^ -(x & 1);
      p += 2;
      continue;
    }
    dst[off + i] = slowZigzag(b, p, end);
    p = slowPos;
  }
  if (p > end) throw new RangeError('chunk data ends inside a number');
  return p;
}

export class ChunkView {
  readonly n: number;
  private readonly flags: number;
  /** The body without the flags byte, inflated; an exact-size copy (it may be cached). */
  private readonly body: Uint8Array;
  /** Position of the first timestamp. */
  private readonly tPos0: number;
  /** Position of the first value entry; -1 until a pass over the timestamps found it. */
  private vPos0 = -1;
  private staleIdx: Int32Array | null = null;
  private dec = 0;
  private mode = 0;
  private ck: Float64Array | null = null;
  private lastT = NaN;

  constructor(data: Uint8Array) {
    if (data.length < 2) throw new RangeError('chunk data is too short');
    const flags = data[0]!;
    this.flags = flags;
    if (flags & FLAG_DEFLATE) {
      const z = inflateRawSync(data.subarray(1));
      // zlib hands back a slice of a 16 KiB output buffer: keep only what is used (and a
      // plain Uint8Array either way, so the decoders' loads see one kind of array).
      this.body = z.byteLength === z.buffer.byteLength ? new Uint8Array(z.buffer, 0, z.byteLength) : new Uint8Array(z);
    } else this.body = new Uint8Array(data.subarray(1));
    this.n = uvarintAt(this.body, 0, this.body.length);
    this.tPos0 = slowPos;
    if (this.n < 1) throw new RangeError('chunk holds no samples');
  }

  /** Memory held, for the cache's byte budget. */
  get bytes(): number {
    return this.body.byteLength + (this.ck === null ? 0 : this.ck.byteLength) + (this.staleIdx === null ? 0 : this.staleIdx.byteLength) + VIEW_OVERHEAD;
  }

  get indexed(): boolean {
    return this.ck !== null;
  }

  /** Reads the staleness list and the value header that follow the timestamps (ending at `p`). */
  private parseTail(p: number): void {
    if (this.vPos0 >= 0) return;
    const b = this.body;
    const end = b.length;
    if (this.flags & FLAG_STALE) {
      const c = uvarintAt(b, p, end);
      p = slowPos;
      if (c > this.n) throw new RangeError('bad staleness marker count');
      const idx = new Int32Array(c);
      let prev = 0;
      for (let k = 0; k < c; k++) {
        prev += uvarintAt(b, p, end);
        p = slowPos;
        if (prev >= this.n || (k > 0 && prev === idx[k - 1])) throw new RangeError('bad staleness marker index');
        idx[k] = prev;
      }
      this.staleIdx = idx;
    }
    if (!(this.flags & FLAG_XOR)) {
      if (p + 2 > end) throw new RangeError('chunk data ends inside the value header');
      this.dec = b[p]!;
      this.mode = b[p + 1]!;
      if (this.dec > 22 || (this.mode !== 1 && this.mode !== 2)) throw new RangeError('bad decimal value header');
      p += 2;
    }
    this.vPos0 = p;
  }

  /** Builds the checkpoints (one pass over both streams, which also validates them). */
  index(): void {
    if (this.ck !== null) return;
    const n = this.n;
    const b = this.body;
    const end = b.length;
    const ck = new Float64Array(Math.ceil(n / CK_EVERY) * CK);
    let p = this.tPos0;
    let t = slowZigzag(b, p, end);
    p = slowPos;
    let d = 0;
    let run = 0;
    ck[0] = t;
    ck[1] = 0;
    ck[2] = p;
    ck[3] = 0;
    for (let i = 1; i < n; i++) {
      if (run > 0) run--;
      else {
        let z: number;
        const c = b[p]!;
        if (c < 0x80) {
          z = (c >>> 1) ^ -(c & 1);
          p++;
        } else {
          z = slowZigzag(b, p, end);
          p = slowPos;
        }
        if (z === 0) {
          run = uvarintAt(b, p, end);
          p = slowPos;
          if (run > n - 1 - i) throw new RangeError('timestamp run past the end of the chunk');
        } else d += z;
      }
      t += d;
      if (i % CK_EVERY === 0) {
        const o = (i / CK_EVERY) * CK;
        ck[o] = t;
        ck[o + 1] = d;
        ck[o + 2] = p;
        ck[o + 3] = run;
      }
    }
    if (p > end) throw new RangeError('chunk data ends inside a number');
    this.lastT = t;
    this.parseTail(p);
    p = this.vPos0;
    if (this.flags & FLAG_XOR) {
      let h = 0;
      let l = 0;
      for (let i = 0; i < n; i++) {
        if (p >= end) throw new RangeError('chunk data ends inside a value');
        const c = b[p++]!;
        if (c !== 0) {
          const lead = c >> 4;
          const len = c & 15;
          if (len === 0 || lead + len > 8 || p + len > end) throw new RangeError('bad XOR value');
          let xh = 0;
          let xl = 0;
          for (let k = lead; k < lead + len; k++) {
            const byte = b[p++]!;
            if (k < 4) xh |= byte << (8 * (3 - k));
            else xl |= byte << (8 * (7 - k));
          }
          h = (h ^ xh) >>> 0;
          l = (l ^ xl) >>> 0;
        }
        if (i % CK_EVERY === 0) {
          const o = (i / CK_EVERY) * CK;
          ck[o + 4] = h;
          ck[o + 5] = l;
          ck[o + 6] = p;
        }
      }
    } else {
      const dod = this.mode === 2;
      let m = 0;
      let dm = 0;
      for (let i = 0; i < n; i++) {
        let z: number;
        const c = b[p]!;
        if (c < 0x80) {
          z = (c >>> 1) ^ -(c & 1);
          p++;
        } else if (b[p + 1]! < 0x80 && p + 1 < end) {
          // Two bytes: gauges with many digits take this path more often than the one above.
          const x = (c & 0x7f) | (b[p + 1]! << 7);
          z = (x >>> 1) ^ -(x & 1);
          p += 2;
        } else {
          z = slowZigzag(b, p, end);
          p = slowPos;
        }
        if (i === 0) m = z;
        else if (dod) {
          dm += z;
          m += dm;
        } else m += z;
        if (i % CK_EVERY === 0) {
          const o = (i / CK_EVERY) * CK;
          ck[o + 4] = m;
          ck[o + 5] = dm;
          ck[o + 6] = p;
        }
      }
      if (p > end) throw new RangeError('chunk data ends inside a number');
    }
    this.ck = ck;
  }

  /**
   * Appends the samples with lo <= t <= hi to `out`. Values are written through integer
   * views so NaN payloads come back as they went in; staleness markers come back as NaN
   * with their flag set. Indexed views decode from the checkpoint before `lo` to the last
   * sample <= hi; others decode everything and keep the range.
   */
  read(out: SampleBuffer, lo = -Infinity, hi = Infinity): void {
    if (this.ck === null) this.readAll(out, lo, hi);
    else this.readIndexed(this.ck, out, lo, hi);
  }

  private readIndexed(ck: Float64Array, out: SampleBuffer, lo: number, hi: number): void {
    const n = this.n;
    if (hi < ck[0]! || lo > this.lastT) return;
    // The last checkpoint before lo (the first sample when none is).
    let j = 0;
    if (ck[0]! < lo) {
      let a = 0;
      let z = Math.ceil(n / CK_EVERY) - 1;
      while (a < z) {
        const mid = (a + z + 1) >> 1;
        if (ck[mid * CK]! < lo) a = mid;
        else z = mid - 1;
      }
      j = a;
    }
    const o = j * CK;
    const i0 = j * CK_EVERY;
    const b = this.body;
    // Timestamps from the checkpoint to the last one <= hi (validated by index()).
    if (tScratch.length < n - i0) tScratch = new Float64Array(Math.max(n - i0, tScratch.length * 2));
    const ts = tScratch;
    let t = ck[o]!;
    let d = ck[o + 1]!;
    let p = ck[o + 2]!;
    let run = ck[o + 3]!;
    ts[0] = t;
    let cnt = 1;
    for (let i = i0 + 1; i < n; i++) {
      if (run > 0) run--;
      else {
        let z: number;
        const c = b[p]!;
        if (c < 0x80) {
          z = (c >>> 1) ^ -(c & 1);
          p++;
        } else {
          z = slowZigzag(b, p, b.length);
          p = slowPos;
        }
        if (z === 0) {
          run = uvarintAt(b, p, b.length);
          p = slowPos;
        } else d += z;
      }
      t += d;
      if (t > hi) break;
      ts[cnt++] = t;
    }
    if (ts[0]! > hi) return;
    let s = 0;
    while (s < cnt && ts[s]! < lo) s++;
    const count = cnt - s;
    if (count <= 0) return;
    const first = i0 + s;
    const stop = i0 + cnt;
    out.reserve(count);
    const base = out.length;
    out.t.set(ts.subarray(s, cnt), base);
    p = ck[o + 6]!;
    if (this.flags & FLAG_XOR) {
      const bits = out.vb;
      let h = ck[o + 4]!;
      let l = ck[o + 5]!;
      if (first === i0) {
        bits[base * 2] = l;
        bits[base * 2 + 1] = h;
      }
      for (let i = i0 + 1; i < stop; i++) {
        const c = b[p++]!;
        if (c !== 0) {
          const lead = c >> 4;
          const len = c & 15;
          let xh = 0;
          let xl = 0;
          for (let k = lead; k < lead + len; k++) {
            const byte = b[p++]!;
            if (k < 4) xh |= byte << (8 * (3 - k));
            else xl |= byte << (8 * (7 - k));
          }
          h = (h ^ xh) >>> 0;
          l = (l ^ xl) >>> 0;
        }
        if (i >= first) {
          const q = (base + i - first) * 2;
          bits[q] = l;
          bits[q + 1] = h;
        }
      }
    } else {
      const ov = out.v;
      const pw = POW10[this.dec]!;
      const dod = this.mode === 2;
      let m = ck[o + 4]!;
      let dm = ck[o + 5]!;
      if (first === i0) ov[base] = m / pw;
      for (let i = i0 + 1; i < stop; i++) {
        let z: number;
        const c = b[p]!;
        if (c < 0x80) {
          z = (c >>> 1) ^ -(c & 1);
          p++;
        } else {
          // Validated by index(): no bounds checks, and no call for the long ones.
          let x = c & 0x7f;
          let mul = 128;
          let cc: number;
          p++;
          do {
            cc = b[p++]!;
            x += (cc & 0x7f) * mul;
            mul *= 128;
          } while (cc >= 0x80);
          z = x % 2 === 0 ? x / 2 : -(x + 1) / 2;
        }
        if (dod) {
          dm += z;
          m += dm;
        } else m += z;
        if (i >= first) ov[base + i - first] = m / pw;
      }
    }
    if (out.staleFlags !== null) out.staleFlags.fill(0, base, base + count);
    const si = this.staleIdx;
    if (si !== null) {
      for (let k = 0; k < si.length; k++) {
        const x = si[k]!;
        if (x < first) continue;
        if (x >= stop) break;
        out.markStale(base + x - first);
        out.v[base + x - first] = NaN;
      }
    }
    out.length = base + count;
  }

  /** Decodes every sample into `out`, then keeps lo <= t <= hi. */
  private readAll(out: SampleBuffer, lo: number, hi: number): void {
    const n = this.n;
    const body = this.body;
    out.reserve(n);
    const base = out.length;
    const ot = out.t;
    // Timestamps: first value, first delta, then deltas of deltas (0: a run of equal deltas).
    const end = body.length;
    let t = slowZigzag(body, this.tPos0, end);
    let p = slowPos;
    ot[base] = t;
    let d = 0;
    for (let i = 1; i < n; ) {
      let z: number;
      const c = body[p]!;
      if (c < 0x80) {
        z = (c >>> 1) ^ -(c & 1);
        p++;
      } else {
        z = slowZigzag(body, p, end);
        p = slowPos;
      }
      if (z !== 0) {
        d += z;
        t += d;
        ot[base + i++] = t;
        continue;
      }
      const run = uvarintAt(body, p, end) + 1;
      p = slowPos;
      if (run > n - i) throw new RangeError('timestamp run past the end of the chunk');
      for (const stop = i + run; i < stop; i++) {
        t += d;
        ot[base + i] = t;
      }
    }
    if (p > end) throw new RangeError('chunk data ends inside a number');
    this.lastT = t;
    this.parseTail(p);
    p = this.vPos0;
    const ov = out.v;
    if (this.flags & FLAG_XOR) {
      const bits = out.vb;
      let h = 0;
      let l = 0;
      for (let i = 0; i < n; i++) {
        if (p >= end) throw new RangeError('chunk data ends inside a value');
        const c = body[p++]!;
        if (c !== 0) {
          const lead = c >> 4;
          const len = c & 15;
          if (len === 0 || lead + len > 8 || p + len > end) throw new RangeError('bad XOR value');
          let xh = 0;
          let xl = 0;
          for (let k = lead; k < lead + len; k++) {
            const byte = body[p++]!;
            if (k < 4) xh |= byte << (8 * (3 - k));
            else xl |= byte << (8 * (7 - k));
          }
          h = (h ^ xh) >>> 0;
          l = (l ^ xl) >>> 0;
        }
        bits[(base + i) * 2] = l;
        bits[(base + i) * 2 + 1] = h;
      }
    } else {
      const pw = POW10[this.dec]!;
      readZigzags(body, p, body.length, n, ov, base);
      // Mantissas: first value, then deltas (mode 1) or deltas of deltas (mode 2).
      let m = ov[base]!;
      ov[base] = m / pw;
      if (this.mode === 2) {
        let dm = 0;
        for (let i = 1; i < n; i++) {
          dm += ov[base + i]!;
          m += dm;
          ov[base + i] = m / pw;
        }
      } else {
        for (let i = 1; i < n; i++) {
          m += ov[base + i]!;
          ov[base + i] = m / pw;
        }
      }
    }
    if (out.staleFlags) out.staleFlags.fill(0, base, base + n);
    const si = this.staleIdx;
    if (si !== null) {
      for (let k = 0; k < si.length; k++) {
        out.markStale(base + si[k]!);
        ov[base + si[k]!] = NaN;
      }
    }
    out.length = base + n;
    // Keep only lo <= t <= hi (t is sorted within the chunk).
    if (ot[base]! < lo || ot[base + n - 1]! > hi) {
      let a = base;
      while (a < base + n && ot[a]! < lo) a++;
      let z = base + n;
      while (z > a && ot[z - 1]! > hi) z--;
      if (a > base) {
        ot.copyWithin(base, a, z);
        out.vb.copyWithin(base * 2, a * 2, z * 2);
        if (out.staleFlags) out.staleFlags.copyWithin(base, a, z);
      }
      out.length = base + (z - a);
    }
  }
}
