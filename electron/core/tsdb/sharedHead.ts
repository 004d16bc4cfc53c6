/**
 * The head's recent samples in shared memory, so worker threads read them without a copy
 * per query and without ever making the writer wait.
 *
 * Every series (slot = series id) owns a ring of RING_CAP samples in three growable
 * SharedArrayBuffers (t, v, stale). The writer (the main thread) only ever overwrites a
 * ring position whose sample is already in a SQLite chunk, and it announces an overwrite
 * by raising the slot's write index *before* touching the data. A reader copies what it
 * needs and then re-checks the write index: if the oldest sample it used may have been
 * overwritten it retries, and at worst finds those samples in SQLite (read after the ring).
 *
 * Visibility is per commit: `lastT[slot]` is the newest committed timestamp of each series,
 * published for a whole batch at once under a sequence lock. A querier copies the lastT
 * array once (a few hundred KB for 100k series, not the samples) and from then on sees,
 * for every series, exactly the samples with t <= its copy: whole batches, never half.
 */

import { SampleBuffer } from './chunkenc/samples.js';

/** Samples per series ring. Chunks are cut before a ring fills (see head.ts). */
export const RING_CAP = 64;
/** Series ids are ring slots; growable SharedArrayBuffers are limited to 4 GiB. */
export const MAX_SLOTS = 1 << 23;

const CTL_SEQLOCK = 0;
/** A word the writer updates atomically only for the barrier it implies (see fence()). */
const CTL_FENCE = 1;
/** Float64 index (in the ctl buffer's Float64 view) of the last published commit sequence. */
const CTL_F64_COMMIT_SEQ = 1;

export interface SharedHeadBuffers {
  readonly ctl: SharedArrayBuffer;
  readonly lastT: SharedArrayBuffer;
  readonly writeIdx: SharedArrayBuffer;
  readonly ringMin: SharedArrayBuffer;
  readonly t: SharedArrayBuffer;
  readonly v: SharedArrayBuffer;
  readonly s: SharedArrayBuffer;
}

/** A consistent cut of the head: what a querier sees. */
export interface HeadSnapshot {
  /** Newest committed timestamp per slot (-Infinity: nothing in the head for it yet). */
  readonly lastT: Float64Array;
  /** Commit sequence number of the newest batch included. */
  readonly commitSeq: number;
}

function growable(bytes: number, maxBytes: number): SharedArrayBuffer {
  // The options bag of growable SharedArrayBuffers is not in TypeScript's ES2023 lib.
  const Ctor = SharedArrayBuffer as unknown as new (len: number, opts: { maxByteLength: number }) => SharedArrayBuffer;
  return new Ctor(bytes, { maxByteLength: maxBytes });
}

function growTo(buf: SharedArrayBuffer, bytes: number): void {
  if (buf.byteLength < bytes) (buf as unknown as { grow(n: number): void }).grow(bytes);
}

export class SharedHead {
  readonly ctl: Int32Array;
  readonly ctlF64: Float64Array;
  // Fixed-length views (faster than length-tracking ones), re-made when the buffers grew.
  lastT!: Float64Array;
  writeIdx!: Int32Array;
  ringMin!: Int32Array;
  t!: Float64Array;
  v!: Float64Array;
  /** The ring values' bits (low, high word per sample), for bit-exact copies. */
  vb!: Uint32Array;
  s!: Uint8Array;

  private constructor(readonly buffers: SharedHeadBuffers) {
    this.ctl = new Int32Array(buffers.ctl, 0, 2);
    this.ctlF64 = new Float64Array(buffers.ctl, 0, 2);
    this.remap();
  }

  /** Re-makes the views after the writer grew the buffers (any thread). */
  private remap(): void {
    const b = this.buffers;
    // Slots visible = lastT's length; it is grown last, so the rings are at least that big.
    const slots = b.lastT.byteLength / 8;
    this.lastT = new Float64Array(b.lastT, 0, slots);
    this.writeIdx = new Int32Array(b.writeIdx, 0, slots);
    this.ringMin = new Int32Array(b.ringMin, 0, slots);
    this.t = new Float64Array(b.t, 0, slots * RING_CAP);
    this.v = new Float64Array(b.v, 0, slots * RING_CAP);
    this.vb = new Uint32Array(b.v, 0, slots * RING_CAP * 2);
    this.s = new Uint8Array(b.s, 0, slots * RING_CAP);
  }

