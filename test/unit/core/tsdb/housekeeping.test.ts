import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TSDB, TSDBReader } from '../../../../electron/core/tsdb/index.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';
import type { Appendable } from '../../../../electron/core/storage/interface.js';
import { dump, expectSameAnswers, lbl, m, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const H = 3_600_000;
const T0 = 1_704_067_200_000; // a 6h window boundary

/** `series` series per job, one sample per `stepMs` over [T0 + fromHours, T0 + hours). Series "short" stops after 2h. */
function fill(stores: Appendable[], hours: number, stepMs = 60_000, series = 4, fromHours = 0): void {
  for (let t = T0 + fromHours * H; t < T0 + hours * H; t += stepMs) {
    const apps = stores.map((s) => s.appender());
    for (const job of ['a', 'b']) {
      for (let i = 0; i < series; i++) {
        const l = lbl({ __name__: 'm', job, i: String(i) });
        for (const app of apps) app.append(0, l, t, ((t - T0) / stepMs) * (i + 1) + Math.sin(t) / 8);
      }
    }
    if (t < T0 + 2 * H) for (const app of apps) app.append(0, lbl({ __name__: 'short', job: 'a' }), t, 1);
    for (const app of apps) app.commit();
  }
}

describe('retention', () => {
  it('drops whole chunks older than the time limit and forgets series left empty', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 2 * H });
    fill([db], 8.5);
    db.compactAll();
    expect(db.startTime()).toBe(T0);
    db.applyRetention();
    // The 0–6h blocks end before maxT − 2h; the 6–8.5h data stays.
    expect(db.startTime()).toBe(T0 + 6 * H);
    const q = db.querier(-Infinity, Infinity);
    expect(q.labelValues('__name__')).toEqual(['m']);
    expect(q.select(false, { func: 'series' }, m('=', '__name__', 'short'))).toEqual([]);
    expect(db.stats().headStats.numSeries).toBe(8);
    db.close();
  });

  it('drops the oldest chunks until the size limit holds, returning space to the file system', () => {
    const probe = TSDB.open(join(tmp.dir, 'probe'), { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    fill([probe], 72, 60_000, 10);
    probe.compactAll();
    const full = probe.sizeBytes();
    probe.close();
    const limit = Math.floor(full * 0.6);
    const db = TSDB.open(join(tmp.dir, 'db'), { housekeepingIntervalMs: 0, retentionTimeMs: 0, retentionSizeBytes: limit });
    fill([db], 72, 60_000, 10);
    db.compactAll();
    const fileBefore = statSync(join(tmp.dir, 'db', 'hearth.db')).size;
    db.applyRetention();
    expect(db.sizeBytes()).toBeLessThanOrEqual(limit);
    expect(statSync(join(tmp.dir, 'db', 'hearth.db')).size).toBeLessThan(fileBefore);
    const start = db.startTime()!;
    expect(start).toBeGreaterThan(T0);
    // Newest data is untouched.
    const q = db.querier(T0 + 71 * H, Infinity);
    expect(q.select(false, null, m('=', 'job', 'b')).every((s) => s.samples.length === 60)).toBe(true);
    db.close();
  });
});

