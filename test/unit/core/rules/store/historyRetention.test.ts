/**
 * The alert history goes with the TSDB's retention (tsdb/db.ts applyRetention): by time, with
 * the samples of that age; by size, with the oldest chunks, whose bytes it shares the file with.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteAlertHistory, SqliteAlertStateStore } from '../../../../../electron/core/rules/store/index.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import { lbl, tempDir } from '../../tsdb/helpers.js';
import { transition } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('hearth-historyretention-');
});
afterEach(() => tmp.cleanup());

const H = 3_600_000;
const T0 = 1_704_067_200_000;

function fill(db: TSDB, hours: number, series = 4): void {
  for (let t = T0; t < T0 + hours * H; t += 60_000) {
    const app = db.appender();
    for (let i = 0; i < series; i++) app.append(0, lbl({ __name__: 'm', i: String(i) }), t, Math.sin(t + i));
    app.commit();
  }
}

function historyTimes(dir: string): number[] {
  const h = SqliteAlertHistory.open(dir);
  try {
    return h.query({ rules: [], groups: [], states: [], matcherSets: [], startMs: -Infinity, endMs: Infinity, limit: 10_000, after: null }).entries.map((e) => e.timeMs).reverse();
  } finally {
    h.close();
  }
}

function saveHistory(dir: string, times: number[]): void {
  const store = SqliteAlertStateStore.open(dir);
  for (const t of times) store.save('f;g', [], [transition(t, 'f;g', 'A', {}, 'inactive', 'pending')], t);
  store.close();
}

describe('alert history retention', () => {
  it('deletes transitions older than the time limit with the samples', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 2 * H });
    fill(db, 8.5);
    db.compactAll();
    saveHistory(tmp.dir, [T0 + H, T0 + 6 * H, T0 + 6.5 * H - 61_000, T0 + 6.5 * H - 60_000, T0 + 8 * H]);
    db.applyRetention();
    // Cutoff: the newest sample (T0 + 8.5h − 1 min) minus 2 h.
    expect(historyTimes(tmp.dir)).toEqual([T0 + 6.5 * H - 60_000, T0 + 8 * H]);
    db.close();
  });

  it('keeps everything without a time limit', () => {
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    fill(db, 3);
    saveHistory(tmp.dir, [T0 - 1000 * H, T0]);
    db.applyRetention();
    expect(historyTimes(tmp.dir)).toEqual([T0 - 1000 * H, T0]);
    db.close();
  });

  it('deletes transitions as old as the chunks the size limit removes, and counts their bytes', () => {
    // Two days of samples and of history, written without a limit, then reopened with one.
    const setup = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    fill(setup, 48, 10);
    setup.compactAll();
    const dataOnly = setup.sizeBytes();
    const times: number[] = [];
    for (let i = 0; i < 4000; i++) times.push(T0 + Math.floor((i * 48 * H) / 4000));
    const store = SqliteAlertStateStore.open(tmp.dir);
    for (let i = 0; i < times.length; i += 500) {
      store.save('f;g', [], times.slice(i, i + 500).map((t) => transition(t, 'f;g', 'A', { padding: 'x'.repeat(40) }, 'inactive', 'pending')), times[i]!);
    }
    store.close();
    setup.close();
    const raw = new Database(join(tmp.dir, 'hearth.db'), { readonly: true });
    const chunksBefore = new Map(raw.prepare('SELECT id, maxt FROM chunks').raw().all() as Array<[number, number]>);
    raw.close();

    const reopened = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const full = reopened.sizeBytes();
    reopened.close();
    // The history takes room of its own in the file: it counts against the limit.
    expect(full).toBeGreaterThan(dataOnly * 1.5);

    const limit = Math.floor(full * 0.6);
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0, retentionSizeBytes: limit });
    db.applyRetention();
    expect(db.sizeBytes()).toBeLessThanOrEqual(limit);
    const raw2 = new Database(join(tmp.dir, 'hearth.db'), { readonly: true });
    const left = new Set(raw2.prepare('SELECT id FROM chunks').pluck().all() as number[]);
    raw2.close();
    const deletedMaxt = Math.max(...[...chunksBefore].filter(([id]) => !left.has(id)).map(([, maxt]) => maxt));
    expect(left.size).toBeGreaterThan(0);
    expect(left.size).toBeLessThan(chunksBefore.size);
    // Exactly the transitions of the age the removed chunks covered are gone.
    const kept = historyTimes(tmp.dir);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept).toEqual(times.filter((t) => t > deletedMaxt));
    db.close();
  });
});
