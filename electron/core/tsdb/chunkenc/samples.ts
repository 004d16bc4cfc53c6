/**
 * A growable column set of samples (t, v, stale) that decoders append into, so a query
 * builds one result per series without intermediate arrays.
 */

import type { SampleArrays } from '../../storage/interface.js';

export class SampleBuffer implements SampleArrays {
  t: Float64Array;
  v: Float64Array;
  /** The values' bits, two words per sample (low, high): copies through it keep NaN payloads. */
  vb: Uint32Array;
  /** Allocated on the first staleness marker. */
  staleFlags: Uint8Array | null = null;
  length = 0;

  constructor(capacity = 16) {
    this.t = new Float64Array(Math.max(1, capacity));
    this.v = new Float64Array(Math.max(1, capacity));
    this.vb = new Uint32Array(this.v.buffer);
  }

  get stale(): Uint8Array | null {
    return this.staleFlags;
  }

  /** Makes room for `n` more samples. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.t.length) return;
    let cap = this.t.length * 2;
    while (cap < need) cap *= 2;
    const nt = new Float64Array(cap);
    nt.set(this.t.subarray(0, this.length));
    const nv = new Float64Array(cap);
    // Copy through integer views so NaN payloads survive.
    const nvb = new Uint32Array(nv.buffer);
    nvb.set(this.vb.subarray(0, this.length * 2));
    this.t = nt;
    this.v = nv;
    this.vb = nvb;
    if (this.staleFlags) {
      const ns = new Uint8Array(cap);
      ns.set(this.staleFlags.subarray(0, this.length));
      this.staleFlags = ns;
    }
  }

  markStale(i: number): void {
    if (!this.staleFlags) this.staleFlags = new Uint8Array(this.t.length);
    this.staleFlags[i] = 1;
  }

  push(t: number, v: number, stale: boolean): void {
    this.reserve(1);
    const i = this.length++;
    this.t[i] = t;
    if (stale) {
      this.v[i] = NaN;
      this.markStale(i);
    } else {
      this.v[i] = v;
      if (this.staleFlags) this.staleFlags[i] = 0;
    }
  }

  /** Appends sample i of `src` bit-exactly. */
  pushFrom(src: SampleBuffer, i: number): void {
    if (this.length === this.t.length) this.reserve(1);
    const o = this.length++;
    this.t[o] = src.t[i]!;
    this.vb[o * 2] = src.vb[i * 2]!;
    this.vb[o * 2 + 1] = src.vb[i * 2 + 1]!;
    if (src.staleFlags !== null && src.staleFlags[i] === 1) this.markStale(o);
    else if (this.staleFlags) this.staleFlags[o] = 0;
  }

  /** Appends (t, value bits of v[i] in `vb`, stale) bit-exactly. */
  pushBits(t: number, vb: Uint32Array, i: number, stale: boolean): void {
    if (this.length === this.t.length) this.reserve(1);
    const o = this.length++;
    this.t[o] = t;
    this.vb[o * 2] = vb[i * 2]!;
    this.vb[o * 2 + 1] = vb[i * 2 + 1]!;
    if (stale) this.markStale(o);
    else if (this.staleFlags) this.staleFlags[o] = 0;
  }

  isStale(i: number): boolean {
    return this.staleFlags !== null && this.staleFlags[i] === 1;
  }
}
