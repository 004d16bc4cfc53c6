/**
 * The TSDB: a directory with one SQLite file (series, label index, chunks, head log), an
 * in-memory head whose recent samples sit in shared memory for worker-thread readers, and
 * the housekeeping that keeps it small (compaction, retention, deletion).
 */

import { accessSync, constants, existsSync, openSync, closeSync, readSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Logger } from '../log.js';
import { nopLogger } from '../log.js';
import type { Matcher } from '../model/matcher.js';
import type { Appender, Querier, Queryable, Storage } from '../storage/interface.js';
import { decodeChunk, encodeChunk } from './chunkenc/chunk.js';
import { SampleBuffer } from './chunkenc/samples.js';
import { HeadAppender } from './appender.js';
import { Compactor, BLOCK_WINDOW_MS, type CompactPlan } from './compact.js';
import { Head, ioError, type AppendCounters } from './head.js';
import { PairDictionary, SeriesWriter } from './labelStore.js';
import type { ImportSession } from './importSession.js';
import { DEFAULT_CHUNK_CACHE_BYTES } from './chunkCache.js';
import { createPrivateFile, mkdirPrivate, sharedModeBits } from './fileModes.js';
import { DirLock } from './lock.js';
import { ReadContext, TSDBQuerier } from './querier.js';
import { DB_FILE, LEVEL_BLOCK, NO_REPLAY_FLOOR, SERIES_ID_FLOOR_KEY, openReadonly, openWritable, type SqliteDb } from './schema.js';
import { SharedHead, type SharedHeadBuffers } from './sharedHead.js';

export interface TSDBOptions {
  /** Default 15d; 0 = no time limit. */
  retentionTimeMs?: number;
  /** Default 0 = no size limit. */
  retentionSizeBytes?: number;
  /** Default 0: out-of-order samples are rejected. */
  outOfOrderWindowMs?: number;
  logger?: Logger;
  /** Housekeeping period (compaction steps, retention); 0 disables the timer (tests, imports). Default 1 s. */
  housekeepingIntervalMs?: number;
  /**
   * Bytes of opened (inflated, indexed) chunks each reader keeps for later queries: the
   * writer's own querier and every TSDBReader from readerHandle(). Default 64 MiB; 0 = none.
   */
  chunkCacheBytes?: number;
}

export interface TSDBStat {
  name: string;
  value: number;
}

/** The shape of /api/v1/status/tsdb's data. */
export interface TSDBStats {
  headStats: { numSeries: number; numLabelPairs: number; chunkCount: number; minTime: number; maxTime: number };
  seriesCountByMetricName: TSDBStat[];
  labelValueCountByLabelName: TSDBStat[];
  memoryInBytesByLabelName: TSDBStat[];
  seriesCountByLabelValuePair: TSDBStat[];
}

/** A structured-cloneable handle a worker passes to TSDBReader.open. */
export interface ReaderHandle {
  readonly kind: 'hearth-tsdb-reader';
  readonly dbPath: string;
  readonly head: SharedHeadBuffers;
  /** The reader's chunk cache budget (TSDBOptions.chunkCacheBytes). */
  readonly chunkCacheBytes?: number;
}

const DEFAULT_RETENTION_MS = 15 * 86_400_000;
/** Compaction waits this long past a window's end (samples older than 1h are out of bounds anyway). */
const COMPACT_GRACE_MS = 3_600_000;
const COMPACT_BUDGET_MS = 25;
/** Compaction commits once per this many merged samples (or per step): transactions that dirty more pages than the cache holds get far slower. */
const COMPACT_TXN_SAMPLES = 500_000;
const RETENTION_EVERY_MS = 60_000;
const VACUUM_AFTER_IMPORT_BYTES = 1 << 30;

/**
 * Creates `dir` when needed (0700, see fileModes.ts) and checks it is a writable directory,
 * with errors naming it. An existing directory keeps the modes its owner gave it: a warning
 * says when other users can get into it.
 */
export function prepareDir(dir: string, logger: Logger = nopLogger): string {
  const abs = resolve(dir);
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new Error(`storage path ${abs} is not a directory`);
  try {
    if (!mkdirPrivate(abs)) {
      const shared = sharedModeBits(abs);
      if (shared !== 0) {
        logger.warn('The storage directory is open to other users of this machine: they may read the metrics in it; chmod 700 it to keep them out', { dir: abs, mode: '0' + (statSync(abs).mode & 0o777).toString(8) });
      }
    }
  } catch (e) {
    throw new Error(`cannot create storage directory ${abs}: ${(e as Error).message}`);
  }
  if (!statSync(abs).isDirectory()) throw new Error(`storage path ${abs} is not a directory`);
  try {
    accessSync(abs, constants.W_OK | constants.R_OK);
  } catch {
    throw new Error(`storage directory ${abs} is not writable`);
  }
  return abs;
}

