import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../../electron/core/tsdb/schema.js';
import { TSDB, TSDBReader } from '../../../../electron/core/tsdb/index.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';
import type { Appendable } from '../../../../electron/core/storage/interface.js';
import { StorageError } from '../../../../electron/core/storage/errors.js';
import { dump, expectSameAnswers, lbl, m, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const JOBS = ['api', 'web', 'db'];

/** Deterministic data: counters, gauges with decimals, NaN/Inf/-0, stale markers, gaps. */
function load(stores: Appendable[], steps: number, seriesPerJob = 7, t0 = 1_700_000_000_000, stepMs = 15_000): void {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let s = 0; s < steps; s++) {
    const apps = stores.map((st) => st.appender());
    const t = t0 + s * stepMs;
    const r = rnd();
    for (const job of JOBS) {
      for (let i = 0; i < seriesPerJob; i++) {
        const labels = lbl({ __name__: i % 2 ? 'up' : 'req_total', job, instance: `h${i}`, ...(i === 3 ? { x: 'y\nz' } : {}) });
        // Some series skip steps; one goes stale for a while.
        if (i === 5 && s % 3 === 1) continue;
        if (i === 6 && s > steps / 2 && s < steps / 2 + 10) {
          if (s === Math.floor(steps / 2) + 1) for (const a of apps) a.appendStale(0, labels, t);
          continue;
        }
        let v = i % 2 ? Math.round(r * 1000) / 100 : s * 10 + i;
        if (i === 4 && s % 50 === 7) v = [NaN, Infinity, -Infinity, -0][s % 4]!;
        for (const a of apps) a.append(0, labels, t, v);
      }
    }
    for (const a of apps) a.commit();
  }
}

const SELECTORS = [
  [m('=', '__name__', 'up')],
  [m('=', 'job', 'api')],
  [m('=~', 'job', 'api|web'), m('!=', 'instance', 'h1')],
  [m('=~', 'instance', 'h.*'), m('!~', 'job', 'db')],
  [m('=~', '__name__', '.+'), m('=', 'x', '')],
  [m('!=', 'x', ''), m('=~', 'job', '.*')],
  [m('=~', 'job', 'a.+|d.')],
  [m('=', 'job', 'nope')],
  [m('=~', 'job', '(?i)API')],
];

describe('TSDB vs MemoryStorage', () => {
  it('answers like MemoryStorage from the head, after reopen and after compaction', () => {
    const mem = new MemoryStorage();
    let db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    load([mem, db], 400);
    const t0 = 1_700_000_000_000;
    const ranges: Array<[number, number]> = [
      [-Infinity, Infinity],
      [t0, t0 + 15_000 * 30],
      [t0 + 15_000 * 100 + 1, t0 + 15_000 * 250],
      [t0 + 15_000 * 390, t0 + 15_000 * 1000],
      [t0 + 15_000 * 500, t0 + 15_000 * 600],
    ];
    const check = () => {
      for (const [lo, hi] of ranges) {
        // Hints inside the range (MemoryStorage gives a negative length for an empty intersection).
        const start = Number.isFinite(lo) ? lo + 45_000 : t0 + 15_000 * 10;
        const end = Number.isFinite(hi) ? Math.min(hi, start + 15_000 * 40) : t0 + 15_000 * 20;
        expectSameAnswers(mem, db, lo, hi, SELECTORS, [null, { func: 'series' }, { start, end }]);
      }
    };
    check();
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    check();
    db.compactAll();
    check();
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    check();
    expect(db.startTime()).toBe(mem.startTime());
    // A reader from a (cloned) handle answers the same, with its own connection.
    const reader = TSDBReader.open(structuredClone(db.readerHandle()));
    expectSameAnswers(mem, reader, -Infinity, Infinity, SELECTORS);
    load([db], 3, 7, t0 + 15_000 * 400);
    load([mem], 3, 7, t0 + 15_000 * 400);
    expectSameAnswers(mem, reader, -Infinity, Infinity, SELECTORS);
    reader.close();
    reader.close();
    db.close();
  });
});

