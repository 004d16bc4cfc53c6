/**
 * The head: the writer's side of recent data. It owns the series registry (label set →
 * id), validates and commits batches, writes them to the log, keeps each series' newest
 * samples in its shared-memory ring (sharedHead.ts) and cuts level-0 chunks into SQLite
 * before a ring can overwrite anything not yet stored there.
 *
 * A commit that creates series or cuts chunks is one SQLite transaction: new series, the
 * batch's log record, the chunks. A commit that needs neither (most scrapes) appends its
 * record to the log file (logFile.ts) instead. Only after either succeeded does memory change
 * (rings, lastT, registry), so a failed commit (disk full) leaves the files and the head as
 * they were.
 */

import type { Labels } from '../model/labels.js';
import type { LogFields, Logger } from '../log.js';
import { StorageError } from '../storage/errors.js';
import { SampleBuffer } from './chunkenc/samples.js';
import { decodeChunk, encodeChunk } from './chunkenc/chunk.js';
import { F64Column, I32Column, SampleColumns } from './columns.js';
import { PairDictionary, SeriesWriter } from './labelStore.js';
import { LEVEL_HEAD, NO_REPLAY_FLOOR, SERIES_ID_FLOOR_KEY, type SqliteDb } from './schema.js';
import { RING_CAP, SharedHead } from './sharedHead.js';
import { LogFile } from './logFile.js';
import { CorruptRecordError, decodeRecord, encodeRecord } from './wal.js';

/** Prometheus accepts in-order samples up to half a head chunk range (1h) behind the head's max time. */
const MIN_VALID_WINDOW_MS = 3_600_000;
/**
 * A series is due for a level-0 chunk at 32..47 unflushed samples. The jitter goes by blocks
 * of 16 ids (series a target created together) so that the cutting of aligned scrapes is
 * spread over time while one flush's index entries stay on few SQLite pages.
 */
const FLUSH_BASE = 32;
/** Due series are cut together, by housekeeping or once this many are waiting. */
const FLUSH_DUE_BATCH = 4096;
const MAX_CHUNK_SAMPLES = 2048;
/** The log is trimmed every this many commits; above LOG_SOFT_BYTES idle series are flushed so it can shrink. */
const TRIM_EVERY = 64;
const LOG_SOFT_BYTES = 32 << 20;

export interface HeadOptions {
  /** The storage directory: the log file's segments live in its `log` folder. */
  dir: string;
  outOfOrderWindowMs: number;
  logger: Logger;
}

export interface AppendCounters {
  samplesAppended: number;
  outOfOrder: number;
  duplicate: number;
  outOfBounds: number;
  tooOld: number;
  commits: number;
  seriesCreated: number;
}

/** A batch as an appender built it; `newSeries` maps the ids it reserved to their labels. */
export interface PendingBatch {
  cols: SampleColumns;
  newSeries: Map<number, Labels>;
}

const bitsScratch = new Float64Array(1);
const bitsU32 = new Uint32Array(bitsScratch.buffer);

export class Head {
  readonly shared: SharedHead;
  readonly dict: PairDictionary;
  private readonly seriesWriter: SeriesWriter;
  private readonly keyToId = new Map<string, number>();
  private readonly keys: (string | undefined)[] = [];
  /** Absolute ring index below which the series' samples are in SQLite chunks. */
  private readonly flushedIdx = new I32Column(1024);
  /** Log sequence of the oldest record holding an unflushed sample of the series; 0 = none. */
  private readonly unflushedSince = new F64Column(1024, 0);
  /** Samples and oldest time in level-0 chunks, to find compaction work. */
  readonly level0N = new I32Column(1024);
  readonly level0MinT = new F64Column(1024, Infinity);
  // Per-commit scratch, indexed by series id and valid while stamp[id] === commitNo.
  private readonly stamp = new I32Column(1024);
  private readonly curT = new F64Column(1024, 0);
  private readonly curV = new F64Column(1024, 0);
  private readonly curStale = new I32Column(1024);
  private readonly inCount = new I32Column(1024);
  private readonly oooCount = new I32Column(1024);
  private readonly offset = new I32Column(1024);
  /** Series whose unflushed samples reached their chunk size, cut in one transaction later. */
  private due: number[] = [];
  private readonly dueFlag = new I32Column(1024);
  private commitNo = 0;
  private appenderSerial = 0;
  private readonly columnPool: SampleColumns[] = [];
  /**
   * Per series, the newest sample an open appender added (owner = that appender's serial):
   * appenders check ordering within their batch here instead of a map per batch. When two
   * open appenders touch one series the later takes it over; the commit-time check still
   * drops anything out of order.
   */
  batchScratch = { owner: new Int32Array(1024), t: new Float64Array(1024), v: new Float64Array(1024), stale: new Uint8Array(1024) };
  private nextId = 1;
  private nextSeq = 1;
  private maxT = -Infinity;
  private logQueue: number[] = []; // seq, bytes, seq, bytes, … of live log records
  private logBytes = 0;
  private commitsSinceTrim = 0;
  readonly counters: AppendCounters = {
    samplesAppended: 0,
    outOfOrder: 0,
    duplicate: 0,
    outOfBounds: 0,
    tooOld: 0,
    commits: 0,
    seriesCreated: 0,
  };