/** Warns when SQLite's WAL file ends in a partial frame (a write cut short): SQLite ignores it. */
function checkWalTail(dbPath: string, logger: Logger): void {
  const wal = dbPath + '-wal';
  if (!existsSync(wal)) return;
  const size = statSync(wal).size;
  if (size === 0) return;
  if (size < 32) {
    logger.warn('Truncated SQLite WAL header: the log is discarded back to the last checkpoint', { file: wal, bytes: size });
    return;
  }
  const fd = openSync(wal, 'r');
  try {
    const hdr = Buffer.alloc(32);
    readSync(fd, hdr, 0, 32, 0);
    const pageSize = hdr.readUInt32BE(8);
    const frame = 24 + (pageSize === 1 ? 65536 : pageSize);
    const rest = (size - 32) % frame;
    if (pageSize >= 512 && rest !== 0) {
      logger.warn('Truncated log tail: cutting back to the last complete commit', { file: wal, partial_bytes: rest });
    }
  } finally {
    closeSync(fd);
  }
}

export class TSDB implements Storage {
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private lastRetention = 0;
  private compactCursor = 1;
  private readonly compactor: Compactor;
  private readonly readCtx: ReadContext;
  private readonly retentionTimeMs: number;
  private readonly retentionSizeBytes: number;
  private readonly chunkCacheBytes: number;

  private constructor(
    readonly dir: string,
    private readonly sql: SqliteDb,
    private readonly head: Head,
    private readonly lock: DirLock,
    private readonly logger: Logger,
    opts: TSDBOptions,
  ) {
    this.retentionTimeMs = opts.retentionTimeMs ?? DEFAULT_RETENTION_MS;
    this.retentionSizeBytes = opts.retentionSizeBytes ?? 0;
    this.compactor = new Compactor(sql);
    this.chunkCacheBytes = opts.chunkCacheBytes ?? DEFAULT_CHUNK_CACHE_BYTES;
    this.readCtx = new ReadContext(sql, head.shared, head.dict, false, this.chunkCacheBytes);
  }

  static open(dir: string, opts: TSDBOptions = {}): TSDB {
    const logger = opts.logger ?? nopLogger;
    const abs = prepareDir(dir, logger);
    const lock = DirLock.acquire(abs);
    let sql: SqliteDb | null = null;
    try {
      const dbPath = join(abs, DB_FILE);
      createPrivateFile(dbPath);
      checkWalTail(dbPath, logger);
      const t0 = Date.now();
      sql = openWritable(dbPath, { logger });
      const head = new Head(sql, { dir: abs, outOfOrderWindowMs: opts.outOfOrderWindowMs ?? 0, logger });
      const r = head.load();
      logger.info('TSDB started', { dir: abs, series: r.series, replayed_samples: r.replayed, log_records: r.records, duration_ms: Date.now() - t0 });
      const db = new TSDB(abs, sql, head, lock, logger, opts);
      const every = opts.housekeepingIntervalMs ?? 1000;
      if (every > 0) {
        db.timer = setInterval(() => db.housekeeping(), every);
        db.timer.unref();
      }
      return db;
    } catch (e) {
      try {
        sql?.close();
      } catch {
        // Already failing.
      }
      lock.release();
      const msg = (e as Error).message;
      throw new Error(msg.includes(abs) ? msg : `opening storage ${abs}: ${msg}`);
    }
  }

  /** The data directory (absolute). */
  get dataDir(): string {
    return this.dir;
  }

  private check(): void {
    if (this.closed) throw new Error(`TSDB ${this.dir} is closed`);
  }

  // ---- Storage ----------------------------------------------------------------------------

  appender(): Appender {
    this.check();
    return new HeadAppender(this.head);
  }

  querier(mint: number, maxt: number): Querier {
    this.check();
    return new TSDBQuerier(this.readCtx, mint, maxt);
  }

