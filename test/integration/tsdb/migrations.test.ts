/**
 * Schema migrations on databases written by each released version's own code
 * (test/fixtures/tsdb/v<N>, see its README): each opens with today's code, is migrated once
 * (a copy set aside first) and answers as that version did before it closed.
 */
import { copyFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogFields, Logger } from '../../../electron/core/log.js';
import { TSDB } from '../../../electron/core/tsdb/index.js';
import { MIGRATIONS } from '../../../electron/core/tsdb/migrations/migrate.js';
import type { Migration } from '../../../electron/core/tsdb/migrations/migration.js';
import { SCHEMA_VERSION, openWritable } from '../../../electron/core/tsdb/schema.js';
import { m, tempDir } from '../../unit/core/tsdb/helpers.js';

const fixtures = resolve(import.meta.dirname, '..', '..', 'fixtures', 'tsdb');

interface Expected {
  shape: { schemaVersion: number; chunksByLevel: Record<string, number>; walRows: number };
  series: Array<{ labels: Record<string, string>; t: number[]; v: string[]; stale: number[] }>;
}

function recorder(): Logger & { lines: Array<{ msg: string; fields?: LogFields }> } {
  const lines: Array<{ msg: string; fields?: LogFields }> = [];
  const log = (msg: string, fields?: LogFields) => void lines.push({ msg, fields });
  const l = { lines, debug: log, info: log, warn: log, error: log, with: () => l };
  return l;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
function hex(v: number): string {
  f64[0] = v;
  return u32[1]!.toString(16).padStart(8, '0') + u32[0]!.toString(16).padStart(8, '0');
}

/** What the store answers for `fixture_.*` over [mint, maxt], in expected.json's form. */
function answer(db: TSDB, mint: number, maxt: number): Expected['series'] {
  const q = db.querier(mint, maxt);
  try {
    return q.select(true, null, m('=~', '__name__', 'fixture_.*')).map((s) => {
      const n = s.samples.length;
      const stale: number[] = [];
      for (let i = 0; i < n; i++) if (s.samples.stale?.[i] === 1) stale.push(i);
      return { labels: s.labels.toObject(), t: Array.from(s.samples.t.subarray(0, n)), v: Array.from(s.samples.v.subarray(0, n), hex), stale };
    });
  } finally {
    q.close();
  }
}

/** expected.json's series cut to [mint, maxt]. */
function window(series: Expected['series'], mint: number, maxt: number): Expected['series'] {
  const out: Expected['series'] = [];
  for (const s of series) {
    const idx = s.t.flatMap((t, i) => (t >= mint && t <= maxt ? [i] : []));
    if (idx.length === 0) continue;
    out.push({ labels: s.labels, t: idx.map((i) => s.t[i]!), v: idx.map((i) => s.v[i]!), stale: idx.flatMap((i, k) => (s.stale.includes(i) ? [k] : [])) });
  }
  return out;
}

function storedVersion(file: string): number {
  const raw = new Database(file, { readonly: true });
  try {
    return raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as number;
  } finally {
    raw.close();
  }
}

/** Tables, columns and indexes (with their columns) of a file, and whether chunk ids are AUTOINCREMENT. */
function schemaOf(file: string): unknown {
  const raw = new Database(file, { readonly: true });
  try {
    const objects = raw.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ type: string; name: string }>;
    return {
      objects: objects.map((o) => ({ ...o, columns: raw.pragma(`${o.type === 'table' ? 'table_xinfo' : 'index_xinfo'}(${o.name})`) })),
      autoincrement: /AUTOINCREMENT/i.test(raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'chunks'").pluck().get() as string),
    };
  } finally {
    raw.close();
  }
}

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('hearth-migrate-');
});
afterEach(() => tmp.cleanup());

