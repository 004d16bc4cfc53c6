import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TSDB } from '../../../../electron/core/tsdb/index.js';
import { StorageError } from '../../../../electron/core/storage/errors.js';
import type { Logger } from '../../../../electron/core/log.js';
import { dump, lbl, m, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

function capture(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn: (msg, f) => warnings.push(`${msg} ${JSON.stringify(f ?? {})}`),
    error: (msg, f) => warnings.push(`${msg} ${JSON.stringify(f ?? {})}`),
    with: () => logger,
  };
  return { logger, warnings };
}

function batch(db: TSDB, b: number, series = 5): void {
  const app = db.appender();
  for (let i = 0; i < series; i++) app.append(0, lbl({ __name__: 'x', i: String(i) }), 1000 * b, b);
  app.commit();
}

function batchesOf(db: TSDB): number[] {
  const s = db.querier(-Infinity, Infinity).select(true, null, m('=', '__name__', 'x'));
  return Array.from(s[0]?.samples.v.subarray(0, s[0].samples.length) ?? []);
}

describe('recovery', () => {
  /** Flips a byte in the payload of the log file's frame that holds record `seq`. */
  function damageFileRecord(dir: string, seq: number): void {
    const logDir = join(dir, 'log');
    for (const name of readdirSync(logDir).sort()) {
      const path = join(logDir, name);
      const buf = readFileSync(path);
      for (let off = 0; off < buf.length; ) {
        const len = buf.readUInt32LE(off);
        if (buf.readDoubleLE(off + 8) === seq) {
          buf[off + 16 + len - 3]! ^= 0x40;
          writeFileSync(path, buf);
          return;
        }
        off += 16 + len;
      }
    }
    throw new Error(`record ${seq} is not in the log file`);
  }

  function walRows(dir: string): number[] {
    const raw = new Database(join(dir, 'hearth.db'), { readonly: true });
    try {
      return raw.prepare('SELECT seq FROM wal ORDER BY seq').pluck().all() as number[];
    } finally {
      raw.close();
    }
  }

  it('cuts a corrupted record of the wal table and everything after it back, with a warning', () => {
    let db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    // Each batch brings a new series: its record goes to the wal table with the series.
    for (let b = 1; b <= 4; b++) batch(db, b, 4 + b);
    db.close();
    const raw = new Database(join(tmp.dir, 'hearth.db'));
    const seqs = raw.prepare('SELECT seq FROM wal ORDER BY seq').pluck().all() as number[];
    expect(seqs.length).toBe(4);
    const data = raw.prepare('SELECT data FROM wal WHERE seq = ?').pluck().get(seqs[2]) as Buffer;
    data[data.length - 3]! ^= 0x40;
    raw.prepare('UPDATE wal SET data = ? WHERE seq = ?').run(data, seqs[2]);
    raw.close();
    const { logger, warnings } = capture();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, logger });
    expect(warnings.join('\n')).toMatch(/Head log is corrupted: cutting it back to the last good record/);
    expect(batchesOf(db)).toEqual([1, 2]);
    batch(db, 5);
    expect(batchesOf(db)).toEqual([1, 2, 5]);
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    expect(batchesOf(db)).toEqual([1, 2, 5]);
    db.close();
  });

  it('cuts a corrupted frame of the log file back, and the wal table records after it too', () => {
    let db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    batch(db, 1); // new series: wal table (seq 1)
    batch(db, 2); // log file (seq 2)
    batch(db, 3); // log file (seq 3)
    batch(db, 4, 6); // a new series again: wal table (seq 4)
    db.close();
    expect(walRows(tmp.dir)).toEqual([1, 4]);
    damageFileRecord(tmp.dir, 3);
    const { logger, warnings } = capture();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, logger });
    expect(warnings.join('\n')).toMatch(/Head log is corrupted: cutting it back to the last good record/);
    expect(batchesOf(db)).toEqual([1, 2]);
    expect(walRows(tmp.dir)).toEqual([1]);
    batch(db, 5);
    expect(batchesOf(db)).toEqual([1, 2, 5]);
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    expect(batchesOf(db)).toEqual([1, 2, 5]);
    db.close();
  });

  it('cuts a torn tail of the log file back to the last whole commit, with a warning', () => {
    let db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    for (let b = 1; b <= 4; b++) batch(db, b);
    db.close();
    const logDir = join(tmp.dir, 'log');
    const last = join(logDir, readdirSync(logDir).sort().pop()!);
    truncateSync(last, statSync(last).size - 5);
    const { logger, warnings } = capture();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, logger });
    expect(warnings.join('\n')).toMatch(/Truncated head log tail: cutting back to the last complete commit/);
    expect(batchesOf(db)).toEqual([1, 2, 3]);
    batch(db, 5);
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    expect(batchesOf(db)).toEqual([1, 2, 3, 5]);
    db.close();
  });

  it('fails a commit on a full disk with a clear error and stays readable and writable', () => {
    let db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    batch(db, 1);
    const sql = db._sqlite();
    const pages = sql.pragma('page_count', { simple: true }) as number;
    // SQLite refuses to grow the file past this: SQLITE_FULL, as on a full file system.
    sql.pragma(`max_page_count = ${pages + 1}`);
    const app = db.appender();
    for (let i = 0; i < 3000; i++) app.append(0, lbl({ __name__: 'big', i: String(i), pad: 'p'.repeat(200) }), 2000, i);
    let err: unknown = null;
    try {
      app.commit();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).kind).toBe('io');
    expect((err as Error).message).toMatch(/^storage I\/O error: commit failed: database or disk is full/);
    // Nothing of the failed batch, everything before it.
    const q = db.querier(-Infinity, Infinity);
    expect(q.select(false, null, m('=', '__name__', 'big'))).toEqual([]);
    expect(batchesOf(db)).toEqual([1]);
    // Small batches still fit in the pages left, and after space is freed big ones again.
    sql.pragma('max_page_count = 4294967294');
    batch(db, 2);
    const app2 = db.appender();
    app2.append(0, lbl({ __name__: 'big', i: '0' }), 3000, 1);
    app2.commit();
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    expect(batchesOf(db)).toEqual([1, 2]);
    expect(dump(db.querier(-Infinity, Infinity).select(false, null, m('=', '__name__', 'big')))).toHaveLength(1);
    db.close();
  });
});