describe('appending', () => {
  it('rejects out-of-order and duplicate samples with Prometheus errors and counts them', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    const l = lbl({ __name__: 'a' });
    const app = db.appender();
    const ref = app.append(0, l, 1000, 1);
    expect(ref).toBeGreaterThan(0);
    expect(() => app.append(ref, l, 999, 1)).toThrow(new StorageError('out_of_order'));
    expect(() => app.append(ref, l, 1000, 2)).toThrow(new StorageError('duplicate_sample'));
    expect(app.append(ref, l, 1000, 1)).toBe(ref); // identical repeat: dropped silently
    app.commit();
    const app2 = db.appender();
    expect(() => app2.append(ref, l, 500, 1)).toThrow(StorageError);
    expect(() => app2.append(ref, l, 1000, 3)).toThrow(/duplicate sample for timestamp/);
    app2.append(ref, l, 1000 + 3_600_000 * 2, 1);
    app2.commit();
    // Older than an hour behind the head, for a new series: out of bounds.
    const app3 = db.appender();
    expect(() => app3.append(0, lbl({ __name__: 'b' }), 1000, 1)).toThrow(new StorageError('out_of_bounds'));
    app3.rollback();
    const c = db.appendCounters();
    expect(c.outOfOrder).toBe(2);
    expect(c.duplicate).toBe(2);
    expect(c.outOfBounds).toBe(1);
    const q = db.querier(-Infinity, Infinity);
    expect(dump(q.select(true, null, m('=', '__name__', 'a')))[0]!.samples.map((s) => s[0])).toEqual([1000, 1000 + 7_200_000]);
    db.close();
  });

  it('accepts out-of-order samples inside the window and rejects older ones as too old', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, outOfOrderWindowMs: 600_000 });
    const l = lbl({ __name__: 'a' });
    let app = db.appender();
    for (let t = 1_000_000; t <= 2_000_000; t += 100_000) app.append(0, l, t, t / 1000);
    app.commit();
    const before = db.querier(0, Infinity);
    app = db.appender();
    app.append(0, l, 1_450_000, 1);
    app.append(0, l, 1_950_000, 2);
    expect(() => app.append(0, l, 1_300_000, 3)).toThrow(new StorageError('too_old'));
    app.commit();
    // Out-of-order samples are a batch like any other: invisible to a querier made before it.
    expect(dump(before.select(true, null, m('=', '__name__', 'a')))[0]!.samples).toHaveLength(11);
    const read = () => dump(db.querier(0, Infinity).select(true, null, m('=', '__name__', 'a')))[0]!.samples.map((s) => s[0]);
    const want = [1_000_000, 1_100_000, 1_200_000, 1_300_000, 1_400_000, 1_450_000, 1_500_000, 1_600_000, 1_700_000, 1_800_000, 1_900_000, 1_950_000, 2_000_000];
    expect(read()).toEqual(want);
    db.compactAll();
    expect(read()).toEqual(want);
    db.close();
    const again = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    expect(dump(again.querier(0, Infinity).select(true, null, m('=', '__name__', 'a')))[0]!.samples.length).toBe(13);
    again.close();
  });

  it('keeps NaN payloads, -0, infinities and denormals bit-exact through head, log and blocks', () => {
    const special = new Float64Array(6);
    const u = new Uint32Array(special.buffer);
    u[0] = 0xdeadbeef;
    u[1] = 0x7ff80000; // a quiet NaN with a payload
    special[1] = -0;
    special[2] = Infinity;
    special[3] = -Infinity;
    special[4] = 5e-324;
    special[5] = NaN;
    const want = Array.from(special, (_, i) => `${u[i * 2 + 1]!.toString(16)}:${u[i * 2]!.toString(16)}`);
    let db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    const l = lbl({ __name__: 'special' });
    for (let i = 0; i < special.length; i++) {
      const app = db.appender();
      app.append(0, l, 1000 * (i + 1), special[i]!);
      app.commit();
    }
    const app = db.appender();
    app.appendStale(0, l, 7000);
    app.commit();
    const read = () => dump(db.querier(0, Infinity).select(false, null, m('=', '__name__', 'special')))[0]!.samples.map((s) => s[1]);
    expect(read()).toEqual([...want, 'stale']); // from the ring
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    expect(read()).toEqual([...want, 'stale']); // replayed from the log
    db.compactAll();
    expect(read()).toEqual([...want, 'stale']); // from a compressed block
    db.close();
  });

  it('shows nothing of a batch before commit and nothing after rollback', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    const app = db.appender();
    app.append(0, lbl({ __name__: 'a' }), 1000, 1);
    expect(db.querier(0, 2000).select(false, null, m('=', '__name__', 'a'))).toEqual([]);
    app.rollback();
    expect(db.querier(0, 2000).select(false, null, m('=', '__name__', 'a'))).toEqual([]);
    const q = db.querier(0, 5000);
    const app2 = db.appender();
    app2.append(0, lbl({ __name__: 'a' }), 1000, 1);
    app2.commit();
    // A querier made before the commit keeps its view.
    expect(q.select(false, null, m('=', '__name__', 'a'))).toEqual([]);
    expect(db.querier(0, 5000).select(false, null, m('=', '__name__', 'a')).length).toBe(1);
    db.close();
  });
});