/** A migrated file is at the current version, with a fresh database's schema and chunk ids going on. */
function expectCurrentSchema(file: string, scratch: string): void {
  expect(storedVersion(file)).toBe(SCHEMA_VERSION);
  const fresh = join(scratch, 'fresh');
  TSDB.open(fresh, { housekeepingIntervalMs: 0 }).close();
  expect(schemaOf(file)).toEqual(schemaOf(join(fresh, 'hearth.db')));
  // Ids go on after the highest one copied: a deleted chunk's id is never handed out again.
  const raw = new Database(file, { readonly: true });
  const maxId = raw.prepare('SELECT max(id) FROM chunks').pluck().get() as number;
  expect(raw.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'chunks'").pluck().get()).toBeGreaterThanOrEqual(maxId);
  raw.close();
}

function fixture(name: string): { file: string; expected: Expected } {
  const src = join(fixtures, name);
  const file = join(tmp.dir, 'hearth.db');
  copyFileSync(join(src, 'hearth.db'), file);
  return { file, expected: JSON.parse(readFileSync(join(src, 'expected.json'), 'utf8')) as Expected };
}

/** `v<N>` or `v<N>-<commit>` (another build of version N): [dir, N]. */
const fixtureDirs = readdirSync(fixtures)
  .filter((n) => /^v\d+(-[0-9a-f]+)?$/.test(n))
  .sort()
  .map((n) => [n, Number(/^v(\d+)/.exec(n)![1])] as const);

it('has a fixture for every released version before the current one', () => {
  for (let v = 1; v < SCHEMA_VERSION; v++) expect(fixtureDirs.map(([, n]) => n), `version ${v}`).toContain(v);
});

describe.each(fixtureDirs)('the database in %s (schema version %i)', (dir, version) => {
  it('opens, migrates once and answers as the version that wrote it', () => {
    const { file, expected } = fixture(dir);
    // The fixture holds blocks, level-0 chunks and head samples only in the wal table.
    expect(expected.shape.schemaVersion).toBe(version);
    expect(expected.shape.chunksByLevel['0']).toBeGreaterThan(0);
    expect(expected.shape.chunksByLevel['1']).toBeGreaterThan(0);
    expect(expected.shape.walRows).toBeGreaterThan(0);
    const before = readFileSync(file);

    const log = recorder();
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0, logger: log });
    const all = answer(db, -Infinity, Infinity);
    expect(all.map((s) => s.labels.__name__)).toEqual(expected.series.map((s) => s.labels.__name__));
    expect(all).toEqual(expected.series);
    // A window inside the compacted blocks and one across the head: partial chunk reads.
    const t0 = expected.series[0]!.t[0]!;
    for (const [lo, hi] of [
      [t0 + 3_600_000, t0 + 7_200_000 + 1],
      [t0 + 6.5 * 3_600_000, t0 + 8 * 3_600_000],
    ] as const) {
      expect(answer(db, lo, hi), `[${lo}, ${hi}]`).toEqual(window(expected.series, lo, hi));
    }
    db.close();
    expectCurrentSchema(file, tmp.dir);

    const backup = `${file}.v${version}.bak`;
    const migrated = log.lines.filter((l) => l.msg.startsWith('Database schema migrated'));
    if (version === SCHEMA_VERSION) {
      expect(migrated).toEqual([]);
      expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.bak'))).toEqual([]);
    } else {
      expect(migrated).toHaveLength(1);
      expect(migrated[0]!.fields).toMatchObject({ from: version, to: SCHEMA_VERSION, backup });
      // The copy is the file as that version left it (rows compared: VACUUM INTO repacks pages).
      expect(storedVersion(backup)).toBe(version);
      const rows = (f: Buffer | string) => {
        const d = new Database(f as string, { readonly: true });
        try {
          return ['chunks', 'series', 'wal', 'label_pairs', 'postings'].map((t) => d.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all());
        } finally {
          d.close();
        }
      };
      const orig = join(tmp.dir, 'original.db');
      copyFileSync(join(fixtures, dir, 'hearth.db'), orig);
      expect(readFileSync(orig).equals(before)).toBe(true);
      expect(rows(backup)).toEqual(rows(orig));
    }

    // Reopening finds the current version: no second migration, no second copy, same answers.
    const log2 = recorder();
    const again = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0, logger: log2 });
    expect(answer(again, -Infinity, Infinity)).toEqual(expected.series);
    again.close();
    expect(log2.lines.filter((l) => l.msg.includes('schema'))).toEqual([]);
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.bak'))).toHaveLength(version === SCHEMA_VERSION ? 0 : 1);
  });
});

describe('a migration that fails', () => {
  it('leaves the file byte-identical and names the versions and the step', () => {
    const { file } = fixture('v1');
    const before = readFileSync(file);
    const failing: Migration = {
      from: 2,
      name: 'v2-to-v3 (injected failure)',
      up(db) {
        // Changes made before the throw must be rolled back with the earlier steps'.
        db.exec('DELETE FROM chunks');
        throw new Error('boom');
      },
    };
    expect(() => openWritable(file, { migrations: [MIGRATIONS[0]!, failing, ...MIGRATIONS.slice(2)] })).toThrow(
      new RegExp(`hearth\\.db: migrating schema version 1 to ${SCHEMA_VERSION} failed in step v2-to-v3 \\(injected failure\\): boom; the database was left as it was \\(a copy is at .*hearth\\.db\\.v1\\.bak\\)`),
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(storedVersion(file)).toBe(1);
    // A missing step is refused before anything is copied or changed.
    expect(() => openWritable(file, { migrations: [MIGRATIONS[0]!] })).toThrow(new RegExp(`cannot migrate schema version 1 to ${SCHEMA_VERSION}: no step from version 2`));
    expect(readFileSync(file).equals(before)).toBe(true);
    // The next attempt (with the real steps) succeeds and keeps its own copy beside the first.
    const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
    db.close();
    expectCurrentSchema(file, tmp.dir);
    expect(existsSync(`${file}.v1.bak`) && existsSync(`${file}.v1.2.bak`)).toBe(true);
  });
});

describe('a database of a newer version', () => {
  it('is refused, never migrated down', () => {
    const { file } = fixture(fixtureDirs[fixtureDirs.length - 1]![0]);
    const raw = new Database(file);
    raw.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(SCHEMA_VERSION + 1);
    raw.close();
    const before = readFileSync(file);
    expect(() => TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 })).toThrow(
      new RegExp(`unsupported schema version ${SCHEMA_VERSION + 1} \\(this build reads ${SCHEMA_VERSION}\\): it was written by a newer version of Hearth`),
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.bak'))).toEqual([]);
  });
});
