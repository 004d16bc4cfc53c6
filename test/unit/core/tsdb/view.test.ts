import { describe, expect, it } from 'vitest';
import { encodeChunk } from '../../../../electron/core/tsdb/chunkenc/chunk.js';
import { SampleBuffer } from '../../../../electron/core/tsdb/chunkenc/samples.js';
import { ChunkView } from '../../../../electron/core/tsdb/chunkenc/view.js';

function bits(a: Float64Array, i: number): string {
  const u = new Uint32Array(a.buffer, a.byteOffset + i * 8, 2);
  return u[1]!.toString(16).padStart(8, '0') + u[0]!.toString(16).padStart(8, '0');
}

function dumpBuf(b: SampleBuffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < b.length; i++) out.push(`${b.t[i]}=${b.isStale(i) ? 'stale' : bits(b.v, i)}`);
  return out;
}

/** What a read of [lo, hi] must give: the full decode, filtered. */
function expected(t: number[], v: Float64Array, stale: Uint8Array | null, lo: number, hi: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    if (t[i]! < lo || t[i]! > hi) continue;
    out.push(`${t[i]}=${stale !== null && stale[i] === 1 ? 'stale' : bits(v, i)}`);
  }
  return out;
}

let seed = 11;
const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

interface Case {
  name: string;
  t: number[];
  v: Float64Array;
  stale: Uint8Array | null;
}

function cases(): Case[] {
  const out: Case[] = [];
  const n = 1000;
  // A counter at a steady interval (decimal, deltas of deltas), with staleness markers.
  {
    const t: number[] = [];
    const v = new Float64Array(n);
    const stale = new Uint8Array(n);
    let c = 5;
    for (let i = 0; i < n; i++) {
      t.push(1_704_067_200_229 + i * 15_000);
      c += Math.floor(rnd() * 40);
      v[i] = c;
      if (i % 97 === 63 || i === 64 || i === n - 1) stale[i] = 1;
    }
    out.push({ name: 'counter with stale markers', t, v, stale });
  }
  // A gauge with decimals and jittered timestamps (decimal, deltas).
  {
    const t: number[] = [];
    const v = new Float64Array(n);
    let ts = -50_000;
    for (let i = 0; i < n; i++) {
      ts += 10_000 + Math.floor(rnd() * 2000) - 1000;
      t.push(ts);
      v[i] = (Math.round(rnd() * 1e6) - 300_000) / 1000;
    }
    out.push({ name: 'jittered gauge', t, v, stale: null });
  }
  // Mantissa deltas up to 2^49 (decimal varints of up to 8 bytes).
  {
    const t: number[] = [];
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t.push(1_000_000 + i * 60_000);
      v[i] = i % 2 === 0 ? Math.floor(rnd() * 2 ** 49) : -1 - Math.floor(rnd() * 2 ** (i % 40));
    }
    out.push({ name: 'long varints', t, v, stale: null });
  }
  // Runs of a steady interval of every length, broken by gaps and jitter (decimal, deltas).
  {
    const t: number[] = [];
    const v = new Float64Array(n);
    let ts = 1_700_000_000_000;
    let step = 15_000;
    for (let i = 0; i < n; i++) {
      const r = rnd();
      if (r < 0.03) step = 1000 * (1 + Math.floor(rnd() * 60));
      ts += r > 0.97 ? step * 3 : r > 0.94 ? step + 1 : step;
      t.push(ts);
      v[i] = i % 5;
    }
    out.push({ name: 'runs of equal intervals', t, v, stale: null });
  }
  // Random doubles and specials (XOR fallback), irregular times with big jumps.
  {
    const t: number[] = [];
    const v = new Float64Array(n);
    const stale = new Uint8Array(n);
    let ts = 1000;
    for (let i = 0; i < n; i++) {
      ts += i % 50 === 0 ? 86_400_000 : 1 + Math.floor(rnd() * 30_000);
      t.push(ts);
      v[i] = i % 7 === 0 ? v[Math.max(0, i - 1)]! : (rnd() - 0.5) * 1e300;
      if (i % 11 === 5) stale[i] = 1;
    }
    v[3] = -0;
    v[4] = Infinity;
    v[5] = NaN;
    new Uint32Array(v.buffer).set([0xdeadbeef, 0x7ff80000], 6 * 2);
    out.push({ name: 'xor with specials', t, v, stale });
  }
  return out;
}

describe('ChunkView', () => {
  for (const c of cases()) {
    it(`reads any range like a full decode, indexed or not: ${c.name}`, () => {
      const tf = Float64Array.from(c.t);
      for (const level of [0, 9]) {
        const data = encodeChunk(tf, c.v, c.stale, 0, c.t.length, { level });
        expect(data[0]! & 1, 'value encoding').toBe(c.name.startsWith('xor') ? 1 : 0);
        const plain = new ChunkView(data);
        const indexed = new ChunkView(data);
        indexed.index();
        expect(indexed.indexed).toBe(true);
        expect(indexed.bytes).toBeGreaterThan(plain.bytes);
        const first = c.t[0]!;
        const last = c.t[c.t.length - 1]!;
        const ranges: Array<[number, number]> = [
          [-Infinity, Infinity],
          [first, last],
          [first - 1, first],
          [last, last + 1],
          [last + 1, Infinity],
          [-Infinity, first - 1],
        ];
        // Edges around checkpoints (every 64 samples) and random windows.
        for (const i of [1, 63, 64, 65, 127, 128, 129, 500, c.t.length - 2]) {
          ranges.push([c.t[i]!, c.t[i]!], [c.t[i]! + 1, c.t[i + 1]!], [c.t[i - 1]!, c.t[i]! - 1]);
        }
        for (let k = 0; k < 40; k++) {
          const a = first + Math.floor(rnd() * (last - first));
          ranges.push([a, a + Math.floor(rnd() * (last - first) * (k < 20 ? 0.02 : 0.5))]);
        }
        for (const [lo, hi] of ranges) {
          const want = expected(c.t, c.v, c.stale, lo, hi);
          for (const view of [plain, indexed]) {
            // Appends after what the buffer already holds, and stale flags of earlier reads do not leak.
            const out = new SampleBuffer(1);
            out.push(-1, 0.5, true);
            out.push(0, 0.25, false);
            view.read(out, lo, hi);
            expect(dumpBuf(out).slice(2), `level ${level} [${lo}, ${hi}] indexed=${view.indexed}`).toEqual(want);
            expect(out.isStale(0)).toBe(true);
            expect(out.isStale(1)).toBe(false);
          }
        }
      }
    });
  }

  it('rejects truncated and malformed chunks with a RangeError', () => {
    const t = Float64Array.from({ length: 200 }, (_, i) => i * 1000);
    const v = Float64Array.from({ length: 200 }, (_, i) => i * 1.5);
    const data = encodeChunk(t, v, null, 0, 200, { level: 0 });
    expect(() => new ChunkView(data.subarray(0, 1))).toThrow(RangeError);
    const cut = new ChunkView(data.subarray(0, data.length - 5));
    expect(() => cut.index()).toThrow(RangeError);
    expect(() => new ChunkView(data.subarray(0, data.length - 5)).read(new SampleBuffer(1))).toThrow(RangeError);
    const xor = encodeChunk(t, Float64Array.from({ length: 200 }, () => Math.random()), null, 0, 200, { level: 0 });
    expect(xor[0]! & 1).toBe(1);
    const badXor = xor.slice(0, xor.length - 3);
    expect(() => new ChunkView(badXor).index()).toThrow(RangeError);
  });
});
