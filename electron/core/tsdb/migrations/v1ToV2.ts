/**
 * Version 1 to 2 (74ac3ff): chunk ids are AUTOINCREMENT, so an id is never reused and readers
 * may cache a chunk by its id, and the series index covers the columns lookups read.
 * SQLite cannot add AUTOINCREMENT to a table: the table is copied with its ids.
 *
 * series.flushed_maxt keeps its value: 0ee6318 wrote it at every flush, with the meaning the
 * replay floor has today (schema.ts), and later builds of version 1 left it unset.
 */

import type Database from 'better-sqlite3';
import type { Migration } from './migration.js';

export const v1ToV2: Migration = {
  from: 1,
  name: 'v1-to-v2 (chunk ids never reused, covering chunk index)',
  up(db: Database.Database): void {
    db.exec(`
      CREATE TABLE chunks_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        series_id INTEGER NOT NULL,
        mint INTEGER NOT NULL,
        maxt INTEGER NOT NULL,
        n INTEGER NOT NULL,
        level INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL
      );
      INSERT INTO chunks_v2 (id, series_id, mint, maxt, n, level, seq, data)
        SELECT id, series_id, mint, maxt, n, level, seq, data FROM chunks ORDER BY id;
      DROP TABLE chunks;
      ALTER TABLE chunks_v2 RENAME TO chunks;
      CREATE INDEX chunks_by_series ON chunks (series_id, maxt, mint, seq, n);
      CREATE INDEX chunks_by_maxt ON chunks (maxt);
      CREATE INDEX chunks_by_mint ON chunks (mint);
    `);
  },
};
