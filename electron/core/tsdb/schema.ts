/**
 * The SQLite file and its tables. One file holds everything so one transaction covers a
 * batch's new series, its log record and any chunks cut with it (in WAL mode SQLite does
 * not make transactions across attached files atomic).
 *
 * Pages are 16 KiB: chunks live in a rowid table, so a BLOB spills to an overflow page only
 * past ~16 KB (the trap of WITHOUT ROWID tables on small pages), while a scrape's commit
 * writes a quarter of the WAL bytes it would with 64 KiB pages.
 *
 * synchronous=NORMAL in WAL mode: a commit is written to the WAL file (the OS page cache)
 * before commit() returns, so it survives kill -9 of the process at any moment; only a power
 * loss or kernel crash can lose the last commits before the next checkpoint fsync. That is
 * the guarantee Prometheus's own WAL gives (it does not fsync per commit either), at a
 * fraction of FULL's cost per scrape.
 */

import Database from 'better-sqlite3';
import type { Logger } from '../log.js';
import { nopLogger } from '../log.js';
import type { Migration } from './migrations/migration.js';
import { MIGRATIONS, migrate } from './migrations/migrate.js';

export type SqliteDb = Database.Database;

export const DB_FILE = 'hearth.db';
/**
 * 2: chunk ids never reused (AUTOINCREMENT: readers cache chunks by id), covering chunk index.
 * 3: chunk timestamps encode runs of equal deltas (chunkenc/chunk.ts).
 * 4: alert state and alert history (rules/store/), kept with the metrics they were judged on.
 * A change of version needs a step in migrations/ from the one before.
 */
export const SCHEMA_VERSION = 4;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS label_pairs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  UNIQUE (name, value)
);
CREATE TABLE IF NOT EXISTS series (
  id INTEGER PRIMARY KEY,
  lset BLOB NOT NULL,
  flushed_maxt INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS postings (
  pair_id INTEGER NOT NULL,
  series_id INTEGER NOT NULL,
  PRIMARY KEY (pair_id, series_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chunks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  series_id INTEGER NOT NULL,
  mint INTEGER NOT NULL,
  maxt INTEGER NOT NULL,
  n INTEGER NOT NULL,
  level INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_by_series ON chunks (series_id, maxt, mint, seq, n);
CREATE INDEX IF NOT EXISTS chunks_by_maxt ON chunks (maxt);
CREATE INDEX IF NOT EXISTS chunks_by_mint ON chunks (mint);
CREATE TABLE IF NOT EXISTS wal (seq INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS alert_state (
  group_key TEXT NOT NULL,
  rule TEXT NOT NULL,
  labels TEXT NOT NULL,
  state INTEGER NOT NULL,
  value REAL,
  active_at INTEGER NOT NULL,
  fired_at INTEGER NOT NULL,
  keep_firing_since INTEGER NOT NULL,
  last_sent_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS alert_state_by_group ON alert_state (group_key);
CREATE TABLE IF NOT EXISTS alert_history (
  id INTEGER PRIMARY KEY,
  time_ms INTEGER NOT NULL,
  group_key TEXT NOT NULL,
  rule TEXT NOT NULL,
  labels TEXT NOT NULL,
  from_state INTEGER NOT NULL,
  to_state INTEGER NOT NULL,
  value REAL
);
CREATE INDEX IF NOT EXISTS alert_history_by_time ON alert_history (time_ms);
CREATE INDEX IF NOT EXISTS alert_history_by_rule ON alert_history (rule, time_ms);
CREATE INDEX IF NOT EXISTS alert_history_by_group ON alert_history (group_key, time_ms);
CREATE INDEX IF NOT EXISTS alert_history_by_state ON alert_history (to_state, time_ms);
`;

/**
 * series.flushed_maxt is the series' replay floor: head-log samples at or before it are in
 * chunks or were deleted, so replay skips them. Deletion raises it (the log may still hold the
 * deleted samples); this value means none is set. Version 1 wrote it at every flush, with
 * the same meaning.
 */
export const NO_REPLAY_FLOOR = -Number.MAX_SAFE_INTEGER;

/** meta key: the highest id of a series ever dropped, so that no new series takes it (head.load). */
export const SERIES_ID_FLOOR_KEY = 'series_id_floor';

/** Chunk levels: 0 = cut from the head (small, fast to encode), 1 = compacted or imported block. */
export const LEVEL_HEAD = 0;
export const LEVEL_BLOCK = 1;

export interface OpenOptions {
  logger?: Logger;
  /** The migration steps (tests inject failing ones). */
  migrations?: readonly Migration[];
}

/** Opens (creating when needed) the database for writing; an older version is migrated first. */
export function openWritable(path: string, opts: OpenOptions = {}): SqliteDb {
  const db = new Database(path);
  try {
    const fresh = (db.pragma('page_count', { simple: true }) as number) === 0;
    if (fresh) {
      // Both only take effect before the first table exists.
      db.pragma('page_size = 16384');
      db.pragma('auto_vacuum = INCREMENTAL');
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -65536');
    db.pragma('busy_timeout = 5000');
    // Checkpoints (which fsync) every 64 MB of WAL rather than 16 MB: fewer, each page written once.
    db.pragma('wal_autocheckpoint = 4096');
    // The version is checked before anything is created: an older file must not get tables
    // of this version added to it.
    const v = storedVersion(db);
    if (v === undefined) {
      if (!fresh && hasTable(db, 'chunks')) throw new Error(`${path}: not a Hearth database of a known version (no schema version recorded)`);
      db.transaction(() => {
        db.exec(DDL);
        db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?)").run(SCHEMA_VERSION);
      })();
    } else {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < SCHEMA_VERSION) {
        migrate(db, path, v, SCHEMA_VERSION, opts.logger ?? nopLogger, opts.migrations ?? MIGRATIONS);
      } else checkVersion(path, v);
      db.exec(DDL);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** A read-only connection (worker threads); never takes the write lock. */
export function openReadonly(path: string): SqliteDb {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('cache_size = -32768');
    db.pragma('busy_timeout = 5000');
    checkVersion(path, storedVersion(db));
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function hasTable(db: SqliteDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

function storedVersion(db: SqliteDb): number | undefined {
  if (!hasTable(db, 'meta')) return undefined;
  return db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as number | undefined;
}

function checkVersion(path: string, v: number | undefined): void {
  if (v === SCHEMA_VERSION) return;
  let hint = '';
  if (typeof v === 'number' && v > SCHEMA_VERSION) hint = ': it was written by a newer version of Hearth, and versions are never migrated down; open it with that version';
  else if (typeof v === 'number' && v < SCHEMA_VERSION) hint = ': it is migrated when Hearth opens it for writing';
  throw new Error(`${path}: unsupported schema version ${v ?? 'none'} (this build reads ${SCHEMA_VERSION})${hint}`);
}