describe('delete series and snapshots', () => {
  it('deletes matching samples in a time range from head and blocks alike', () => {
    const mem = new MemoryStorage();
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    fill([mem, db], 7);
    db.compactAll();
    fill([db], 0); // nothing, keeps types honest
    // Delete job="a" series i<2 over [1h, 6.5h] (crossing a block boundary and the head), and "short" entirely.
    db.deleteSeries([m('=', 'job', 'a'), m('=~', 'i', '0|1')], T0 + H, T0 + 6.5 * H);
    db.deleteSeries([m('=', '__name__', 'short')], -Infinity, Infinity);
    db.cleanTombstones();
    const want = new MemoryStorage();
    const q = mem.querier(-Infinity, Infinity);
    const app = want.appender();
    for (const s of q.select(true, null, m('=~', '__name__', '.+'))) {
      if (s.labels.get('__name__') === 'short') continue;
      const del = s.labels.get('job') === 'a' && ['0', '1'].includes(s.labels.get('i'));
      for (let i = 0; i < s.samples.length; i++) {
        const t = s.samples.t[i]!;
        if (del && t >= T0 + H && t <= T0 + 6.5 * H) continue;
        app.append(0, s.labels, t, s.samples.v[i]!);
      }
    }
    app.commit();
    expectSameAnswers(want, db, -Infinity, Infinity, [[m('=~', '__name__', '.+')], [m('=', 'job', 'a')]]);
    // Appending goes on after a deletion.
    const a2 = db.appender();
    a2.append(0, lbl({ __name__: 'm', job: 'a', i: '0' }), T0 + 7 * H, 42);
    a2.commit();
    const last = db.querier(T0 + 7 * H, Infinity).select(false, null, m('=', 'job', 'a'), m('=', 'i', '0'));
    expect(dump(last)[0]!.samples).toHaveLength(1);
    db.close();
  });

  it('keeps deleted samples deleted after a restart while the head log still holds them', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    fill([db], 1);
    // Newest 20 minutes of one series (the log keeps them: the other series are unflushed).
    db.deleteSeries([m('=', 'job', 'a'), m('=', 'i', '0')], T0 + 40 * 60_000, Infinity);
    const want = dump(db.querier(-Infinity, Infinity).select(true, null, m('=~', '__name__', '.+')));
    expect(want.find((s) => s.labels === 'm{i="0", job="a"}')!.samples).toHaveLength(40);
    db.close();
    const again = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    expect(dump(again.querier(-Infinity, Infinity).select(true, null, m('=~', '__name__', '.+')))).toEqual(want);
    // Appending goes on after the deleted range, and survives the next restart too.
    const app = again.appender();
    app.append(0, lbl({ __name__: 'm', job: 'a', i: '0' }), T0 + 2 * H, 7);
    app.commit();
    again.close();
    const third = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    expect(dump(third.querier(T0 + H, Infinity).select(true, null, m('=', 'job', 'a'), m('=', 'i', '0')))[0]!.samples).toEqual([[T0 + 2 * H, expect.any(String)]]);
    third.close();
  });

  it('answers from the new rows in readers that cached chunks before compaction and deletion', () => {
    const mem = new MemoryStorage();
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    fill([mem, db], 7);
    db.compactStep(1000, false); // flushes nothing: level-0 chunks and rings only so far
    const reader = TSDBReader.open(db.readerHandle());
    const sel = [[m('=~', '__name__', '.+')], [m('=', 'job', 'a'), m('=~', 'i', '0|1')]];
    // Short windows (partial chunks: checkpoints get built and cached), across chunk and block edges.
    const hints = [null, { start: T0 + H, end: T0 + H + 600_000 }, { start: T0 + 5.9 * H, end: T0 + 6.1 * H }, { start: T0 + 6.5 * H, end: T0 + 6.6 * H }];
    const warm = (want: MemoryStorage): void => {
      expectSameAnswers(want, reader, -Infinity, Infinity, sel, hints);
      expectSameAnswers(want, db, -Infinity, Infinity, sel, hints);
    };
    warm(mem);
    fill([mem, db], 8.5, 60_000, 4, 7);
    db.compactStep(1000); // the 0–6h window becomes blocks: level-0 rows give way to new ones
    warm(mem);
    db.deleteSeries([m('=', 'job', 'a'), m('=~', 'i', '0|1')], T0 + 0.5 * H, T0 + 5.95 * H);
    const want = new MemoryStorage();
    const app = want.appender();
    for (const s of mem.querier(-Infinity, Infinity).select(true, null, m('=~', '__name__', '.+'))) {
      const del = s.labels.get('job') === 'a' && ['0', '1'].includes(s.labels.get('i'));
      for (let i = 0; i < s.samples.length; i++) {
        const t = s.samples.t[i]!;
        if (del && t >= T0 + 0.5 * H && t <= T0 + 5.95 * H) continue;
        app.append(0, s.labels, t, s.samples.v[i]!);
      }
    }
    app.commit();
    warm(want);
    reader.close();
    db.close();
  });

  it('never serves a deleted chunk for a newer row: chunk ids are not reused', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const reader = TSDBReader.open(db.readerHandle());
    // More samples than a ring holds, so the older ones are read from chunks.
    const N = 200;
    const write = (name: string, base: number): void => {
      const app = db.appender();
      for (let k = 0; k < N; k++) app.append(0, lbl({ __name__: name }), T0 + k * 1000, base + k);
      app.commit();
      db.compactAll();
    };
    const values = (name: string): number[] =>
      Array.from(reader.querier(-Infinity, Infinity).select(false, null, m('=', '__name__', name))[0]!.samples.v.subarray(0, N));
    const want = (base: number): number[] => Array.from({ length: N }, (_, k) => base + k);
    write('x', 0);
    expect(values('x')).toEqual(want(0)); // its chunk is cached under the newest id
    db.deleteSeries([m('=', '__name__', 'x')], -Infinity, Infinity);
    write('y', 1000);
    expect(values('y')).toEqual(want(1000));
    reader.close();
    db.close();
  });

  it('drops samples an open appender holds for a series deleted meanwhile, and recreates it on demand', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const l = lbl({ __name__: 'gone' });
    const a1 = db.appender();
    const ref = a1.append(0, l, T0, 1);
    a1.commit();
    const a2 = db.appender();
    a2.append(ref, l, T0 + 1000, 2);
    db.deleteSeries([m('=', '__name__', 'gone')], -Infinity, Infinity);
    a2.commit();
    expect(db.querier(-Infinity, Infinity).select(false, { func: 'series' }, m('=', '__name__', 'gone'))).toEqual([]);
    const a3 = db.appender();
    a3.append(ref, l, T0 + 2000, 3);
    a3.commit();
    const got = dump(db.querier(-Infinity, Infinity).select(false, null, m('=', '__name__', 'gone')));
    expect(got).toEqual([{ labels: 'gone', samples: [[T0 + 2000, expect.any(String)]] }]);
    db.close();
  });

  it('takes a consistent snapshot that opens with everything committed, head included', async () => {
    const db = TSDB.open(join(tmp.dir, 'db'), { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    fill([db], 7);
    db.compactStep(1000);
    const path = await db.snapshot(join(tmp.dir, 'db', 'snapshots'));
    expect(path).toMatch(/snapshots\/\d{8}T\d{6}Z-[0-9a-f]{16}$/);
    // Writes after the snapshot are not in it.
    const app = db.appender();
    app.append(0, lbl({ __name__: 'late' }), T0 + 8 * H, 1);
    app.commit();
    const snap = TSDB.open(path, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const sq = snap.querier(-Infinity, Infinity);
    expect(sq.select(false, null, m('=', '__name__', 'late'))).toEqual([]);
    const want = dump(db.querier(-Infinity, T0 + 7 * H).select(true, null, m('=~', '__name__', 'm|short')));
    expect(dump(sq.select(true, null, m('=~', '__name__', 'm|short')))).toEqual(want);
    snap.close();
    db.close();
  });
});

describe('stats', () => {
  it('reports head numbers and top label statistics in the /api/v1/status/tsdb shape', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    fill([db], 1, 60_000, 3);
    const s = db.stats(2);
    expect(s.headStats.numSeries).toBe(7);
    expect(s.headStats.minTime).toBe(T0);
    expect(s.headStats.maxTime).toBe(T0 + H - 60_000);
    expect(s.headStats.chunkCount).toBeGreaterThan(0);
    // Pairs: __name__ (m, short), job (a, b), i (0, 1, 2).
    expect(s.headStats.numLabelPairs).toBe(7);
    expect(s.seriesCountByMetricName).toEqual([
      { name: 'm', value: 6 },
      { name: 'short', value: 1 },
    ]);
    expect(s.labelValueCountByLabelName).toEqual([
      { name: 'i', value: 3 },
      { name: '__name__', value: 2 },
    ]);
    expect(s.seriesCountByLabelValuePair).toEqual([
      { name: '__name__=m', value: 6 },
      { name: 'job=a', value: 4 },
    ]);
    // Bytes of values × series: __name__: 'm'×6 + 'short'×1 = 11; job: 1×7 = 7; i: 1×6 = 6.
    expect(s.memoryInBytesByLabelName).toEqual([
      { name: '__name__', value: 11 },
      { name: 'job', value: 7 },
    ]);
    db.close();
  });
});

