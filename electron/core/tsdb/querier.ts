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
import { interruptTick } from '../model/interrupt.js';
import type { Matcher } from '../model/matcher.js';
import type { Querier, SampleArrays, SelectHints, Series } from '../storage/interface.js';
import { SampleBuffer } from './chunkenc/samples.js';
import { ChunkView } from './chunkenc/view.js';
import { ChunkCache, DEFAULT_CHUNK_CACHE_BYTES } from './chunkCache.js';
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
  private readonly cache: ChunkCache;
  private readonly readTxn: <T>(fn: () => T) => T;

  constructor(
    readonly sql: SqliteDb,
    readonly head: SharedHead,
    readonly dict: PairDictionary,
    /** Whether reads need their own transaction (another thread writes meanwhile). */
    ownTransactions: boolean,
    cacheBytes = DEFAULT_CHUNK_CACHE_BYTES,
  ) {
    this.index = new PostingsIndex(sql);
    this.cache = new ChunkCache(cacheBytes);
    this.seriesRow = sql.prepare('SELECT lset FROM series WHERE id = ?').pluck();
    // Answered from the covering index alone, in maxt order (in-order chunks do not overlap,
    // so that is also mint order; overlaps are detected and sorted as before).
    this.chunkRanges = sql.prepare('SELECT id, mint, maxt, seq, n FROM chunks WHERE series_id = ? AND maxt >= ? AND mint <= ?').raw();
    this.chunkData = sql.prepare('SELECT data FROM chunks WHERE id = ?').pluck();
    this.allSeriesRows = sql.prepare('SELECT id, lset FROM series').raw();
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

  /** The chunk rows of series `id` overlapping [lo, hi] (from the covering index, in maxt order). */
  chunkRows(id: number, lo: number, hi: number): ChunkRow[] {
    return this.chunkRanges.all(id, lo, hi) as ChunkRow[];
  }

  /**
   * Appends the samples of `rows` (chunkRows of series `id`) with lo <= t <= hi visible in
   * `snap` to `out`; returns whether they need sorting. The ring must be read by the caller
   * first (ringFirst = oldest ring timestamp, Infinity when none), inside no transaction
   * older than that read.
   */
  readChunks(rows: ChunkRow[], id: number, lo: number, hi: number, snap: HeadSnapshot, ringFirst: number, out: SampleBuffer): boolean {
    const snapL = id < snap.lastT.length ? snap.lastT[id]! : -Infinity;
    // In-order chunk samples: before the ring's first sample and within the snapshot.
    const inHi = Math.min(hi, ringFirst - 1, snapL === -Infinity ? hi : snapL);
    let needSort = false;
    let prevMax = -Infinity;
    for (let k = 0; k < rows.length; k++) {
      const [cid, mint, maxt, seq] = rows[k]!;
      if (seq > 0) {
        if (seq > snap.commitSeq) continue;
        this.readChunk(cid, mint, maxt, out, lo, hi);
        needSort = true;
        continue;
      }
      if (mint > inHi) continue;
      if (mint <= prevMax) needSort = true;
      if (maxt > prevMax) prevMax = maxt;
      this.readChunk(cid, mint, maxt, out, lo, inHi);
    }
    return needSort;
  }

  /** Appends chunk `cid`'s samples in [lo, hi] to `out`, through the cache. */
  private readChunk(cid: number, mint: number, maxt: number, out: SampleBuffer, lo: number, hi: number): void {
    let view = this.cache.get(cid);
    const fresh = view === undefined;
    if (view === undefined) {
      const data = this.chunkData.get(cid) as Uint8Array | undefined;
      if (data === undefined) throw new Error(`chunk ${cid} vanished inside a read transaction`);
      view = new ChunkView(data);
    }
    // Part of a chunk: build its checkpoints now, so this and later short reads skip ahead.
    if ((mint < lo || maxt > hi) && !view.indexed) {
      view.index();
      if (!fresh) this.cache.update(cid);
    }
    view.read(out, lo, hi);
    if (fresh) this.cache.put(cid, view);
  }

  /** Whether series `id` has a sample in [lo, hi] in `snap`. */
  hasData(id: number, lo: number, hi: number, snap: HeadSnapshot, scratch: SampleBuffer): boolean {
    const snapL = id < snap.lastT.length ? snap.lastT[id]! : -Infinity;
    if (this.head.ringHas(id, snapL, lo, hi)) return true;
    scratch.length = 0;
    const first = this.head.readRing(id, snapL, scratch);
    const inHi = Math.min(hi, first - 1, snapL === -Infinity ? hi : snapL);
    let partial: number[] | null = null;
    for (const [cid, mint, maxt, seq] of this.chunkRows(id, lo, hi)) {
      const bound = seq > 0 ? hi : inHi;
      if (seq > 0 && seq > snap.commitSeq) continue;
      if (mint > bound) continue;
      if (mint >= lo && maxt <= bound) return true;
      (partial ??= []).push(cid, mint, maxt, bound);
    }
    // Overlapping the range is not enough: there may be no sample inside it.
    for (let k = 0; partial !== null && k < partial.length; k += 4) {
      scratch.length = 0;
      this.readChunk(partial[k]!, partial[k + 1]!, partial[k + 2]!, scratch, lo, partial[k + 3]!);
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
      interruptTick();
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
    // Rings first (all into one buffer), then chunks in one read transaction that starts
    // after them. Samples of all series go back to back into shared columns and each series
    // gets views of its part: a few allocations per select instead of several per series.
    const snapL = this.snap.lastT;
    const rings = new SampleBuffer(64);
    const ringEnd = new Int32Array(keep.length);
    const firsts = new Float64Array(keep.length);
    for (let k = 0; k < keep.length; k++) {
      const id = keep[k]!;
      firsts[k] = ctx.head.readRing(id, id < snapL.length ? snapL[id]! : -Infinity, rings);
      ringEnd[k] = rings.length;
    }
    const out: Series[] = [];
    ctx.inTransaction(() => {
      // Chunk rows of every series first: their sizes say how big the arenas must be.
      const allRows: ChunkRow[][] = new Array(keep.length);
      const need = new Float64Array(keep.length);
      let left = 0;
      for (let k = 0; k < keep.length; k++) {
        const rows = lo <= hi ? ctx.chunkRows(keep[k]!, lo, hi) : NO_ROWS;
        allRows[k] = rows;
        need[k] = estimate(rows, lo, hi) + ringEnd[k]! - (k === 0 ? 0 : ringEnd[k - 1]!);
        left += need[k]!;
      }
      let arena = new SampleBuffer(Math.max(16, Math.min(ARENA_SEAL, left)));
      // Series in the current arena: k, start, end, …; views are made once it stops growing.
      let open: number[] = [];
      const seal = (): void => {
        for (let j = 0; j < open.length; j += 3) out.push({ labels: labels[open[j]!]!, samples: view(arena, open[j + 1]!, open[j + 2]!) });
        open = [];
      };
      for (let k = 0; k < keep.length; k++) {
        // Past ARENA_SEAL samples the next arena starts rather than copying all decoded so far.
        if (arena.length + need[k]! > arena.t.length && arena.length > 0 && arena.length + need[k]! > ARENA_SEAL) {
          seal();
          arena = new SampleBuffer(Math.max(16, need[k]!, Math.min(ARENA_SEAL, left)));
        }
        left -= need[k]!;
        const start = arena.length;
        const needSort = ctx.readChunks(allRows[k]!, keep[k]!, lo, hi, this.snap, firsts[k]!, arena);
        appendRange(arena, rings, k === 0 ? 0 : ringEnd[k - 1]!, ringEnd[k]!, lo, hi);
        if (needSort) sortDedupeFrom(arena, start);
        if (arena.length > start) open.push(k, start, arena.length);
      }
      seal();
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
      const needSort = lo <= hi ? ctx.readChunks(ctx.chunkRows(id, lo, hi), id, lo, hi, this.snap, first, buf) : false;
      appendRange(buf, ring, 0, ring.length, lo, hi);
      if (needSort) sortDedupe(buf);
      return view(buf, 0, buf.length);
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
        interruptTick();
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

/** Samples of one select go into arenas of up to about this many (4 MiB of t and v). */
const ARENA_SEAL = 1 << 18;

/** A chunk row as chunkRows gives it. */
export type ChunkRow = [id: number, mint: number, maxt: number, seq: number, n: number];
const NO_ROWS: ChunkRow[] = [];

/** About how many samples of `rows` fall in [lo, hi] (assuming even spacing in each chunk). */
function estimate(rows: ChunkRow[], lo: number, hi: number): number {
  let e = 0;
  for (let k = 0; k < rows.length; k++) {
    const [, mint, maxt, , n] = rows[k]!;
    if (mint >= lo && maxt <= hi) e += n;
    else if (maxt > mint) e += Math.ceil((n * (Math.min(maxt, hi) - Math.max(mint, lo))) / (maxt - mint)) + 2;
    else e += n;
  }
  return e;
}

function appendRange(dst: SampleBuffer, src: SampleBuffer, from: number, to: number, lo: number, hi: number): void {
  for (let i = from; i < to; i++) {
    const t = src.t[i]!;
    if (t < lo || t > hi) continue;
    dst.pushFrom(src, i);
  }
}

/** sortDedupe for the samples of `buf` from `start` on. */
function sortDedupeFrom(buf: SampleBuffer, start: number): void {
  const part = new SampleBuffer(buf.length - start);
  for (let i = start; i < buf.length; i++) part.pushFrom(buf, i);
  sortDedupe(part);
  buf.length = start;
  for (let i = 0; i < part.length; i++) buf.pushFrom(part, i);
}

/** Samples [start, end) of `buf` as views (the caller must not grow `buf` afterwards). */
function view(buf: SampleBuffer, start: number, end: number): SampleArrays {
  let stale: Uint8Array | null = null;
  if (buf.staleFlags) {
    const s = buf.staleFlags.subarray(start, end);
    if (s.includes(1)) stale = s;
  }
  return { t: buf.t.subarray(start, end), v: buf.v.subarray(start, end), stale, length: end - start };
}
