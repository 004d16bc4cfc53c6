import { describe, expect, it } from 'vitest';
import { decodeChunk, encodeChunk, chunkSampleCount } from '../../../../electron/core/tsdb/chunkenc/chunk.js';
import { SampleBuffer } from '../../../../electron/core/tsdb/chunkenc/samples.js';
import { ByteReader, ByteWriter } from '../../../../electron/core/tsdb/chunkenc/bytes.js';

function bitsOf(x: Float64Array, i: number): string {
  const u = new Uint32Array(x.buffer, x.byteOffset + i * 8, 2);
  return u[1]!.toString(16).padStart(8, '0') + u[0]!.toString(16).padStart(8, '0');
}

function roundTrip(t: number[], v: Float64Array, stale: Uint8Array | null, level: number): SampleBuffer {
  const data = encodeChunk(Float64Array.from(t), v, stale, 0, t.length, { level });
  expect(chunkSampleCount(data)).toBe(t.length);
  const out = new SampleBuffer(2);
  decodeChunk(data, out);
  expect(out.length).toBe(t.length);
  for (let i = 0; i < t.length; i++) {
    expect(out.t[i]).toBe(t[i]);
    const isStale = stale !== null && stale[i] === 1;
    expect(out.isStale(i)).toBe(isStale);
    if (isStale) expect(Number.isNaN(out.v[i])).toBe(true);
    else expect(bitsOf(out.v, i)).toBe(bitsOf(v, i));
  }
  return out;
}

/** A NaN with a payload, written through integer views so the bits are known. */
function nanWithPayload(): Float64Array {
  const a = new Float64Array(1);
  const u = new Uint32Array(a.buffer);
  u[1] = 0x7ff80000;
  u[0] = 0xdeadbeef;
  return a;
}

describe('chunk encoding', () => {
  it('round-trips decimal values (gauges, counters) at every level', () => {
    const t: number[] = [];
    const v = new Float64Array(1440);
    let c = 1000;
    for (let i = 0; i < 1440; i++) {
      t.push(1704067200229 + i * 15000);
      c += Math.floor(Math.random() * 100);
      v[i] = i % 3 === 0 ? c : Math.round(Math.random() * 1e5) / 1000;
    }
    for (const level of [0, 1, 9]) roundTrip(t, v, null, level);
    const small = encodeChunk(Float64Array.from(t), v, null, 0, t.length, { level: 9 });
    expect(small[0]! & 1).toBe(0); // decimal, no fallback
  });

  it('falls back to XOR bit-exactly for NaN, -0, ±Inf, denormals and random doubles', () => {
    const n = 200;
    const t: number[] = [];
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t.push(i * 1000);
      v[i] = Math.random() * 1e300 * (i % 2 ? -1 : 1);
    }
    v[3] = -0;
    v[4] = Infinity;
    v[5] = -Infinity;
    v[6] = 5e-324;
    v[7] = 2.2250738585072e-308;
    v[8] = NaN;
    new Uint32Array(v.buffer).set(new Uint32Array(nanWithPayload().buffer), 9 * 2);
    v[10] = 0.1 + 0.2;
    const out = roundTrip(t, v, null, 0);
    expect(Object.is(out.v[3], -0)).toBe(true);
    expect(bitsOf(out.v, 9)).toBe('7ff80000deadbeef');
    roundTrip(t, v, null, 6);
  });

  it('keeps staleness markers as flags, in both value encodings', () => {
    const t = [0, 15000, 30000, 45000, 60000];
    const stale = Uint8Array.from([0, 1, 0, 0, 1]);
    roundTrip(t, Float64Array.from([1, NaN, 2, 3, NaN]), stale, 0);
    roundTrip(t, Float64Array.from([1.5, NaN, -0, Infinity, NaN]), stale, 9);
    // A chunk that is only a staleness marker.
    roundTrip([42], Float64Array.from([NaN]), Uint8Array.from([1]), 0);
  });

  it('handles big timestamp jumps, negative times and irregular spacing', () => {
    const t = [-8640000000000, -1, 0, 1, 2 ** 52, 2 ** 53 - 1];
    roundTrip(t, Float64Array.from([1, 2, 3, 4, 5, 6]), null, 0);
    const t2 = [1000, 1001, 900000000, 900000001, 1700000000000, 1700000000015];
    roundTrip(t2, Float64Array.from([0, 0, 0, 0, 0, 0]), null, 9);
  });

  it('decodes only the requested range and appends after existing samples', () => {
    const t = [10, 20, 30, 40, 50];
    const data = encodeChunk(Float64Array.from(t), Float64Array.from([1, 2, 3, 4, 5]), null, 0, 5, { level: 0 });
    const out = new SampleBuffer(1);
    out.push(5, 0.5, false);
    decodeChunk(data, out, 20, 40);
    expect(Array.from(out.t.subarray(0, out.length))).toEqual([5, 20, 30, 40]);
    expect(Array.from(out.v.subarray(0, out.length))).toEqual([0.5, 2, 3, 4]);
    decodeChunk(data, out, 60, 70);
    expect(out.length).toBe(4);
  });

  it('stores a steady scrape interval as runs: a few bytes for all timestamps', () => {
    const n = 1440;
    const t = Array.from({ length: n }, (_, i) => 1_704_067_200_229 + i * 15_000);
    const v = new Float64Array(n).fill(7);
    // Count, first time (7 bytes), first delta, one run; mantissa 7 and n−1 zero deltas.
    const data = encodeChunk(Float64Array.from(t), v, null, 0, n, { level: 0 });
    expect(data.length).toBeLessThan(n + 20);
    roundTrip(t, v, null, 0);
    // A jittered interval only has short runs, and still round-trips.
    const j = t.map((x, i) => x + (i % 7 === 3 ? 2 : 0));
    roundTrip(j, v, null, 0);
    roundTrip(j, v, null, 9);
  });

  it('varints carry safe integers both ways', () => {
    const w = new ByteWriter(1);
    const xs = [0, 1, -1, 127, 128, -129, 2 ** 31, -(2 ** 31) - 5, 2 ** 52 - 1, -(2 ** 52) + 1];
    for (const x of xs) w.varint(x);
    const r = new ByteReader(w.finish());
    for (const x of xs) expect(r.varint()).toBe(x);
    expect(() => r.byte()).toThrow(RangeError);
  });
});