describe('opening', () => {
  it('refuses a directory locked by a live process, naming it, and takes over a dead one', async () => {
    // A second process holding the lock the way TSDB.open does (an exclusive SQLite lock on `lock`).
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const code = `const D = require(${JSON.stringify(sqlite)}); const db = new D(${JSON.stringify(join(tmp.dir, 'lock'))});
      db.pragma('locking_mode = EXCLUSIVE'); db.exec('BEGIN EXCLUSIVE'); process.stdout.write('locked\\n'); setTimeout(() => {}, 20000);`;
    const holder = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((res) => holder.stdout!.once('data', () => res()));
      expect(() => TSDB.open(tmp.dir)).toThrow(new RegExp(`${tmp.dir} is in use by another process`));
    } finally {
      holder.kill('SIGKILL');
      await new Promise((r) => holder.once('exit', r));
    }
    // The holder was killed: the kernel dropped its lock, nothing stale is left.
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    expect(() => TSDB.open(tmp.dir)).toThrow(/already open in this process/);
    db.close();
    db.close(); // idempotent
    TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 }).close();
    // A lock file of another format is replaced.
    writeFileSync(join(tmp.dir, 'lock'), '12345\n');
    TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 }).close();
  });

  it('names the path when the directory cannot be created or written', () => {
    const file = join(tmp.dir, 'file');
    writeFileSync(file, 'x');
    expect(() => TSDB.open(join(file, 'data'))).toThrow(new RegExp(`cannot create storage directory ${join(file, 'data')}`));
    expect(() => TSDB.open(file)).toThrow(new RegExp(`${file} is not a directory`));
    if (process.getuid?.() !== 0) {
      const ro = join(tmp.dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      expect(() => TSDB.open(ro)).toThrow(new RegExp(`${ro} is not writable`));
    }
  });
});