  /** Reader: picks up growth by the writer (new series since the views were made). */
  refresh(): void {
    if (this.buffers.lastT.byteLength / 8 !== this.lastT.length) this.remap();
  }

  static create(initialSlots = 1024): SharedHead {
    const n = Math.max(16, initialSlots);
    const h = new SharedHead({
      ctl: new SharedArrayBuffer(16),
      lastT: growable(n * 8, MAX_SLOTS * 8),
      writeIdx: growable(n * 4, MAX_SLOTS * 4),
      ringMin: growable(n * 4, MAX_SLOTS * 4),
      t: growable(n * RING_CAP * 8, MAX_SLOTS * RING_CAP * 8),
      v: growable(n * RING_CAP * 8, MAX_SLOTS * RING_CAP * 8),
      s: growable(n * RING_CAP, MAX_SLOTS * RING_CAP),
    });
    h.lastT.fill(-Infinity);
    return h;
  }

  /** The reader's side: views on buffers a writer created (in another thread). */
  static attach(buffers: SharedHeadBuffers): SharedHead {
    return new SharedHead(buffers);
  }

  get slots(): number {
    return this.lastT.length;
  }

  /** Writer: makes room for slot ids below `n`. */
  ensureSlots(n: number): void {
    if (n <= this.lastT.length) return;
    if (n > MAX_SLOTS) throw new RangeError(`too many series ids for the head (${n} > ${MAX_SLOTS})`);
    // Grow by a quarter (not double): rings are most of the head's memory.
    const cap = Math.min(MAX_SLOTS, Math.max(n, Math.ceil((this.lastT.length * 1.25) / 1024) * 1024));
    const old = this.lastT.length;
    const b = this.buffers;
    growTo(b.t, cap * RING_CAP * 8);
    growTo(b.v, cap * RING_CAP * 8);
    growTo(b.s, cap * RING_CAP);
    growTo(b.writeIdx, cap * 4);
    growTo(b.ringMin, cap * 4);
    // lastT last: its length is what readers take as the number of slots.
    growTo(b.lastT, cap * 8);
    this.remap();
    this.lastT.fill(-Infinity, old);
  }

  /**
   * Writer: puts samples [from, to) of the columns into the slot's ring. They stay invisible
   * to queriers until publish() raises lastT past them.
   */
  writeRing(slot: number, t: Float64Array, srcBits: Uint32Array, stale: Uint8Array | null, from: number, to: number): void {
    const base = slot * RING_CAP;
    let idx = this.writeIdx[slot]!;
    const vBits = this.vb;
    // Announce before writing: a reader that copied a position about to be reused sees the
    // raise and retries.
    Atomics.store(this.writeIdx, slot, idx + (to - from));
    for (let i = from; i < to; i++) {
      const p = base + (idx % RING_CAP);
      vBits[p * 2] = srcBits[i * 2]!;
      vBits[p * 2 + 1] = srcBits[i * 2 + 1]!;
      this.s[p] = stale !== null && stale[i] === 1 ? 1 : 0;
      this.t[p] = t[i]!;
      idx++;
    }
  }

  /**
   * Writer: a full barrier. A writer that raised write indexes with plain stores calls this
   * before it overwrites any ring position, so that no reader can see the new data without
   * the raise.
   */
  fence(): void {
    Atomics.add(this.ctl, CTL_FENCE, 1);
  }

  /** Writer: the ring's samples below the current write index are no longer valid (deleted). */
  invalidateRing(slot: number): void {
    Atomics.store(this.ringMin, slot, this.writeIdx[slot]!);
  }

