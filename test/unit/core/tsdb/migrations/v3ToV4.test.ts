/**
 * Version 3 to 4 adds the alert tables: a version-3 file (test/fixtures/tsdb/v3, written by
 * that version's code) gains them empty, keeps every row it had, and is copied aside first.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { SqliteAlertStateStore } from '../../../../../electron/core/rules/store/index.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import { MIGRATIONS } from '../../../../../electron/core/tsdb/migrations/migrate.js';
import { v3ToV4 } from '../../../../../electron/core/tsdb/migrations/v3ToV4.js';
import { openWritable } from '../../../../../electron/core/tsdb/schema.js';
import { tempDir } from '../helpers.js';

const fixture = resolve(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'tsdb', 'v3', 'hearth.db');
const ALERT_OBJECTS = ['alert_history', 'alert_history_by_group', 'alert_history_by_rule', 'alert_history_by_state', 'alert_history_by_time', 'alert_state', 'alert_state_by_group'];

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('hearth-v3tov4-');
});
afterEach(() => tmp.cleanup());

function inspect(file: string): { version: number; alertObjects: string[]; rows: unknown[] } {
  const raw = new Database(file, { readonly: true });
  try {
    return {
      version: raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as number,
      alertObjects: raw.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'alert%' ORDER BY name").pluck().all() as string[],
      rows: ['chunks', 'series', 'wal', 'label_pairs', 'postings'].map((t) => raw.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all()),
    };
  } finally {
    raw.close();
  }
}

describe('v3-to-v4', () => {
  it('is the step from version 3', () => {
    expect(MIGRATIONS.find((m) => m.from === 3)).toBe(v3ToV4);
  });

  it('adds the alert tables empty to a version-3 file, keeping its rows and a copy of it', () => {
    const file = join(tmp.dir, 'hearth.db');
    copyFileSync(fixture, file);
    const before = inspect(file);
    expect(before.version).toBe(3);
    expect(before.alertObjects).toEqual([]);

    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    const store = SqliteAlertStateStore.open(tmp.dir);
    expect(store.load()).toEqual({ alerts: [], savedAtMs: null });
    store.save('f;g', [{ groupKey: 'f;g', rule: 'A', labels: Labels.fromObject({ alertname: 'A' }), state: 'firing', value: 1, activeAtMs: 1, firedAtMs: 2, keepFiringSinceMs: 0, lastSentAtMs: 2 }], [], 3);
    store.close();
    db.close();

    const after = inspect(file);
    expect(after.version).toBe(4);
    expect(after.alertObjects).toEqual(ALERT_OBJECTS);
    // Series and the label index are untouched (chunks and the head log change as any close changes them).
    expect(after.rows.slice(1, 2).concat(after.rows.slice(3))).toEqual(before.rows.slice(1, 2).concat(before.rows.slice(3)));
    const backup = inspect(`${file}.v3.bak`);
    expect(backup.version).toBe(3);
    expect(backup.alertObjects).toEqual([]);
    expect(backup.rows).toEqual(before.rows);
  });

  it('fails on a file that already has a table of that name, leaving it as it was', () => {
    const file = join(tmp.dir, 'hearth.db');
    copyFileSync(fixture, file);
    const raw = new Database(file);
    raw.exec('CREATE TABLE alert_history (x)');
    raw.close();
    const bytes = readFileSync(file);
    expect(() => openWritable(file)).toThrow(/migrating schema version 3 to 4 failed in step v3-to-v4 \(alert state and alert history\): table alert_history already exists; the database was left as it was/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });
});
