/**
 * The data directory is private to its owner: a new one is 0700 and every file Hearth or
 * SQLite creates in it 0600, whatever the umask; an existing directory keeps its modes and
 * gets a warning when other users can get into it.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../../electron/core/log.js';
import { TSDB } from '../../../../electron/core/tsdb/index.js';
import { lbl, tempDir } from './helpers.js';

const posix = process.platform !== 'win32';
const mode = (p: string) => statSync(p).mode & 0o777;

function warnLogger(): { logger: Logger; warnings: Array<{ msg: string; fields?: Record<string, unknown> }> } {
  const warnings: Array<{ msg: string; fields?: Record<string, unknown> }> = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: (msg: string, fields?: Record<string, unknown>) => warnings.push({ msg, fields }),
    error: () => {},
    with: () => logger,
  } as unknown as Logger;
  return { logger, warnings };
}

describe.skipIf(!posix)('data directory file modes (POSIX)', () => {
  let tmp: { dir: string; cleanup: () => void };
  let oldUmask = 0;
  beforeEach(() => {
    tmp = tempDir();
    // The most permissive umask: whatever is private below is so because Hearth made it so.
    oldUmask = process.umask(0);
  });
  afterEach(() => {
    process.umask(oldUmask);
    tmp.cleanup();
  });

  it('creates a new data directory 0700 and its database, lock and log files 0600', () => {
    const dir = join(tmp.dir, 'new', 'data');
    const db = TSDB.open(dir, { housekeepingIntervalMs: 0 });
    try {
      for (let b = 1; b <= 3; b++) {
        const app = db.appender();
        for (let i = 0; i < 3; i++) app.append(0, lbl({ __name__: 'x', i: String(i) }), 1000 * b, b);
        app.commit();
      }
      expect(mode(dir)).toBe(0o700);
      expect(mode(join(dir, 'log'))).toBe(0o700);
      const files = ['hearth.db', 'hearth.db-wal', 'hearth.db-shm', 'lock', ...readdirSync(join(dir, 'log')).map((n) => join('log', n))];
      expect(files.filter((f) => f.startsWith('log/')).length).toBeGreaterThan(0);
      for (const f of files) {
        expect(existsSync(join(dir, f)), f).toBe(true);
        expect([f, mode(join(dir, f)).toString(8)]).toEqual([f, '600']);
      }
    } finally {
      db.close();
    }
  });

  it('leaves an existing directory as its owner set it, with a warning when others can get in', () => {
    const open = join(tmp.dir, 'shared');
    mkdirSync(open);
    chmodSync(open, 0o755);
    const w = warnLogger();
    TSDB.open(open, { housekeepingIntervalMs: 0, logger: w.logger }).close();
    expect(mode(open)).toBe(0o755);
    expect(w.warnings.map((x) => x.msg).join('\n')).toMatch(/open to other users/);
    expect(w.warnings[0]?.fields).toMatchObject({ dir: open, mode: '0755' });

    const closed = join(tmp.dir, 'private');
    mkdirSync(closed);
    chmodSync(closed, 0o700);
    const w2 = warnLogger();
    TSDB.open(closed, { housekeepingIntervalMs: 0, logger: w2.logger }).close();
    expect(w2.warnings).toEqual([]);
  });
});