  private readonly insertWal;
  private readonly deleteWalBefore;
  private readonly insertChunk;
  private readonly lastChunk;
  private readonly saveSeq;
  private readonly logFile: LogFile;
  private scratch = new SampleBuffer(256);
  private accepted = new Uint8Array(64);
  /** Per-commit scratch: the series a commit makes visible and their newest times. */
  private pubIds = new Int32Array(256);
  private touchedIds = new Int32Array(256);
  private ord = new Int32Array(256);
  private pubT = new Float64Array(256);

  constructor(
    private readonly sql: SqliteDb,
    private readonly opts: HeadOptions,
  ) {
    this.shared = SharedHead.create(1024);
    this.logFile = new LogFile(opts.dir);
    this.dict = new PairDictionary(sql);
    this.seriesWriter = new SeriesWriter(sql, this.dict);
    this.insertWal = sql.prepare('INSERT INTO wal (seq, data) VALUES (?, ?)');
    this.deleteWalBefore = sql.prepare('DELETE FROM wal WHERE seq < ?');
    this.insertChunk = sql.prepare('INSERT INTO chunks (series_id, mint, maxt, n, level, seq, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.saveSeq = sql.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('last_seq', ?)");
    this.lastChunk = sql.prepare('SELECT data FROM chunks WHERE series_id = ? AND seq = 0 ORDER BY maxt DESC LIMIT 1').pluck();
  }

  // ---- registry -------------------------------------------------------------------------

  get numSeries(): number {
    return this.keyToId.size;
  }

  /** Newest sample time appended (committed), or -Infinity. */
  get maxTime(): number {
    return this.maxT;
  }

  idOf(labels: Labels): number {
    return this.keyToId.get(labels.key) ?? 0;
  }

  /**
   * The series for a non-zero `ref` that still exists (trusted without looking at `labels`,
   * as Prometheus trusts series refs), else the lookup by labels (0 = none yet).
   */
  resolve(ref: number, labels: Labels): number {
    if (ref > 0 && ref < this.keys.length && this.keys[ref] !== undefined) return ref;
    return this.keyToId.get(labels.key) ?? 0;
  }

  lastT(id: number): number {
    return this.shared.lastT[id]!;
  }

  /** Lower bound for in-order samples of an appender opened now. */
  minValidTime(): number {
    return this.maxT === -Infinity ? -Infinity : this.maxT - MIN_VALID_WINDOW_MS;
  }

  get oooWindow(): number {
    return this.opts.outOfOrderWindowMs;
  }

  /** Whether the committed last sample of `id` (at lastT) equals (v, stale) bit for bit. */
  sameAsLast(id: number, v: number, stale: boolean): boolean {
    const sh = this.shared;
    const w = sh.writeIdx[id]!;
    let lv: number;
    let ls: boolean;
    if (w > sh.ringMin[id]! && w > 0) {
      const p = id * RING_CAP + ((w - 1) % RING_CAP);
      lv = sh.v[p]!;
      ls = sh.s[p] === 1;
      if (sh.t[p] !== sh.lastT[id]) return false;
    } else {
      const data = this.lastChunk.get(id) as Uint8Array | undefined;
      if (!data) return false;
      const buf = new SampleBuffer(64);
      decodeChunk(data, buf);
      if (buf.length === 0 || buf.t[buf.length - 1] !== sh.lastT[id]) return false;
      lv = buf.v[buf.length - 1]!;
      ls = buf.isStale(buf.length - 1);
    }
    if (ls || stale) return ls === stale;
    return sameBits(lv, v);
  }

  nextAppenderSerial(): number {
    this.appenderSerial = (this.appenderSerial + 1) | 0 || 1;
    return this.appenderSerial;
  }

  /** Reused sample columns: a scrape's batch does not regrow its arrays every time. */
  takeColumns(): SampleColumns {
    const c = this.columnPool.pop() ?? new SampleColumns(256);
    c.length = 0;
    return c;
  }

  returnColumns(c: SampleColumns): void {
    if (this.columnPool.length < 8 && c.t.length <= 1 << 20) this.columnPool.push(c);
  }

  private ensure(n: number): void {
    if (n > this.batchScratch.owner.length) {
      let cap = this.batchScratch.owner.length;
      while (cap < n) cap *= 2;
      const b = this.batchScratch;
      const owner = new Int32Array(cap);
      owner.set(b.owner);
      const t = new Float64Array(cap);
      t.set(b.t);
      const v = new Float64Array(cap);
      v.set(b.v);
      const st = new Uint8Array(cap);
      st.set(b.stale);
      b.owner = owner;
      b.t = t;
      b.v = v;
      b.stale = st;
    }
    this.shared.ensureSlots(n);
    for (const c of [this.flushedIdx, this.level0N, this.dueFlag, this.stamp, this.curStale, this.inCount, this.oooCount, this.offset]) c.ensure(n);
    for (const c of [this.unflushedSince, this.level0MinT, this.curT, this.curV]) c.ensure(n);
  }

  /** An id for a series an appender saw first; registered only when its batch commits. */
  reserveId(): number {
    const id = this.nextId++;
    this.ensure(this.nextId);
    return id;
  }

  private register(id: number, key: string): void {
    this.keys[id] = key;
    this.keyToId.set(key, id);
  }

  // ---- commit ---------------------------------------------------------------------------

  commit(batch: PendingBatch): void {
    const cols = batch.cols;
    if (cols.length === 0) return;
    // Series first seen in this batch: another appender may have created them meanwhile.
    const created: Array<[number, Labels]> = [];
    let remap: Map<number, number> | null = null;
    for (const [rid, l] of batch.newSeries) {
      const id = this.keyToId.get(l.key);
      if (id === undefined) created.push([rid, l]);
      else (remap ??= new Map()).set(rid, id);
    }
    const n = cols.length;
    const ids = cols.ids;
    if (remap) for (let i = 0; i < n; i++) ids[i] = remap.get(ids[i]!) ?? ids[i]!;

    // Classify against the committed state: 1 = in order, 2 = out of order within the window.
    if (this.accepted.length < n) this.accepted = new Uint8Array(Math.max(n, this.accepted.length * 2));
    const acc = this.accepted;
    if (this.touchedIds.length < n) this.touchedIds = new Int32Array(Math.max(n, this.touchedIds.length * 2));
    const touched = this.touchedIds;
    let nt = 0;
    const cno = ++this.commitNo;
    const stamp = this.stamp.a;
    const curT = this.curT.a;
    const curV = this.curV.a;
    const curStale = this.curStale.a;
    const inCount = this.inCount.a;
    const oooCount = this.oooCount.a;
    const oooMin = this.maxT - this.opts.outOfOrderWindowMs;
    let nIn = 0;
    let nOoo = 0;
    let batchMax = -Infinity;
    const createdIds = created.length > 0 ? new Set(created.map((c) => c[0])) : null;
    for (let i = 0; i < n; i++) {
      const id = ids[i]!;
      if (this.keys[id] === undefined && !createdIds?.has(id)) {
        // The series was deleted (retention, delete_series) while this batch was open.
        acc[i] = 0;
        continue;
      }
      if (stamp[id] !== cno) {
        stamp[id] = cno;
        curT[id] = this.shared.lastT[id]!;
        curStale[id] = -1; // unknown: looked up only for an equal timestamp
        inCount[id] = 0;
        oooCount[id] = 0;
        touched[nt++] = id;
      }
      const t = cols.t[i]!;
      const st = cols.stale[i] === 1;
      acc[i] = 0;
      if (t > curT[id]!) {
        acc[i] = 1;
        curT[id] = t;
        curV[id] = cols.v[i]!;
        curStale[id] = st ? 1 : 0;
        inCount[id]!++;
        nIn++;
        if (t > batchMax) batchMax = t;
      } else if (t === curT[id]) {
        const same = curStale[id] === -1 ? this.sameAsLast(id, cols.v[i]!, st) : curStale[id] === 1 ? st : !st && sameBits(curV[id]!, cols.v[i]!);
        if (!same) this.counters.duplicate++;
      } else if (this.opts.outOfOrderWindowMs > 0 && t >= oooMin) {
        acc[i] = 2;
        oooCount[id]!++;
        nOoo++;
      } else {
        this.counters.outOfOrder++;
      }
    }
    if (nIn + nOoo === 0 && created.length === 0) return;

    // Group accepted samples by series (counting sort, stable in append order).
    const offset = this.offset.a;
    let pos = 0;
    for (let j = 0; j < nt; j++) {
      const id = touched[j]!;
      offset[id] = pos;
      pos += inCount[id]! + oooCount[id]!;
    }
    if (this.ord.length < pos) this.ord = new Int32Array(pos * 2);
    const ord = this.ord;
    for (let i = 0; i < n; i++) {
      if (acc[i] === 0) continue;
      const id = ids[i]!;
      ord[offset[id]!++] = i;
    }
    // offset[id] now points past the series' samples.

    const seq = this.nextSeq;
    // A view of the encoder's buffer: the log file and SQLite copy it before the next commit.
    const record = encodeRecord(cols, acc.subarray(0, n), false);
    const flushes: Array<{ id: number; flushTo: number }> = [];
    const sh = this.shared;
    const cut: Array<{ id: number; mint: number; maxt: number; n: number; data: Uint8Array; seq: number }> = [];
    // Encode outside the transaction's statements, write everything in one go.
    for (let j = 0; j < nt; j++) {
      const id = touched[j]!;
      const end = offset[id]!;
      const cntIn = inCount[id]!;
      const cntOoo = oooCount[id]!;
      const start = end - cntIn - cntOoo;
      const unflushed = sh.writeIdx[id]! - this.flushedIdx.a[id]!;
      // Cut now only when the ring could not hold the unflushed samples (due series are cut
      // later, together). Out-of-order samples force a flush too: recovery takes a series'
      // newest chunk time as the end of what is flushed, so no in-order sample may stay
      // behind an OOO chunk.
      if ((cntIn > 0 && unflushed + cntIn > RING_CAP) || (cntOoo > 0 && unflushed + cntIn > 0)) {
        const buf = this.scratch;
        buf.length = 0;
        this.readUnflushed(id, buf);
        for (let k = start; k < end; k++) {
          const i = ord[k]!;
          if (acc[i] === 1) buf.pushBits(cols.t[i]!, cols.vb, i, cols.stale[i] === 1);
        }
        this.cutChunks(id, buf, 0, cut);
        flushes.push({ id, flushTo: sh.writeIdx[id]! + cntIn });
      }
      if (cntOoo > 0) {
        const buf = this.scratch;
        buf.length = 0;
        for (let k = start; k < end; k++) {
          const i = ord[k]!;
          if (acc[i] === 2) buf.pushBits(cols.t[i]!, cols.vb, i, cols.stale[i] === 1);
        }
        sortDedupe(buf);
        this.cutChunks(id, buf, seq, cut);
      }
    }

    if (created.length === 0 && cut.length === 0) {
      try {
        this.logFile.append(seq, record);
      } catch (e) {
        throw ioError('commit', e);
      }
    } else {
      try {
        this.sql.transaction(() => {
          for (const [id, l] of created) this.seriesWriter.insert(id, l);
          this.insertWal.run(seq, record);
          for (const c of cut) this.insertChunk.run(c.id, c.mint, c.maxt, c.n, LEVEL_HEAD, c.seq, c.data);
        })();
      } catch (e) {
        this.seriesWriter.discard();
        throw ioError('commit', e);
      }
    }

    // Durable: now make it visible.
    this.seriesWriter.confirm();
    for (const [id, l] of created) this.register(id, l.key);
    this.counters.seriesCreated += created.length;
    this.nextSeq++;
    this.logQueue.push(seq, record.length);
    this.logBytes += record.length;
    // Into the rings. Every write index is raised first, then one barrier: a reader that
    // copied a position about to be reused sees the raise and retries (one atomic operation
    // per commit, not one per series).
    if (this.pubIds.length < nt) {
      this.pubIds = new Int32Array(nt * 2);
      this.pubT = new Float64Array(nt * 2);
    }
    const pubIds = this.pubIds;
    const pubT = this.pubT;
    const wIdx = sh.writeIdx;
    let np = 0;
    for (let j = 0; j < nt; j++) {
      const id = touched[j]!;
      const cntIn = inCount[id]!;
      if (cntIn === 0) continue;
      if (cntIn <= RING_CAP) wIdx[id] = wIdx[id]! + cntIn;
      pubIds[np] = id;
      pubT[np++] = curT[id]!;
    }
    sh.fence();
    const ringT = sh.t;
    const ringBits = sh.vb;
    const ringStale = sh.s;
    const bits = cols.vb;
    const unflushedSince = this.unflushedSince.a;
    for (let j = 0; j < np; j++) {
      const id = pubIds[j]!;
      const cntIn = inCount[id]!;
      const end = offset[id]!;
      const start = end - cntIn - oooCount[id]!;
      if (cntIn <= RING_CAP) {
        const base = id * RING_CAP;
        let idx = wIdx[id]! - cntIn;
        for (let k = start; k < end; k++) {
          const i = ord[k]!;
          if (acc[i] !== 1) continue;
          const p = base + (idx++ % RING_CAP);
          ringBits[p * 2] = bits[i * 2]!;
          ringBits[p * 2 + 1] = bits[i * 2 + 1]!;
          ringStale[p] = cols.stale[i] === 1 ? 1 : 0;
          ringT[p] = cols.t[i]!;
        }
      } else {
        // More samples than the ring holds (they were all cut into chunks above): the newest stay.
        const buf = this.scratch;
        buf.length = 0;
        for (let k = start; k < end; k++) {
          const i = ord[k]!;
          if (acc[i] === 1) buf.pushBits(cols.t[i]!, bits, i, cols.stale[i] === 1);
        }
        this.writeRing(id, buf);
      }
      if (unflushedSince[id] === 0) unflushedSince[id] = seq;
    }
    for (const f of flushes) {
      this.flushedIdx.a[f.id] = f.flushTo;
      this.unflushedSince.a[f.id] = 0;
    }
    for (const c of cut) {
      this.level0N.a[c.id]! += c.n;
      if (c.mint < this.level0MinT.a[c.id]!) this.level0MinT.a[c.id] = c.mint;
    }
    const dueFlag = this.dueFlag.a;
    for (let j = 0; j < np; j++) {
      const id = pubIds[j]!;
      if (dueFlag[id] === 0 && sh.writeIdx[id]! - this.flushedIdx.a[id]! >= FLUSH_BASE + ((id >> 4) & 15)) {
        dueFlag[id] = 1;
        this.due.push(id);
      }
    }
    sh.publish(pubIds, pubT, np, seq);
    if (batchMax > this.maxT) this.maxT = batchMax;
    this.counters.samplesAppended += nIn + nOoo;
    this.counters.commits++;
    if (++this.commitsSinceTrim >= TRIM_EVERY) this.trimLog();
    if (this.due.length >= FLUSH_DUE_BATCH) this.flushDue();
  }

  /** Bytes of the log file's segments (the wal table's rows are in the database's size). */
  get logFileBytes(): number {
    return this.logFile.bytes;
  }

  close(): void {
    this.logFile.close();
  }

  /** Cuts the level-0 chunks of every due series in one transaction (housekeeping calls it each second). */
  flushDue(): void {
    if (this.due.length === 0) return;
    const ids = this.due;
    this.due = [];
    const flag = this.dueFlag.a;
    for (const id of ids) flag[id] = 0;
    this.flushIds(ids);
  }

  /** Appends the ring's not-yet-flushed samples of `id` to `buf`. */
  private readUnflushed(id: number, buf: SampleBuffer): void {
    const sh = this.shared;
    const w = sh.writeIdx[id]!;
    const base = id * RING_CAP;
    for (let idx = Math.max(this.flushedIdx.a[id]!, sh.ringMin[id]!); idx < w; idx++) {
      const p = base + (idx % RING_CAP);
      buf.pushBits(sh.t[p]!, sh.vb, p, sh.s[p] === 1);
    }
  }

  private writeRing(id: number, buf: SampleBuffer): void {
    const sh = this.shared;
    let from = 0;
    if (buf.length > RING_CAP) {
      // Only the newest RING_CAP stay in the ring; the rest were flushed in this commit.
      from = buf.length - RING_CAP;
      Atomics.store(sh.writeIdx, id, sh.writeIdx[id]! + from);
    }
    sh.writeRing(id, buf.t, buf.vb, buf.staleFlags, from, buf.length);
  }

  private cutChunks(
    id: number,
    buf: SampleBuffer,
    seq: number,
    out: Array<{ id: number; mint: number; maxt: number; n: number; data: Uint8Array; seq: number }>,
  ): void {
    for (let from = 0; from < buf.length; from += MAX_CHUNK_SAMPLES) {
      const to = Math.min(buf.length, from + MAX_CHUNK_SAMPLES);
      const data = encodeChunk(buf.t, buf.v, buf.staleFlags, from, to, { level: 0 });
      out.push({ id, mint: buf.t[from]!, maxt: buf.t[to - 1]!, n: to - from, data, seq });
    }
  }

  // ---- log maintenance ------------------------------------------------------------------

  /** Deletes log records whose samples are all in chunks; flushes idle series when the log is big. */
  trimLog(force = false): void {
    this.commitsSinceTrim = 0;
    let minSeq = this.minUnflushedSeq();
    if (force || this.logBytes > LOG_SOFT_BYTES) {
      // Flush the series that hold the oldest half of the log back (or all of them).
      const cutSeq = force ? Infinity : minSeq + (this.nextSeq - minSeq) / 2;
      this.flushSeries((id) => this.unflushedSince.a[id]! > 0 && this.unflushedSince.a[id]! < cutSeq);
      minSeq = this.minUnflushedSeq();
    }
    if (this.logQueue.length === 0 || this.logQueue[0]! >= minSeq) return;
    try {
      // The log may become empty: remember the sequence so numbering never restarts
      // (out-of-order chunks carry it to tell which querier may see them).
      this.sql.transaction(() => {
        this.deleteWalBefore.run(minSeq);
        this.saveSeq.run(this.nextSeq - 1);
      })();
      this.logFile.dropBefore(minSeq);
    } catch (e) {
      this.opts.logger.warn('Trimming the head log failed', { err: (e as Error).message });
      return;
    }
    let k = 0;
    while (k < this.logQueue.length && this.logQueue[k]! < minSeq) {
      this.logBytes -= this.logQueue[k + 1]!;
      k += 2;
    }
    this.logQueue = this.logQueue.slice(k);
  }

  private minUnflushedSeq(): number {
    const u = this.unflushedSince.a;
    let min = this.nextSeq;
    for (let id = 1; id < this.nextId; id++) {
      const s = u[id]!;
      if (s > 0 && s < min) min = s;
    }
    return min;
  }

  /** Cuts level-0 chunks of the unflushed ring samples of every series `pick` selects. */
  flushSeries(pick: (id: number) => boolean): void {
    const ids: number[] = [];
    for (let id = 1; id < this.nextId; id++) if (this.shared.writeIdx[id]! > this.flushedIdx.a[id]! && pick(id)) ids.push(id);
    this.flushIds(ids);
  }

  private flushIds(ids: readonly number[]): void {
    const sh = this.shared;
    const cut: Array<{ id: number; mint: number; maxt: number; n: number; data: Uint8Array; seq: number }> = [];
    const flushes: Array<{ id: number; flushTo: number }> = [];
    for (const id of ids) {
      if (id <= 0 || id >= this.nextId || sh.writeIdx[id]! <= this.flushedIdx.a[id]!) continue;
      const buf = this.scratch;
      buf.length = 0;
      this.readUnflushed(id, buf);
      if (buf.length === 0) continue;
      const before = cut.length;
      this.cutChunks(id, buf, 0, cut);
      // cutChunks reuses nothing of buf, but the next series does: copy what we need now.
      for (let k = before; k < cut.length; k++) cut[k]!.data = cut[k]!.data.slice();
      flushes.push({ id, flushTo: sh.writeIdx[id]! });
    }
    if (flushes.length === 0) return;
    try {
      this.sql.transaction(() => {
        for (const c of cut) this.insertChunk.run(c.id, c.mint, c.maxt, c.n, LEVEL_HEAD, 0, c.data);
      })();
    } catch (e) {
      this.opts.logger.warn('Cutting head chunks failed', { err: (e as Error).message });
      return;
    }
    for (const f of flushes) {
      this.flushedIdx.a[f.id] = f.flushTo;
      this.unflushedSince.a[f.id] = 0;
    }
    for (const c of cut) {
      this.level0N.a[c.id]! += c.n;
      if (c.mint < this.level0MinT.a[c.id]!) this.level0MinT.a[c.id] = c.mint;
    }
  }

  // ---- recovery -------------------------------------------------------------------------

  /** Loads the registry and replays the log. Returns the number of samples replayed. */
  load(): { series: number; replayed: number; records: number } {
    const sql = this.sql;
    let maxId = 0;
    const seriesRows = sql.prepare('SELECT id, lset, flushed_maxt FROM series').raw().iterate() as Iterable<[number, Uint8Array, number]>;
    const floors: Array<[number, number]> = [];
    for (const [id, lset, floor] of seriesRows) {
      if (id >= this.shared.slots) this.ensure(id + 1);
      const labels = this.dict.decode(lset);
      this.register(id, labels.key);
      if (id > maxId) maxId = id;
      if (floor > NO_REPLAY_FLOOR) floors.push([id, floor]);
    }
    // Ids of dropped series are never handed out again (their samples may be in the log).
    const idFloor = (sql.prepare(`SELECT value FROM meta WHERE key = '${SERIES_ID_FLOOR_KEY}'`).pluck().get() as number | undefined) ?? 0;
    this.nextId = Math.max(maxId, idFloor) + 1;
    this.ensure(this.nextId);
    // What is in chunks is flushed: the head's samples go on after each series' newest chunk
    // (out-of-order chunks are written with a flush of the ring, so they never end later),
    // or after its replay floor where a deletion took the newest chunks away.
    const lastT = new Float64Array(this.nextId).fill(-Infinity);
    for (const [id, floor] of floors) lastT[id] = floor;
    for (const [id, maxt] of sql.prepare('SELECT series_id, max(maxt) FROM chunks GROUP BY series_id').raw().iterate() as Iterable<[number, number]>) {
      if (id < this.nextId && maxt > lastT[id]!) lastT[id] = maxt;
    }
    for (const [id, n, mint] of sql.prepare('SELECT series_id, sum(n), min(mint) FROM chunks WHERE level = 0 GROUP BY series_id').raw().iterate() as Iterable<
      [number, number, number]
    >) {
      if (id >= this.nextId) continue;
      this.level0N.a[id] = n;
      this.level0MinT.a[id] = mint;
    }
    // Replay: the log's records are rows of the wal table and frames of the log file, merged
    // by sequence number.
    let replayed = 0;
    let records = 0;
    const warn = (msg: string, f: LogFields): void => this.opts.logger.warn(msg, f);
    const file = this.logFile.readAll(warn);
    const rows = sql.prepare('SELECT seq, data FROM wal ORDER BY seq').raw().all() as Array<[number, Uint8Array]>;
    const savedSeq = (sql.prepare("SELECT value FROM meta WHERE key = 'last_seq'").pluck().get() as number | undefined) ?? 0;
    const maxSeq = Math.max(savedSeq, rows.length > 0 ? rows[rows.length - 1]![0] : 0, file.frames.length > 0 ? file.frames[file.frames.length - 1]!.seq : 0);
    // Nothing after a damaged frame of the file can be trusted, in either place.
    let lastGood = file.stoppedAfter ?? Infinity;
    const sh = this.shared;
    const one = new SampleBuffer(1);
    for (let i = 0, j = 0; i < rows.length || j < file.frames.length; ) {
      const fromRow = j >= file.frames.length || (i < rows.length && rows[i]![0] < file.frames[j]!.seq);
      const seq = fromRow ? rows[i]![0] : file.frames[j]!.seq;
      const data = fromRow ? rows[i++]![1] : file.frames[j++]!.data;
      if (seq > lastGood) break;
      let rec;
      try {
        rec = decodeRecord(data);
      } catch (e) {
        if (!(e instanceof CorruptRecordError)) throw e;
        warn('Head log is corrupted: cutting it back to the last good record', { seq, err: e.message });
        lastGood = seq - 1;
        break;
      }
      records++;
      const rvb = new Uint32Array(rec.v.buffer);
      this.logQueue.push(seq, data.length);
      this.logBytes += data.length;
      for (let k = 0; k < rec.length; k++) {
        const id = rec.ids[k]!;
        if (id <= 0 || id >= this.nextId || this.keys[id] === undefined) continue;
        const t = rec.t[k]!;
        if (t <= lastT[id]!) continue; // already in a chunk (flushed, or written out of order)
        one.length = 0;
        one.pushBits(t, rvb, k, rec.stale[k] === 1);
        sh.writeRing(id, one.t, one.vb, one.staleFlags, 0, 1);
        lastT[id] = t;
        if (this.unflushedSince.a[id] === 0) this.unflushedSince.a[id] = seq;
        replayed++;
      }
    }
    // Cut the log back past a damaged record (nothing after it can be trusted to be whole).
    if (lastGood !== Infinity) {
      sql.prepare('DELETE FROM wal WHERE seq > ?').run(lastGood);
      const firstCut = file.frames.find((f) => f.seq > lastGood);
      if (firstCut) this.logFile.cutFrom(firstCut.seq);
      let k = 0;
      this.logQueue = this.logQueue.filter((_, j) => {
        if (j % 2 === 0) k = this.logQueue[j]!;
        return k <= lastGood;
      });
      this.logBytes = 0;
      for (let j = 1; j < this.logQueue.length; j += 2) this.logBytes += this.logQueue[j]!;
    }
    this.logFile.loaded();
    this.nextSeq = maxSeq + 1;
    const ids: number[] = [];
    const ts: number[] = [];
    let maxT = -Infinity;
    for (let id = 1; id < this.nextId; id++) {
      if (lastT[id]! === -Infinity) continue;
      ids.push(id);
      ts.push(lastT[id]!);
      if (lastT[id]! > maxT) maxT = lastT[id]!;
    }
    sh.publish(ids, ts, ids.length, this.nextSeq - 1);
    this.maxT = maxT;
    return { series: this.keyToId.size, replayed, records };
  }

  // ---- deletion -------------------------------------------------------------------------

  /** Flushes the series' ring to chunks and empties the ring, so its data is only in SQLite. */
  evictRing(ids: Iterable<number>): void {
    const set = new Set(ids);
    this.flushSeries((id) => set.has(id));
    for (const id of set) {
      if (id <= 0 || id >= this.nextId) continue;
      if (this.shared.writeIdx[id]! > this.flushedIdx.a[id]!) throw new StorageError('io', `cannot flush series ${id} before deleting`);
      this.shared.invalidateRing(id);
    }
  }

  /** Forgets a series that has no data left (retention or deletion). */
  dropSeries(id: number): void {
    const k = this.keys[id];
    if (k === undefined) return;
    this.keyToId.delete(k);
    this.keys[id] = undefined;
    this.shared.invalidateRing(id);
    this.shared.setLastT(id, -Infinity);
    this.unflushedSince.a[id] = 0;
    this.level0N.a[id] = 0;
    this.level0MinT.a[id] = Infinity;
  }

  /** Sets a series' lastT after its newest samples were deleted. */
  resetLastT(id: number, t: number): void {
    this.shared.setLastT(id, t);
  }

  hasSeries(id: number): boolean {
    return this.keys[id] !== undefined;
  }

  get idLimit(): number {
    return this.nextId;
  }

  /** Whether the ring holds samples of `id` that a reader could see. */
  ringHasData(id: number): boolean {
    const sh = this.shared;
    return sh.writeIdx[id]! > Math.max(sh.ringMin[id]!, 0);
  }
}

function sameBits(a: number, b: number): boolean {
  bitsScratch[0] = a;
  const h = bitsU32[1];
  const l = bitsU32[0];
  bitsScratch[0] = b;
  return h === bitsU32[1] && l === bitsU32[0];
}

/** Sorts a buffer by time and drops repeated timestamps (the first one wins). */
export function sortDedupe(buf: SampleBuffer): void {
  const n = buf.length;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    if (buf.t[i]! <= buf.t[i - 1]!) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => buf.t[a]! - buf.t[b]! || a - b);
  const out = new SampleBuffer(n);
  for (const i of idx) {
    if (out.length > 0 && out.t[out.length - 1] === buf.t[i]) continue;
    out.pushFrom(buf, i);
  }
  buf.length = 0;
  for (let i = 0; i < out.length; i++) buf.pushFrom(out, i);
}

export function ioError(what: string, e: unknown): StorageError {
  const msg = (e as Error)?.message ?? String(e);
  const code = (e as { code?: string })?.code;
  return new StorageError('io', `${what} failed: ${msg}${code ? ` (${code})` : ''}`);
}
