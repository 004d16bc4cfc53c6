/**
 * The data directory's lock, as Prometheus keeps one (a `lock` file), held the way flock()
 * would hold it: the file is a tiny SQLite database on which this process keeps an exclusive
 * transaction open. SQLite's POSIX/Windows file locks belong to the process, so the kernel
 * drops them when the process dies (kill -9 included): no stale lock to clean up, and a
 * second process on the same directory fails at once with an error naming it.
 */

import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createPrivateFile } from './fileModes.js';
import Database from 'better-sqlite3';

const held = new Set<string>();

export class DirLock {
  private released = false;

  private constructor(
    readonly dir: string,
    private readonly db: Database.Database,
  ) {}

  static acquire(dir: string): DirLock {
    const abs = resolve(dir);
    const path = join(abs, 'lock');
    if (held.has(abs)) throw new Error(`lock DB directory: ${abs} is already open in this process`);
    for (let attempt = 0; ; attempt++) {
      let db: Database.Database;
      try {
        createPrivateFile(path);
        db = new Database(path, { timeout: 0 });
      } catch (e) {
        throw new Error(`lock DB directory: cannot create ${path}: ${(e as Error).message}`);
      }
      try {
        db.pragma('locking_mode = EXCLUSIVE');
        db.exec('BEGIN EXCLUSIVE');
        held.add(abs);
        return new DirLock(abs, db);
      } catch (e) {
        db.close();
        const code = (e as { code?: string }).code;
        if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
          throw new Error(`lock DB directory: ${abs} is in use by another process; is another Hearth running on it?`);
        }
        // Not a database (a lock file of another format): replace it once.
        if (code === 'SQLITE_NOTADB' && attempt === 0) {
          rmSync(path, { force: true });
          continue;
        }
        throw new Error(`lock DB directory: cannot lock ${path}: ${(e as Error).message}`);
      }
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.dir);
    try {
      this.db.close();
    } catch {
      // Closing releases the lock either way.
    }
  }
}
