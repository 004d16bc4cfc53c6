/**
 * Version 3 to 4: the rules room keeps its alerts in the TSDB's file (rules/store/), so that
 * the history of an alert lives and expires with the metrics it was judged on, and one backup
 * or snapshot holds both. Adds tables only; no existing row changes.
 *
 * alert_state: the active (pending or firing) alerts of each rule group, replaced per group.
 * alert_history: every change of an alert's state, newest read first through its indexes.
 * States are 0 inactive, 1 pending, 2 firing; a NULL value is NaN (SQLite stores NaN as NULL).
 */

import type Database from 'better-sqlite3';
import type { Migration } from './migration.js';

export const v3ToV4: Migration = {
  from: 3,
  name: 'v3-to-v4 (alert state and alert history)',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE alert_state (
        group_key TEXT NOT NULL,
        rule TEXT NOT NULL,
        labels TEXT NOT NULL,
        state INTEGER NOT NULL,
        value REAL,
        active_at INTEGER NOT NULL,
        fired_at INTEGER NOT NULL,
        keep_firing_since INTEGER NOT NULL,
        last_sent_at INTEGER NOT NULL
      );
      CREATE INDEX alert_state_by_group ON alert_state (group_key);
      CREATE TABLE alert_history (
        id INTEGER PRIMARY KEY,
        time_ms INTEGER NOT NULL,
        group_key TEXT NOT NULL,
        rule TEXT NOT NULL,
        labels TEXT NOT NULL,
        from_state INTEGER NOT NULL,
        to_state INTEGER NOT NULL,
        value REAL
      );
      CREATE INDEX alert_history_by_time ON alert_history (time_ms);
      CREATE INDEX alert_history_by_rule ON alert_history (rule, time_ms);
      CREATE INDEX alert_history_by_group ON alert_history (group_key, time_ms);
      CREATE INDEX alert_history_by_state ON alert_history (to_state, time_ms);
    `);
  },
};
