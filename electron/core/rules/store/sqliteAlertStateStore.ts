/**
 * The alert state store in the TSDB's SQLite file (tables of schema version 4, see
 * tsdb/migrations/v3ToV4.ts): each group's active alerts, replaced whole at every save together
 * with the transitions that led to them, and the time of the last save.
 *
 * Crash safety comes from SQLite: one save is one transaction, and in WAL mode with
 * synchronous=NORMAL a committed transaction reached the kernel before commit returned, so a
 * kill -9 at any moment leaves the state before or after a save, never part of one (a power loss
 * may lose the newest saves, as it may lose the newest samples).
 *
 * The store has its own connection to the file the TSDB already opened (and migrated): the TSDB's
 * connection is private to it, and SQLite serialises the two writers. Both run on the event loop,
 * so neither waits for the other.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, openWritable, type SqliteDb } from '../../tsdb/schema.js';
import type { AlertStateStore, AlertTransition, SavedAlert } from '../types.js';
import { decodeLabels, decodeValue, encodeLabels, encodeValue, stateCode, stateOf } from './encoding.js';

/** meta key: when alerts were last saved, ms (the rule manager judges the outage from it). */
export const SAVED_AT_KEY = 'alert_state_saved_at';

/** group_key, rule, labels, state, value, active_at, fired_at, keep_firing_since, last_sent_at. */
type StateRow = [string, string, string, number, number | null, number, number, number, number];

export class SqliteAlertStateStore implements AlertStateStore {
  private readonly del;
  private readonly ins;
  private readonly insHistory;
  private readonly setSavedAt;
  /**
   * Each group's alerts as last committed, encoded: a save that changes none of them writes only
   * its transitions and the time (most evaluations change nothing). Dropped for a group whose
   * save failed, so the next one rewrites it.
   */
  private readonly committed = new Map<string, string>();
  private closed = false;

  /** `db` is a writable connection to a database of the current schema version. */
  constructor(
    private readonly db: SqliteDb,
    private readonly ownsDb = false,
  ) {
    this.del = db.prepare('DELETE FROM alert_state WHERE group_key = ?');
    this.ins = db.prepare(
      'INSERT INTO alert_state (group_key, rule, labels, state, value, active_at, fired_at, keep_firing_since, last_sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insHistory = db.prepare('INSERT INTO alert_history (time_ms, group_key, rule, labels, from_state, to_state, value) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.setSavedAt = db.prepare(`INSERT INTO meta (key, value) VALUES ('${SAVED_AT_KEY}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  }

  /**
   * Opens the store in the data directory of an open TSDB (which created and migrated the
   * file, and holds the directory's lock).
   */
  static open(dataDir: string): SqliteAlertStateStore {
    const path = join(dataDir, DB_FILE);
    if (!existsSync(path)) throw new Error(`alert state store: ${path} does not exist (the TSDB creates it: open the TSDB first)`);
    return new SqliteAlertStateStore(openWritable(path), true);
  }

  load(): { readonly alerts: readonly SavedAlert[]; readonly savedAtMs: number | null } {
    this.check();
    const rows = this.db
      .prepare('SELECT rowid, group_key, rule, labels, state, value, active_at, fired_at, keep_firing_since, last_sent_at FROM alert_state ORDER BY group_key, rowid')
      .raw()
      .all() as Array<[number, ...StateRow]>;
    const alerts: SavedAlert[] = [];
    for (const [rowid, groupKey, rule, labels, state, value, activeAt, firedAt, keepFiringSince, lastSentAt] of rows) {
      const where = `alert_state row ${rowid} (group ${JSON.stringify(groupKey)}, rule ${JSON.stringify(rule)})`;
      const s = stateOf(state, where);
      if (s === 'inactive') throw new Error(`${where}: an inactive alert is never saved`);
      alerts.push({
        groupKey,
        rule,
        labels: decodeLabels(labels, where),
        state: s,
        value: decodeValue(value),
        activeAtMs: activeAt,
        firedAtMs: firedAt,
        keepFiringSinceMs: keepFiringSince,
        lastSentAtMs: lastSentAt,
      });
    }
    const savedAt = this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(SAVED_AT_KEY) as number | undefined;
    return { alerts, savedAtMs: typeof savedAt === 'number' ? savedAt : null };
  }

  save(groupKey: string, alerts: readonly SavedAlert[], transitions: readonly AlertTransition[], nowMs: number): void {
    this.check();
    const rows: StateRow[] = [];
    for (const a of alerts) {
      if (a.groupKey !== groupKey) throw new Error(`saving the alerts of group ${JSON.stringify(groupKey)}: alert ${a.labels.toString()} belongs to group ${JSON.stringify(a.groupKey)}`);
      if (a.state !== 'pending' && a.state !== 'firing') throw new Error(`saving the alerts of group ${JSON.stringify(groupKey)}: alert ${a.labels.toString()} is ${JSON.stringify(a.state)}, only pending and firing alerts are saved`);
      rows.push([groupKey, a.rule, encodeLabels(a.labels), stateCode(a.state), encodeValue(a.value), a.activeAtMs, a.firedAtMs, a.keepFiringSinceMs, a.lastSentAtMs]);
    }
    const encoded = JSON.stringify(rows);
    const changed = this.committed.get(groupKey) !== encoded;
    // Encoded before the transaction: a bad state code throws before anything is written.
    const history = transitions.map((t) => [t.timeMs, t.groupKey, t.rule, encodeLabels(t.labels), stateCode(t.from), stateCode(t.to), encodeValue(t.value)] as const);
    try {
      this.db.transaction(() => {
        if (changed) {
          this.del.run(groupKey);
          for (const r of rows) this.ins.run(...r);
        }
        for (const h of history) this.insHistory.run(...h);
        this.setSavedAt.run(nowMs);
      }).immediate();
    } catch (e) {
      this.committed.delete(groupKey);
      throw new Error(`saving the alerts of group ${JSON.stringify(groupKey)}: ${(e as Error).message}`);
    }
    this.committed.set(groupKey, encoded);
  }

  retainGroups(groupKeys: ReadonlySet<string>): void {
    this.check();
    const present = this.db.prepare('SELECT DISTINCT group_key FROM alert_state').pluck().all() as string[];
    const gone = present.filter((g) => !groupKeys.has(g));
    for (const g of this.committed.keys()) if (!groupKeys.has(g)) this.committed.delete(g);
    if (gone.length === 0) return;
    this.db.transaction(() => {
      for (const g of gone) this.del.run(g);
    }).immediate();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDb) this.db.close();
  }

  private check(): void {
    if (this.closed) throw new Error('alert state store is closed');
  }
}
