/**
 * Label sets in SQLite as dictionaries: every distinct (name, value) pair has an id, a
 * series row holds the varint list of its pair ids (sorted by name, like Labels), and the
 * postings table maps pair id → series ids for the inverted index.
 */

import { Labels } from '../model/labels.js';
import { ByteReader, ByteWriter } from './chunkenc/bytes.js';
import { NO_REPLAY_FLOOR, type SqliteDb } from './schema.js';

const SEP = '\xff';

/** Pair id cache: read side (id → name/value) and write side ((name, value) → id). */
export class PairDictionary {
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  private maxLoaded = 0;
  private readonly loadSince;

  constructor(private readonly db: SqliteDb) {
    this.loadSince = db.prepare('SELECT id, name, value FROM label_pairs WHERE id > ? ORDER BY id').raw();
    this.refresh();
  }

  /** Loads pairs added since the last call (by this or another connection). */
  refresh(): void {
    for (const row of this.loadSince.iterate(this.maxLoaded) as Iterable<[number, string, string]>) {
      this.add(row[0], row[1], row[2]);
    }
  }

  add(id: number, name: string, value: string): void {
    this.names[id] = name;
    this.values[id] = value;
    this.ids.set(name + SEP + value, id);
    if (id > this.maxLoaded) this.maxLoaded = id;
  }

  idOf(name: string, value: string): number | undefined {
    return this.ids.get(name + SEP + value);
  }

  name(id: number): string {
    let n = this.names[id];
    if (n === undefined) {
      this.refresh();
      n = this.names[id];
      if (n === undefined) throw new Error(`label pair ${id} not found`);
    }
    return n;
  }

  value(id: number): string {
    if (this.values[id] === undefined) this.name(id);
    return this.values[id]!;
  }

  get size(): number {
    return this.ids.size;
  }

  /** Decodes a series row's pair-id list into a label set. */
  decode(lset: Uint8Array): Labels {
    const r = new ByteReader(lset);
    const n = r.uvarint();
    const flat = new Array<string>(n * 2);
    for (let i = 0; i < n; i++) {
      const id = r.uvarint();
      flat[i * 2] = this.name(id);
      flat[i * 2 + 1] = this.value(id);
    }
    return Labels.fromSortedFlat(flat);
  }
}

/**
 * Writes new series rows inside the caller's transaction. Pair ids assigned here are only
 * added to the dictionary by `confirm()` after the transaction committed, so a rolled-back
 * batch leaves the cache as it was.
 */
export class SeriesWriter {
  private readonly insertPair;
  private readonly insertSeries;
  private readonly insertPosting;
  private readonly pendingPairs: Array<[number, string, string]> = [];
  private readonly pendingIds = new Map<string, number>();
  private readonly w = new ByteWriter(256);

  constructor(
    db: SqliteDb,
    private readonly dict: PairDictionary,
  ) {
    this.insertPair = db.prepare('INSERT INTO label_pairs (name, value) VALUES (?, ?)');
    this.insertSeries = db.prepare('INSERT INTO series (id, lset, flushed_maxt) VALUES (?, ?, ?)');
    this.insertPosting = db.prepare('INSERT INTO postings (pair_id, series_id) VALUES (?, ?)');
  }

  private pairId(name: string, value: string): number {
    let id = this.dict.idOf(name, value);
    if (id !== undefined) return id;
    const k = name + SEP + value;
    id = this.pendingIds.get(k);
    if (id !== undefined) return id;
    id = Number(this.insertPair.run(name, value).lastInsertRowid);
    this.pendingIds.set(k, id);
    this.pendingPairs.push([id, name, value]);
    return id;
  }

  /** Inserts series `id` with `labels`; must run inside a transaction. */
  insert(id: number, labels: Labels): void {
    const w = this.w;
    w.reset();
    const n = labels.size;
    w.uvarint(n);
    const pairIds: number[] = [];
    for (let i = 0; i < n; i++) {
      const pid = this.pairId(labels.name(i), labels.value(i));
      w.uvarint(pid);
      pairIds.push(pid);
    }
    this.insertSeries.run(id, w.finish(), NO_REPLAY_FLOOR);
    for (const pid of pairIds) this.insertPosting.run(pid, id);
  }

  confirm(): void {
    for (const [id, n, v] of this.pendingPairs) this.dict.add(id, n, v);
    this.discard();
  }

  discard(): void {
    this.pendingPairs.length = 0;
    this.pendingIds.clear();
  }
}