describe('schema version', () => {
  it('refuses a file of another version with a clear message, for the writer and readers alike', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    const handle = db.readerHandle();
    const raw = new Database(join(tmp.dir, 'hearth.db'));
    const setVersion = (v: number) => raw.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(v);
    // Readers never migrate (the writer does, at open: test/integration/tsdb/migrations.test.ts).
    setVersion(SCHEMA_VERSION - 1);
    expect(() => TSDBReader.open(handle)).toThrow(
      new RegExp(`unsupported schema version ${SCHEMA_VERSION - 1} \\(this build reads ${SCHEMA_VERSION}\\): it is migrated when Hearth opens it for writing`),
    );
    db.close();
    setVersion(SCHEMA_VERSION + 1);
    expect(() => TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 })).toThrow(
      new RegExp(`hearth\\.db: unsupported schema version ${SCHEMA_VERSION + 1} \\(this build reads ${SCHEMA_VERSION}\\): it was written by a newer version of Hearth`),
    );
    // Refusing changed nothing: with the version put back, the file opens again.
    setVersion(SCHEMA_VERSION);
    raw.close();
    TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 }).close();
  });
});

describe('big selects', () => {
  it('answer like MemoryStorage when the samples span several arenas', () => {
    const mem = new MemoryStorage();
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    const SERIES = 40;
    const STEPS = 7000; // 280,000 samples: more than one arena (2^18)
    const t0 = 1_700_000_000_000;
    for (let b = 0; b < STEPS; b += 500) {
      const apps = [mem.appender(), db.appender()];
      for (let i = 0; i < SERIES; i++) {
        const l = lbl({ __name__: 'big', i: String(i) });
        for (let s = b; s < b + 500; s++) for (const a of apps) a.append(0, l, t0 + s * 1000, i * 1e6 + s + (s % 3) / 4);
      }
      for (const a of apps) a.commit();
    }
    db.compactAll();
    for (const [lo, hi] of [
      [-Infinity, Infinity],
      [t0 + 1_234_567, t0 + 6_543_210],
    ] as Array<[number, number]>) {
      const want = mem.querier(lo, hi).select(true, null, m('=', '__name__', 'big'));
      const got = db.querier(lo, hi).select(true, null, m('=', '__name__', 'big'));
      expect(got.map((s) => s.labels.toString())).toEqual(want.map((s) => s.labels.toString()));
      let bad = 0;
      for (let k = 0; k < want.length; k++) {
        const a = want[k]!.samples;
        const b = got[k]!.samples;
        if (a.length !== b.length) bad++;
        for (let i = 0; i < a.length; i++) if (a.t[i] !== b.t[i] || !Object.is(a.v[i], b.v[i])) bad++;
      }
      expect(bad).toBe(0);
    }
    db.close();
  });
});
