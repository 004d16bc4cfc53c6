/**
 * A real full disk: the TSDB on a tiny tmpfs (needs root to mount; the SQLite page-limit test
 * in test/unit/core/tsdb/recovery.test.ts covers the same path everywhere). The failing commit
 * throws a clear error, nothing of it is kept, and the data stays readable and reopens.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Labels } from '../../../electron/core/model/labels.js';
import { Matcher } from '../../../electron/core/model/matcher.js';
import { StorageError } from '../../../electron/core/storage/errors.js';
import { TSDB } from '../../../electron/core/tsdb/index.js';

const base = mkdtempSync(join(tmpdir(), 'hearth-full-'));
const mnt = join(base, 'mnt');
mkdirSync(mnt);
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt], { stdio: 'ignore' });
  mounted = true;
} catch {
  // Not root, or no mount permission in this sandbox.
}
afterAll(() => {
  if (mounted) execFileSync('umount', [mnt]);
  rmSync(base, { recursive: true, force: true });
});

function batchOf(db: TSDB, b: number): void {
  const app = db.appender();
  for (let i = 0; i < 500; i++) {
    app.append(0, Labels.fromObject({ __name__: 'fill', i: String(i), b: String(b), pad: `${b}-${i}-`.padEnd(120, 'x') }), 1_700_000_000_000 + b * 1000, b);
  }
  app.commit();
}

function stored(db: TSDB): number[] {
  const q = db.querier(-Infinity, Infinity);
  const per = new Map<number, number>();
  for (const s of q.select(false, null, new Matcher('=', '__name__', 'fill'))) {
    for (let i = 0; i < s.samples.length; i++) per.set(s.samples.v[i]!, (per.get(s.samples.v[i]!) ?? 0) + 1);
  }
  for (const n of per.values()) expect(n).toBe(500);
  return [...per.keys()].sort((a, b) => a - b);
}

describe.skipIf(!mounted)('full disk (tmpfs)', () => {
  it('fails the commit with a clear error, keeps what was committed, and reopens once space is back', () => {
    const filler = join(mnt, 'filler');
    writeFileSync(filler, Buffer.alloc(1 << 20));
    const dir = join(mnt, 'data');
    let db = TSDB.open(dir, { housekeepingIntervalMs: 0 });
    let err: unknown = null;
    let committed = 0;
    for (let b = 0; b < 500; b++) {
      try {
        batchOf(db, b);
        committed++;
      } catch (e) {
        err = e;
        break;
      }
    }
    expect(committed).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).kind).toBe('io');
    expect((err as Error).message).toMatch(/commit failed: database or disk is full/);
    expect(stored(db)).toEqual(Array.from({ length: committed }, (_, i) => i));
    db.close();
    rmSync(filler);
    db = TSDB.open(dir, { housekeepingIntervalMs: 0 });
    expect(stored(db)).toEqual(Array.from({ length: committed }, (_, i) => i));
    batchOf(db, committed);
    expect(stored(db)).toHaveLength(committed + 1);
    db.close();
  });
});