  startTime(): number | null {
    this.check();
    let min = (this.sql.prepare('SELECT min(mint) FROM chunks').pluck().get() as number | null) ?? Infinity;
    const sh = this.head.shared;
    const snap = sh.snapshot();
    const buf = new SampleBuffer(64);
    for (let id = 1; id < this.head.idLimit; id++) {
      if (!this.head.ringHasData(id)) continue;
      buf.length = 0;
      const first = sh.readRing(id, snap.lastT[id]!, buf);
      if (first < min) min = first;
    }
    return min === Infinity ? null : min;
  }

  /** Counters of appended and rejected samples (for self-metrics). */
  appendCounters(): Readonly<AppendCounters> {
    return { ...this.head.counters };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    try {
      this.head.trimLog();
      this.sql.pragma('wal_checkpoint(TRUNCATE)');
    } catch (e) {
      this.logger.warn('Closing storage: final log trim failed', { err: (e as Error).message });
    }
    try {
      this.head.close();
    } catch (e) {
      this.logger.warn('Closing storage: syncing the head log failed', { err: (e as Error).message });
    }
    try {
      this.sql.close();
    } finally {
      this.lock.release();
    }
  }

  // ---- housekeeping -------------------------------------------------------------------------

  private housekeeping(): void {
    if (this.closed) return;
    try {
      this.head.flushDue();
      this.compactStep(COMPACT_BUDGET_MS);
      const now = Date.now();
      if (now - this.lastRetention >= RETENTION_EVERY_MS) {
        this.lastRetention = now;
        this.applyRetention();
      }
    } catch (e) {
      this.logger.error('Storage housekeeping failed', { err: (e as Error).message });
    }
  }

  /**
   * Compacts level-0 chunks of completed windows into blocks for at most `budgetMs`.
   * Returns true when no work is left.
   */
  compactStep(budgetMs: number, force = false): boolean {
    this.check();
    const head = this.head;
    if (force) head.trimLog(true);
    const boundary = force
      ? Infinity
      : Math.floor((head.maxTime - COMPACT_GRACE_MS) / BLOCK_WINDOW_MS) * BLOCK_WINDOW_MS;
    if (!Number.isFinite(boundary) && !force) return true;
    const t0 = performance.now();
    const limit = head.idLimit;
    const sh = head.shared;
    const snapBuf = new SampleBuffer(64);
    const plans: CompactPlan[] = [];
    let planned = 0;
    let done = true;
    // Ids run 1..limit-1: a step visits each once, starting at the cursor.
    if (this.compactCursor <= 0 || this.compactCursor >= limit) this.compactCursor = 1;
    for (let k = 0; k < limit - 1; k++) {
      const id = this.compactCursor;
      this.compactCursor = this.compactCursor + 1 >= limit ? 1 : this.compactCursor + 1;
      if (id <= 0 || id >= limit) continue;
      if (head.level0N.a[id]! <= 0 || !(head.level0MinT.a[id]! < boundary)) continue;
      snapBuf.length = 0;
      const ringFirst = sh.readRing(id, sh.lastT[id]!, snapBuf);
      const p = this.compactor.plan(id, boundary, ringFirst);
      plans.push(p);
      planned += p.merged;
      if (planned >= COMPACT_TXN_SAMPLES) {
        this.applyPlans(plans);
        planned = 0;
      }
      if (performance.now() - t0 > budgetMs) {
        done = false;
        break;
      }
    }
    this.applyPlans(plans);
    return done;
  }

  private applyPlans(plans: CompactPlan[]): void {
    if (plans.length === 0) return;
    try {
      this.compactor.apply(plans);
    } catch (e) {
      plans.length = 0;
      throw ioError('compaction', e);
    }
    for (const p of plans) {
      this.head.level0N.a[p.seriesId] = p.level0N;
      this.head.level0MinT.a[p.seriesId] = p.level0MinT;
    }
    plans.length = 0;
  }

  /** Flushes the head and compacts everything into blocks (benchmarks, tests, shutdown tools). */
  compactAll(): void {
    while (!this.compactStep(Infinity, true));
    this.vacuum();
  }

