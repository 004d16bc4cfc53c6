/**
 * Schema migrations: at open, a database of an older version is brought to the current one
 * by every step between, all inside one transaction, after a copy of it was set aside.
 *
 * The copy is kept after a migration that succeeds. The transaction already guarantees that
 * a failing step changes nothing; the copy is for a step that succeeds but is wrong, which
 * only shows later (in queries, after the next update): then the data as the old version
 * wrote it is still there. It costs one database's size once per update that migrates; the
 * log line names it, and the user may delete it. Retention does not count it.
 */

import { existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Logger } from '../../log.js';
import type { Migration } from './migration.js';
import { v1ToV2 } from './v1ToV2.js';
import { v2ToV3 } from './v2ToV3.js';
import { v3ToV4 } from './v3ToV4.js';

/** Every step from the first released version on, in order. */
export const MIGRATIONS: readonly Migration[] = [v1ToV2, v2ToV3, v3ToV4];

/**
 * Migrates `db` (the file at `path`) from version `from` to `to`. Throws, with the database
 * unchanged, when a step is missing or fails; the error names the versions and the step.
 */
export function migrate(db: Database.Database, path: string, from: number, to: number, logger: Logger, steps: readonly Migration[] = MIGRATIONS): void {
  const chain: Migration[] = [];
  for (let v = from; v < to; v++) {
    const step = steps.find((m) => m.from === v);
    if (!step) throw new Error(`${path}: cannot migrate schema version ${from} to ${to}: no step from version ${v}`);
    chain.push(step);
  }
  const backup = backupPath(path, from);
  try {
    db.prepare('VACUUM INTO ?').run(backup);
  } catch (e) {
    throw new Error(`${path}: cannot copy the database to ${backup} before migrating schema version ${from} to ${to}: ${(e as Error).message}`);
  }
  logger.info('Migrating the database schema', { file: path, from, to, backup });
  const t0 = Date.now();
  let current: Migration | null = null;
  try {
    db.transaction(() => {
      for (const step of chain) {
        current = step;
        step.up(db);
      }
      current = null;
      db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(to);
    }).immediate();
  } catch (e) {
    const where = current ? `in step ${(current as Migration).name}` : 'recording the new version';
    throw new Error(
      `${path}: migrating schema version ${from} to ${to} failed ${where}: ${(e as Error).message}; the database was left as it was (a copy is at ${backup})`,
    );
  }
  logger.info('Database schema migrated; the copy made before is kept and may be deleted', { file: path, from, to, backup, duration_ms: Date.now() - t0 });
}

/** `hearth.db.v1.bak` next to the database, numbered when an earlier attempt left one. */
function backupPath(path: string, from: number): string {
  let p = `${path}.v${from}.bak`;
  for (let k = 2; existsSync(p); k++) p = `${path}.v${from}.${k}.bak`;
  return p;
}
