/**
 * The read path, shared by the main thread (TSDB.querier) and worker threads (TSDBReader):
 * label matchers through the postings index, samples from the shared head ring and the
 * SQLite chunks, merged per series into typed arrays.
 *
 * Consistency: a querier copies the head's per-series visible extent (lastT) once when it is
 * created, and every select shows, for each series, exactly its samples with t <= that copy,
 * i.e. whole committed batches. The ring of a series is read before its chunks: whatever the
 * writer evicts from a ring was committed to SQLite before, so a later read finds it there.
 */

import { compareLabels, type Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import type { Querier, SampleArrays, SelectHints, Series } from '../storage/interface.js';
import { decodeChunk } from './chunkenc/chunk.js';
import { SampleBuffer } from './chunkenc/samples.js';
import { sortDedupe } from './head.js';
import type { PairDictionary } from './labelStore.js';
import { PostingsIndex } from './postings.js';
import type { SqliteDb } from './schema.js';
import type { HeadSnapshot, SharedHead } from './sharedHead.js';

const LABEL_CACHE_MAX = 1 << 20;

/** What a querier reads through: one SQLite connection and a view of the shared head. */
export class ReadContext {
  readonly index: PostingsIndex;
  private readonly labelCache = new Map<number, Labels>();
  private readonly seriesRow;
  private readonly chunkRanges;
  private readonly chunkData;
  private readonly allSeriesRows;
  private readonly chunksOf;
  private readonly readTxn: <T>(fn: () => T) => T;

  constructor(
    readonly sql: SqliteDb,
    readonly head: SharedHead,
    readonly dict: PairDictionary,
    /** Whether reads need their own transaction (another thread writes meanwhile). */
    ownTransactions: boolean,
  ) {
    this.index = new PostingsIndex(sql);
    this.seriesRow = sql.prepare('SELECT lset FROM series WHERE id = ?').pluck();
    this.chunkRanges = sql.prepare('SELECT id, mint, maxt, seq FROM chunks WHERE series_id = ? AND maxt >= ? AND mint <= ?').raw();
    this.chunkData = sql.prepare('SELECT data FROM chunks WHERE id = ?').pluck();
    this.allSeriesRows = sql.prepare('SELECT id, lset FROM series').raw();
    this.chunksOf = sql
      .prepare('SELECT mint, maxt, seq, data, n FROM chunks WHERE series_id = ? AND maxt >= ? AND mint <= ? ORDER BY mint')
      .raw();
    if (ownTransactions) {
      this.readTxn = <T>(fn: () => T): T => {
        if (sql.inTransaction) return fn();
        sql.exec('BEGIN');
        try {
          return fn();
        } finally {
          sql.exec('COMMIT');
        }
      };
    } else this.readTxn = <T>(fn: () => T): T => fn();
  }

  inTransaction<T>(fn: () => T): T {
    return this.readTxn(fn);
  }

  /** Loads the labels of many series at once (one scan instead of a lookup each). */
  preload(ids: ArrayLike<number>): void {
    let missing = 0;
    for (let i = 0; i < ids.length; i++) if (!this.labelCache.has(ids[i]!)) missing++;
    if (missing < 2000) return;
    if (this.labelCache.size + missing > LABEL_CACHE_MAX) this.labelCache.clear();
    for (const [id, lset] of this.allSeriesRows.iterate() as Iterable<[number, Uint8Array]>) {
      if (!this.labelCache.has(id)) this.labelCache.set(id, this.dict.decode(lset));
    }
  }

  /** The labels of series `id`, or null when it no longer exists. */
  labelsOf(id: number): Labels | null {
    let l = this.labelCache.get(id);
    if (l !== undefined) return l;
    const lset = this.seriesRow.get(id) as Uint8Array | undefined;
    if (lset === undefined) return null;
    l = this.dict.decode(lset);
    if (this.labelCache.size >= LABEL_CACHE_MAX) this.labelCache.clear();
    this.labelCache.set(id, l);
    return l;
  }

  forget(id: number): void {
    this.labelCache.delete(id);
  }

  /**
   * Samples of series `id` with lo <= t <= hi visible in `snap`. The ring must be read by the
   * caller first (ringFirst = oldest ring timestamp, Infinity when none), inside no
   * transaction older than that read.
   */
  readChunks(id: number, lo: number, hi: number, snap: HeadSnapshot, ringFirst: number, out: SampleBuffer): boolean {
    const snapL = id < snap.lastT.length ? snap.lastT[id]! : -Infinity;
    // In-order chunk samples: before the ring's first sample and within the snapshot.
    const inHi = Math.min(hi, ringFirst - 1, snapL === -Infinity ? hi : snapL);
    let needSort = false;
    let prevMax = -Infinity;
    const rows = this.chunksOf.all(id, lo, hi) as Array<[number, number, number, Uint8Array, number]>;
    let total = 0;
    for (const r of rows) total += r[4];
    out.reserve(total);
    for (const [mint, maxt, seq, data] of rows) {
      if (seq > 0) {
        if (seq > snap.commitSeq) continue;
        decodeChunk(data, out, lo, hi);
        needSort = true;
        continue;
      }
      if (mint > inHi) continue;
      if (mint <= prevMax) needSort = true;
      if (maxt > prevMax) prevMax = maxt;
      decodeChunk(data, out, lo, inHi);
    }
    return needSort;
  }

  /** Whether series `id` has a sample in [lo, hi] in `snap`. */
  hasData(id: number, lo: number, hi: number, snap: HeadSnapshot, scratch: SampleBuffer): boolean {
    const snapL = id < snap.lastT.length ? snap.lastT[id]! : -Infinity;
    if (this.head.ringHas(id, snapL, lo, hi)) return true;
    scratch.length = 0;
    const first = this.head.readRing(id, snapL, scratch);
    const inHi = Math.min(hi, first - 1, snapL === -Infinity ? hi : snapL);
    let partial: number[] | null = null;
    for (const [cid, mint, maxt, seq] of this.chunkRanges.iterate(id, lo, hi) as Iterable<[number, number, number, number]>) {
      const bound = seq > 0 ? hi : inHi;
      if (seq > 0 && seq > snap.commitSeq) continue;
      if (mint > bound) continue;
      if (mint >= lo && maxt <= bound) return true;
      (partial ??= []).push(cid, seq > 0 ? hi : inHi);
    }
    // Overlapping the range is not enough: there may be no sample inside it.
    for (let k = 0; partial !== null && k < partial.length; k += 2) {
      scratch.length = 0;
      decodeChunk(this.chunkData.get(partial[k]) as Uint8Array, scratch, lo, partial[k + 1]);
      if (scratch.length > 0) return true;
    }
    return false;
  }
}

export class TSDBQuerier implements Querier {
  private readonly snap: HeadSnapshot;
  private closed = false;

  constructor(
    private readonly ctx: ReadContext,
    private readonly mint: number,
    private readonly maxt: number,
  ) {
    this.snap = ctx.head.snapshot();
  }

  private check(): void {
    if (this.closed) throw new Error('querier is closed');
  }

  select(sorted: boolean, hints: SelectHints | null, ...matchers: Matcher[]): Series[] {
    this.check();
    const ctx = this.ctx;
    const lo = Math.max(this.mint, hints?.start ?? this.mint);
    const hi = Math.min(this.maxt, hints?.end ?? this.maxt);
    const metaOnly = hints?.func === 'series';
    const ids = ctx.inTransaction(() => {
      const ids = ctx.index.select(matchers);
      ctx.preload(ids);
      return ids;
    });
    const labels: Labels[] = [];
    const keep: number[] = [];
    for (const id of ids) {
      const l = ctx.labelsOf(id);
      if (l === null) continue;
      labels.push(l);
      keep.push(id);
    }
    if (metaOnly) {
      // Metadata calls rarely look at samples: load them only when asked.
      const out: Series[] = [];
      for (let k = 0; k < keep.length; k++) {
        const id = keep[k]!;
        let loaded: SampleArrays | null = null;
        const load = (): SampleArrays => (loaded ??= this.loadOne(id, lo, hi));
        out.push({
          labels: labels[k]!,
          get samples() {
            return load();
          },
        });
      }
      if (sorted) out.sort((a, b) => compareLabels(a.labels, b.labels));
      return out;
    }
    // Rings first, then chunks in one read transaction that starts after them.
    const bufs: SampleBuffer[] = new Array(keep.length);
    const firsts = new Float64Array(keep.length);
    for (let k = 0; k < keep.length; k++) {
      const id = keep[k]!;
      const ring = new SampleBuffer(8);
      firsts[k] = ctx.head.readRing(id, id < this.snap.lastT.length ? this.snap.lastT[id]! : -Infinity, ring);
      bufs[k] = ring;
    }
    const out: Series[] = [];
    ctx.inTransaction(() => {
      for (let k = 0; k < keep.length; k++) {
        const id = keep[k]!;
        const ring = bufs[k]!;
        const buf = new SampleBuffer(ring.length + 16);
        const needSort = lo <= hi ? ctx.readChunks(id, lo, hi, this.snap, firsts[k]!, buf) : false;
        appendRange(buf, ring, lo, hi);
        if (needSort) sortDedupe(buf);
        if (buf.length === 0 && !metaOnly) continue;
        out.push({ labels: labels[k]!, samples: finish(buf) });
      }
    });
    if (sorted) out.sort((a, b) => compareLabels(a.labels, b.labels));
    return out;
  }

  private loadOne(id: number, lo: number, hi: number): SampleArrays {
    const ctx = this.ctx;
    const ring = new SampleBuffer(8);
    const first = ctx.head.readRing(id, id < this.snap.lastT.length ? this.snap.lastT[id]! : -Infinity, ring);
    return ctx.inTransaction(() => {
      const buf = new SampleBuffer(ring.length + 16);
      const needSort = lo <= hi ? ctx.readChunks(id, lo, hi, this.snap, first, buf) : false;
      appendRange(buf, ring, lo, hi);
      if (needSort) sortDedupe(buf);
      return finish(buf);
    });
  }

  private matchingWithData(matchers: Matcher[]): Labels[] {
    const ctx = this.ctx;
    const scratch = new SampleBuffer(RING_SCRATCH);
    return ctx.inTransaction(() => {
      const ids = ctx.index.select(matchers);
      ctx.preload(ids);
      const out: Labels[] = [];
      for (const id of ids) {
        if (!ctx.hasData(id, this.mint, this.maxt, this.snap, scratch)) continue;
        const l = ctx.labelsOf(id);
        if (l !== null) out.push(l);
      }
      return out;
    });
  }

  /** Whether any series of `ids` has a sample in the querier's range (stops at the first). */
  private anyWithData(ids: number[], scratch: SampleBuffer): boolean {
    for (const id of ids) if (this.ctx.hasData(id, this.mint, this.maxt, this.snap, scratch)) return true;
    return false;
  }

  labelValues(name: string, ...matchers: Matcher[]): string[] {
    this.check();
    const ctx = this.ctx;
    if (matchers.length === 0) {
      // Per value, one series with data is enough: usually one check per value, not per series.
      const scratch = new SampleBuffer(RING_SCRATCH);
      return ctx.inTransaction(() => {
        const out: string[] = [];
        for (const [pid, value] of ctx.index.valuesOf(name)) {
          if (value !== '' && this.anyWithData(ctx.index.postings(pid), scratch)) out.push(value);
        }
        return out.sort();
      });
    }
    const vals = new Set<string>();
    for (const l of this.matchingWithData(matchers)) {
      const v = l.get(name);
      if (v !== '') vals.add(v);
    }
    return [...vals].sort();
  }

  labelNames(...matchers: Matcher[]): string[] {
    this.check();
    const ctx = this.ctx;
    if (matchers.length === 0) {
      const scratch = new SampleBuffer(RING_SCRATCH);
      return ctx.inTransaction(() => {
        const found = new Set<string>();
        for (const [pid, name] of ctx.index.allPairs()) {
          if (found.has(name)) continue;
          if (this.anyWithData(ctx.index.postings(pid), scratch)) found.add(name);
        }
        return [...found].sort();
      });
    }
    const names = new Set<string>();
    for (const l of this.matchingWithData(matchers)) l.forEach((n) => names.add(n));
    return [...names].sort();
  }

  close(): void {
    this.closed = true;
  }
}

const RING_SCRATCH = 64;

function appendRange(dst: SampleBuffer, src: SampleBuffer, lo: number, hi: number): void {
  for (let i = 0; i < src.length; i++) {
    const t = src.t[i]!;
    if (t < lo || t > hi) continue;
    dst.pushFrom(src, i);
  }
}

function finish(buf: SampleBuffer): SampleArrays {
  let stale: Uint8Array | null = null;
  if (buf.staleFlags) {
    const s = buf.staleFlags.subarray(0, buf.length);
    if (s.includes(1)) stale = s;
  }
  return { t: buf.t, v: buf.v, stale, length: buf.length };
}