  /** Removes chunks past the retention limits and series left without data. */
  applyRetention(): void {
    this.check();
    const sql = this.sql;
    let removed = 0;
    if (this.retentionTimeMs > 0 && this.head.maxTime > -Infinity) {
      const cutoff = this.head.maxTime - this.retentionTimeMs;
      // Series whose newest sample is past the limit leave the head too (their rings would
      // otherwise keep showing samples whose chunks are gone).
      const stale: number[] = [];
      const lastT = this.head.shared.lastT;
      for (let id = 1; id < this.head.idLimit; id++) if (lastT[id]! < cutoff && this.head.ringHasData(id)) stale.push(id);
      if (stale.length > 0) this.head.evictRing(stale);
      removed += sql.prepare('DELETE FROM chunks WHERE maxt < ?').run(cutoff).changes;
      // The alert history (rules/store/) lives as long as the metrics it was judged on.
      sql.prepare('DELETE FROM alert_history WHERE time_ms < ?').run(cutoff);
    }
    if (this.retentionSizeBytes > 0) {
      for (let round = 0; round < 1000; round++) {
        const excess = this.sizeBytes() - this.retentionSizeBytes;
        if (excess <= 0) break;
        // Oldest chunks first, whole chunks only, about the excess at a time.
        const rows = sql.prepare('SELECT id, length(data) + 40, maxt FROM chunks ORDER BY maxt LIMIT 2000').raw().all() as Array<[number, number, number]>;
        if (rows.length === 0) break;
        // The alert history (rules/store/) of the same age goes with the chunks: its bytes
        // count toward what the round frees, or a large history would take every chunk with it.
        const history = sql
          .prepare('SELECT time_ms, 2 * (length(group_key) + length(rule)) + length(labels) + 80 FROM alert_history WHERE time_ms <= ? ORDER BY time_ms LIMIT 50000')
          .raw()
          .all(rows[rows.length - 1]![2]) as Array<[number, number]>;
        let freed = 0;
        let upTo = -Infinity;
        let h = 0;
        const ids: number[] = [];
        for (const [id, bytes, maxt] of rows) {
          ids.push(id);
          freed += bytes;
          upTo = maxt;
          while (h < history.length && history[h]![0] <= maxt) freed += history[h++]![1];
          if (freed >= excess) break;
        }
        const del = sql.prepare('DELETE FROM chunks WHERE id = ?');
        sql.transaction(() => {
          for (const id of ids) del.run(id);
          // Alert history of the age just dropped goes with it (its bytes count in the size).
          sql.prepare('DELETE FROM alert_history WHERE time_ms <= ?').run(upTo);
        })();
        removed += ids.length;
        this.vacuum();
      }
    }
    if (removed > 0) {
      this.gcSeries();
      this.vacuum();
      this.logger.info('Retention removed chunks', { chunks: removed });
    }
  }

  /** Bytes on disk: the database file, its WAL and the head's log file. */
  sizeBytes(): number {
    const pages = this.sql.pragma('page_count', { simple: true }) as number;
    const free = this.sql.pragma('freelist_count', { simple: true }) as number;
    const ps = this.sql.pragma('page_size', { simple: true }) as number;
    let wal = 0;
    try {
      wal = statSync(join(this.dir, DB_FILE + '-wal')).size;
    } catch {
      // No WAL file.
    }
    return (pages - free) * ps + wal + this.head.logFileBytes;
  }

