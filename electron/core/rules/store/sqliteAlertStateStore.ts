/**
 * The alert state store in the TSDB's SQLite file (tables of schema version 4, see
 * tsdb/migrations/v3ToV4.ts): each group's active alerts, replaced at every save together with
 * the transitions that led to them, and the time of the last save.
 *
 * A save writes only the rows that differ from the group's last save in this process (the
 * first one replaces the group whole): a group at its limit of 10,000 alerts whose values move
 * at every evaluation would otherwise rewrite 10,000 rows each time (180 ms on the event loop
 * here). For the same reason a change of value alone is not written: a saved alert's value is
 * the one of the last save that added it or changed its state or clocks. A restart loses
 * nothing by it: the first evaluation after the restore sets every value it returns afresh.
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
import type { Labels } from '../../model/labels.js';
import type { AlertStateStore, AlertTransition, SavedAlert } from '../types.js';
import { decodeLabels, decodeValue, encodeLabels, encodeValue, stateCode, stateOf } from './encoding.js';

/** meta key: when alerts were last saved, ms (the rule manager judges the outage from it). */
export const SAVED_AT_KEY = 'alert_state_saved_at';

/** group_key, rule, labels, state, value, active_at, fired_at, keep_firing_since, last_sent_at. */
type StateRow = [string, string, string, number, number | null, number, number, number, number];

/** A committed row of a group: its rowid and what a change is judged by (everything but the value). */
interface CommittedRow {
  readonly rowid: number;
  readonly sig: string;
}

export class SqliteAlertStateStore implements AlertStateStore {
  private readonly del;
  private readonly delRow;
  private readonly ins;
  private readonly upd;
  private readonly insHistory;
  private readonly setSavedAt;
  /**
   * Each group's rows as last committed by this process, by rule, labels and the alert's rank
   * among equal ones (a group may repeat a rule name). Dropped for a group whose save failed,
   * so the next one replaces it whole.
   */
  private readonly committed = new Map<string, Map<string, CommittedRow>>();
  private readonly labelText = new WeakMap<Labels, string>();
  private closed = false;

  /** `db` is a writable connection to a database of the current schema version. */
  constructor(
    private readonly db: SqliteDb,
    private readonly ownsDb = false,
  ) {
    this.del = db.prepare('DELETE FROM alert_state WHERE group_key = ?');
    this.delRow = db.prepare('DELETE FROM alert_state WHERE rowid = ?');
    this.ins = db.prepare(
      'INSERT INTO alert_state (group_key, rule, labels, state, value, active_at, fired_at, keep_firing_since, last_sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upd = db.prepare('UPDATE alert_state SET state = ?, value = ?, active_at = ?, fired_at = ?, keep_firing_since = ?, last_sent_at = ? WHERE rowid = ?');
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
    // Encoded before the transaction: bad input throws before anything is written.
    const rows: Array<{ key: string; sig: string; row: StateRow }> = [];
    const keys = new Set<string>();
    for (const a of alerts) {
      if (a.groupKey !== groupKey) throw new Error(`saving the alerts of group ${JSON.stringify(groupKey)}: alert ${a.labels.toString()} belongs to group ${JSON.stringify(a.groupKey)}`);
      if (a.state !== 'pending' && a.state !== 'firing') throw new Error(`saving the alerts of group ${JSON.stringify(groupKey)}: alert ${a.labels.toString()} is ${JSON.stringify(a.state)}, only pending and firing alerts are saved`);
      const labels = this.encoded(a.labels);
      let key = `${a.rule}\xff${labels}`;
      // The nth alert of a repeated rule name and label set is told apart by its rank.
      if (keys.has(key)) {
        let n = 1;
        while (keys.has(`${key}\xff${n}`)) n++;
        key = `${key}\xff${n}`;
      }
      keys.add(key);
      const state = stateCode(a.state);
      rows.push({
        key,
        sig: `${state},${a.activeAtMs},${a.firedAtMs},${a.keepFiringSinceMs},${a.lastSentAtMs}`,
        row: [groupKey, a.rule, labels, state, encodeValue(a.value), a.activeAtMs, a.firedAtMs, a.keepFiringSinceMs, a.lastSentAtMs],
      });
    }
    const history = transitions.map((t) => [t.timeMs, t.groupKey, t.rule, encodeLabels(t.labels), stateCode(t.from), stateCode(t.to), encodeValue(t.value)] as const);
    const prev = this.committed.get(groupKey);
    const next = new Map<string, CommittedRow>();
    try {
      this.db.transaction(() => {
        if (!prev) this.del.run(groupKey);
        for (const { key, sig, row } of rows) {
          const p = prev?.get(key);
          if (!p) next.set(key, { rowid: Number(this.ins.run(...row).lastInsertRowid), sig });
          else {
            if (p.sig !== sig) this.upd.run(row[3], row[4], row[5], row[6], row[7], row[8], p.rowid);
            next.set(key, { rowid: p.rowid, sig });
          }
        }
        if (prev) for (const [key, p] of prev) if (!next.has(key)) this.delRow.run(p.rowid);
        for (const h of history) this.insHistory.run(...h);
        this.setSavedAt.run(nowMs);
      }).immediate();
    } catch (e) {
      this.committed.delete(groupKey);
      throw new Error(`saving the alerts of group ${JSON.stringify(groupKey)}: ${(e as Error).message}`);
    }
    this.committed.set(groupKey, next);
  }

  /** A label set's encoding, once per set: an alert keeps its Labels object from one evaluation to the next. */
  private encoded(l: Labels): string {
    let e = this.labelText.get(l);
    if (e === undefined) {
      e = encodeLabels(l);
      this.labelText.set(l, e);
    }
    return e;
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