  /** Writer: makes a batch visible at once. `slots[i]` gets `lastTs[i]`. */
  publish(slots: Int32Array | number[], lastTs: Float64Array | number[], count: number, commitSeq: number): void {
    Atomics.add(this.ctl, CTL_SEQLOCK, 1);
    for (let i = 0; i < count; i++) this.lastT[slots[i]!] = lastTs[i]!;
    this.ctlF64[CTL_F64_COMMIT_SEQ] = commitSeq;
    Atomics.add(this.ctl, CTL_SEQLOCK, 1);
  }

  /** Writer: sets one slot's lastT outside a batch (recovery, deletion). */
  setLastT(slot: number, t: number): void {
    Atomics.add(this.ctl, CTL_SEQLOCK, 1);
    this.lastT[slot] = t;
    Atomics.add(this.ctl, CTL_SEQLOCK, 1);
  }

  /** Reader: a consistent copy of every slot's visible extent. Never waits for the writer's I/O. */
  snapshot(): HeadSnapshot {
    this.refresh();
    for (let spins = 0; ; spins++) {
      const s1 = Atomics.load(this.ctl, CTL_SEQLOCK);
      if ((s1 & 1) === 0) {
        const lastT = this.lastT.slice();
        const commitSeq = this.ctlF64[CTL_F64_COMMIT_SEQ]!;
        if (Atomics.load(this.ctl, CTL_SEQLOCK) === s1) return { lastT, commitSeq };
      }
      // The writer's critical section is a few stores per series of one batch: just retry.
      if (spins > 1000) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0.05);
    }
  }

  /** Reader: whether the ring of `slot` holds a visible sample in [lo, hi] (no copy). */
  ringHas(slot: number, snapLastT: number, lo: number, hi: number): boolean {
    if (slot >= this.writeIdx.length || snapLastT === -Infinity) return false;
    for (;;) {
      const w1 = Atomics.load(this.writeIdx, slot);
      const from = Math.max(w1 - RING_CAP, Atomics.load(this.ringMin, slot), 0);
      const base = slot * RING_CAP;
      let prev = -Infinity;
      let found = false;
      for (let idx = from; idx < w1; idx++) {
        const t = this.t[base + (idx % RING_CAP)]!;
        if (t > snapLastT || t <= prev) break;
        if (t >= lo && t <= hi) {
          found = true;
          break;
        }
        prev = t;
      }
      if (Atomics.load(this.writeIdx, slot) - RING_CAP <= from && Atomics.load(this.ringMin, slot) <= from) return found;
    }
  }

  /**
   * Reader: appends the ring's samples of `slot` with t <= snapLastT to `out` and returns the
   * timestamp of the oldest one (Infinity when none): every sample of the series before that
   * is in SQLite chunks, which the caller must read after this call.
   */
  readRing(slot: number, snapLastT: number, out: SampleBuffer): number {
    if (slot >= this.writeIdx.length || snapLastT === -Infinity) return Infinity;
    const base0 = out.length;
    for (;;) {
      out.length = base0;
      const w1 = Atomics.load(this.writeIdx, slot);
      const lo = Math.max(w1 - RING_CAP, Atomics.load(this.ringMin, slot), 0);
      const base = slot * RING_CAP;
      let first = Infinity;
      let prev = -Infinity;
      out.reserve(w1 - lo);
      const vBits = this.vb;
      const oBits = out.vb;
      for (let idx = lo; idx < w1; idx++) {
        const p = base + (idx % RING_CAP);
        const t = this.t[p]!;
        // Past the visible extent, or a position not rewritten yet (an older lap of the ring).
        if (t > snapLastT || t <= prev) break;
        const o = out.length++;
        out.t[o] = t;
        oBits[o * 2] = vBits[p * 2]!;
        oBits[o * 2 + 1] = vBits[p * 2 + 1]!;
        if (this.s[p] === 1) {
          out.markStale(o);
          out.v[o] = NaN;
        } else if (out.staleFlags) out.staleFlags[o] = 0;
        if (first === Infinity) first = t;
        prev = t;
      }
      // Valid if no write started at or beyond lo + RING_CAP (which would reuse lo's position).
      if (Atomics.load(this.writeIdx, slot) - RING_CAP <= lo && Atomics.load(this.ringMin, slot) <= lo) return first;
    }
  }
}