  private vacuum(): void {
    this.sql.pragma('incremental_vacuum');
    this.sql.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Drops series that have neither chunks nor samples in the head. */
  private gcSeries(): number {
    const sql = this.sql;
    const empty = sql
      .prepare('SELECT id FROM series s WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.series_id = s.id)')
      .pluck()
      .all() as number[];
    const drop = empty.filter((id) => !this.head.ringHasData(id));
    if (drop.length === 0) return 0;
    const delSeries = sql.prepare('DELETE FROM series WHERE id = ?');
    const delPostings = sql.prepare('DELETE FROM postings WHERE series_id = ? AND pair_id = ?');
    const lsetOf = sql.prepare('SELECT lset FROM series WHERE id = ?').pluck();
    // The head log may still hold a dropped series' samples under its id: the next start must
    // not give that id to a new series (head.load() starts ids above this floor).
    const idFloor = sql.prepare(
      `INSERT INTO meta (key, value) VALUES ('${SERIES_ID_FLOOR_KEY}', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)`,
    );
    sql.transaction(() => {
      idFloor.run(Math.max(...drop));
      for (const id of drop) {
        const lset = lsetOf.get(id) as Uint8Array | undefined;
        if (lset) {
          const labels = this.head.dict.decode(lset);
          for (let i = 0; i < labels.size; i++) {
            const pid = this.head.dict.idOf(labels.name(i), labels.value(i));
            if (pid !== undefined) delPostings.run(id, pid);
          }
        }
        delSeries.run(id);
      }
    })();
    for (const id of drop) {
      this.head.dropSeries(id);
      this.readCtx.forget(id);
    }
    return drop.length;
  }

  // ---- admin --------------------------------------------------------------------------------

  /** Deletes the samples of matching series in [mint, maxt] (directly: there are no tombstones to clean later). */
  deleteSeries(matchers: Matcher[], mint: number, maxt: number): void {
    this.check();
    if (matchers.length === 0) throw new Error('delete series: at least one matcher is required');
    const ids = Array.from(this.readCtx.index.select(matchers));
    if (ids.length === 0) return;
    // Everything of those series goes to chunks first, so deleting there is complete.
    this.head.evictRing(ids);
    const sql = this.sql;
    const rowsOf = sql.prepare('SELECT id, mint, maxt, level, seq, data FROM chunks WHERE series_id = ? AND maxt >= ? AND mint <= ?').raw();
    const del = sql.prepare('DELETE FROM chunks WHERE id = ?');
    // A rewritten chunk is a new row: readers cache chunks by id, so a row's data never changes.
    const ins = sql.prepare('INSERT INTO chunks (series_id, mint, maxt, n, level, seq, data) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // The head log may still hold the deleted samples (it is trimmed only up to the oldest
    // unflushed commit of any series): the floor keeps the next start from replaying them.
    const raiseFloor = sql.prepare('UPDATE series SET flushed_maxt = max(flushed_maxt, ?) WHERE id = ?');
    try {
      sql.transaction(() => {
        for (const id of ids) {
          const floor = Math.min(maxt, this.head.lastT(id));
          if (floor > NO_REPLAY_FLOOR) raiseFloor.run(floor, id);
          for (const [cid, cmin, cmax, level, seq, data] of rowsOf.all(id, mint, maxt) as Array<[number, number, number, number, number, Uint8Array]>) {
            if (cmin >= mint && cmax <= maxt) {
              del.run(cid);
              continue;
            }
            const buf = new SampleBuffer(256);
            decodeChunk(data, buf);
            const keep = new SampleBuffer(buf.length);
            for (let i = 0; i < buf.length; i++) {
              const t = buf.t[i]!;
              if (t >= mint && t <= maxt) continue;
              keep.pushFrom(buf, i);
            }
            del.run(cid);
            if (keep.length > 0) {
              const enc = encodeChunk(keep.t, keep.v, keep.staleFlags, 0, keep.length, { level: level === 0 ? 1 : 9 });
              ins.run(id, keep.t[0]!, keep.t[keep.length - 1]!, keep.length, level, seq, enc);
            }
          }
        }
      })();
    } catch (e) {
      throw ioError('delete series', e);
    }
    this.gcSeries();
    this.logger.info('Deleted series data', { series: ids.length, mint, maxt });
  }

  /** Deletion is immediate, so this only hands the freed pages back to the file system. */
  cleanTombstones(): void {
    this.check();
    this.vacuum();
  }

  /**
   * A consistent copy of the database (SQLite's online backup, after the head was cut into
   * chunks, so the copy opens with everything committed so far without the log file).
   * Returns the snapshot directory, named
   * as Prometheus names them (`20060102T150405Z-<random hex>`), inside `destDir`.
   */
  async snapshot(destDir: string): Promise<string> {
    this.check();
    const now = new Date();
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const name = `${stamp}-${randomBytes(8).toString('hex')}`;
    const out = join(resolve(destDir), name);
    try {
      mkdirPrivate(out);
      this.head.trimLog(true);
      await this.sql.backup(join(out, DB_FILE));
    } catch (e) {
      throw ioError(`snapshot to ${out}`, e);
    }
    return out;
  }

  readerHandle(): ReaderHandle {
    this.check();
    return { kind: 'hearth-tsdb-reader', dbPath: join(this.dir, DB_FILE), head: this.head.shared.buffers, chunkCacheBytes: this.chunkCacheBytes };
  }

  stats(limit = 10): TSDBStats {
    this.check();
    const sql = this.sql;
    const dict = this.head.dict;
    const byName = new Map<string, number>();
    const valuesByLabel = new Map<string, number>();
    const memByLabel = new Map<string, number>();
    const pairs: TSDBStat[] = [];
    let numPairs = 0;
    for (const [pid, count] of sql.prepare('SELECT pair_id, count(*) FROM postings GROUP BY pair_id').raw().iterate() as Iterable<[number, number]>) {
      const name = dict.name(pid);
      const value = dict.value(pid);
      numPairs++;
      if (name === '__name__') byName.set(value, count);
      valuesByLabel.set(name, (valuesByLabel.get(name) ?? 0) + 1);
      memByLabel.set(name, (memByLabel.get(name) ?? 0) + Buffer.byteLength(value) * count);
      pairs.push({ name: `${name}=${value}`, value: count });
    }
    const top = (m: Map<string, number> | TSDBStat[]): TSDBStat[] => {
      const arr = Array.isArray(m) ? m : [...m].map(([name, value]) => ({ name, value }));
      arr.sort((a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return arr.slice(0, limit);
    };
    let openChunks = 0;
    for (let id = 1; id < this.head.idLimit; id++) if (this.head.ringHasData(id)) openChunks++;
    const chunkRows = sql.prepare('SELECT count(*) FROM chunks').pluck().get() as number;
    const start = this.startTime();
    return {
      headStats: {
        numSeries: this.head.numSeries,
        numLabelPairs: numPairs,
        chunkCount: chunkRows + openChunks,
        minTime: start ?? 0,
        maxTime: this.head.maxTime === -Infinity ? 0 : this.head.maxTime,
      },
      seriesCountByMetricName: top(byName),
      labelValueCountByLabelName: top(valuesByLabel),
      memoryInBytesByLabelName: top(memByLabel),
      seriesCountByLabelValuePair: top(pairs),
    };
  }

  /**
   * Runs an import inside one write transaction: committed when `fn` resolves, rolled back
   * (leaving nothing) when it throws. The head is flushed to chunks first: the next start
   * takes each series' newest chunk as the start of its head, which must not hide head
   * samples the import's blocks reach past. @internal
   */
  async _import<T>(fn: (s: ImportSession) => Promise<T>): Promise<T> {
    this.check();
    const sql = this.sql;
    const head = this.head;
    head.trimLog(true);
    const writer = new SeriesWriter(sql, head.dict);
    const created = new Map<string, number>();
    const insertChunk = sql.prepare('INSERT INTO chunks (series_id, mint, maxt, n, level, seq, data) VALUES (?, ?, ?, ?, ?, 0, ?)');
    const session: ImportSession = {
      seriesId: (labels) => {
        const id = head.idOf(labels) || created.get(labels.key);
        if (id) return id;
        const nid = head.reserveId();
        writer.insert(nid, labels);
        created.set(labels.key, nid);
        return nid;
      },
      writeBlock: (id, mint, maxt, n, data) => {
        insertChunk.run(id, mint, maxt, n, LEVEL_BLOCK, data);
      },
    };
    sql.exec('BEGIN IMMEDIATE');
    let result: T;
    try {
      result = await fn(session);
      sql.exec('COMMIT');
    } catch (e) {
      if (sql.inTransaction) sql.exec('ROLLBACK');
      writer.discard();
      throw e;
    }
    writer.confirm();
    // The index was filled in label order, not key order (half-empty pages): when the file is
    // small enough to rewrite quickly, pack it.
    try {
      if (this.sizeBytes() < VACUUM_AFTER_IMPORT_BYTES) this.sql.exec('VACUUM');
      else this.vacuum();
    } catch (e) {
      this.logger.warn('Packing the database after the import failed', { err: (e as Error).message });
    }
    return result;
  }

  /** The write connection, for tests that inject faults (e.g. a page limit to simulate a full disk). @internal */
  _sqlite(): SqliteDb {
    return this.sql;
  }
}

/** A read-only view of a TSDB for a worker thread: its own SQLite connection, the writer's shared head. */
export class TSDBReader implements Queryable {
  private closed = false;

  private constructor(
    private readonly sql: SqliteDb,
    private readonly ctx: ReadContext,
  ) {}

  static open(h: ReaderHandle): TSDBReader {
    if (!h || h.kind !== 'hearth-tsdb-reader') throw new Error('TSDBReader.open: not a reader handle from TSDB.readerHandle()');
    const sql = openReadonly(h.dbPath);
    try {
      const head = SharedHead.attach(h.head);
      const ctx = new ReadContext(sql, head, new PairDictionary(sql), true, h.chunkCacheBytes ?? DEFAULT_CHUNK_CACHE_BYTES);
      return new TSDBReader(sql, ctx);
    } catch (e) {
      sql.close();
      throw e;
    }
  }

  querier(mint: number, maxt: number): Querier {
    if (this.closed) throw new Error('TSDBReader is closed');
    return new TSDBQuerier(this.ctx, mint, maxt);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sql.close();
  }
}
