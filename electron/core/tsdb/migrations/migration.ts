import type Database from 'better-sqlite3';

/**
 * One step of the schema, from version `from` to `from + 1`. A step is frozen once released:
 * it spells out its own SQL and encodings rather than using today's, which later steps change.
 */
export interface Migration {
  readonly from: number;
  /** Names the step in logs and errors, e.g. "v1-to-v2 (chunk ids never reused)". */
  readonly name: string;
  /** Rewrites the data in place; runs inside the transaction that covers every step. */
  up(db: Database.Database): void;
}