describe('compaction', () => {
  // Each step visits every series once: the step that began at the cursor's series used to
  // come round to it again and write its block a second time (reads hid it: they drop
  // repeated timestamps, but the file and the chunk statistics doubled for that series).
  it('writes each sample into exactly one block', async () => {
    const { default: Database } = await import('better-sqlite3');
    for (const series of [1, 3]) {
      const dir = join(tmp.dir, `s${series}`);
      const db = TSDB.open(dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
      fill([db], 8, 60_000, series);
      const appended = 2 * series * 8 * 60 + 2 * 60;
      db.compactStep(1000); // housekeeping's own call: the 0–6h window only
      db.compactAll();
      db.close();
      const sql = new Database(join(dir, 'hearth.db'), { readonly: true });
      const rows = sql.prepare('SELECT series_id, level, SUM(n) AS n, COUNT(*) AS c FROM chunks GROUP BY series_id, level').all() as { level: number; n: number }[];
      sql.close();
      expect(rows.every((r) => r.level === 1)).toBe(true);
      expect(rows.reduce((s, r) => s + r.n, 0)).toBe(appended);
    }
  });
});

describe('series ids', () => {
  // A deleted series' samples may stay in the head log after its row is gone; were its id
  // handed to a new series after a restart, the next start would replay them into that one.
  it('are never handed out again after the series with the highest id is deleted', () => {
    let db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    let app = db.appender();
    for (let t = T0; t < T0 + 600_000; t += 60_000) {
      app.append(0, lbl({ __name__: 'keep' }), t, 1);
      app.append(0, lbl({ __name__: 'gone' }), t, 2);
    }
    app.commit();
    db.deleteSeries([m('=', '__name__', 'gone')], -Infinity, Infinity);
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    app = db.appender();
    app.append(0, lbl({ __name__: 'new' }), T0 + 900_000, 3);
    app.commit();
    db.close();
    db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const got = dump(db.querier(-Infinity, Infinity).select(true, null, m('=~', '__name__', 'new|gone')));
    expect(got.map((s) => [s.labels, s.samples.length])).toEqual([['new', 1]]);
    db.close();
  });
});
