/**
 * Version 2 to 3 (f074312): chunk timestamps encode runs of equal intervals. Before, every
 * delta of deltas was one varint, so a 0 now means something else: every chunk's timestamps
 * are re-encoded. The rest of a chunk's body (staleness list, values) did not change and is
 * copied as it is, so values come through bit for bit. Row ids stay: no reader can hold a
 * cached chunk while the writer migrates at open.
 */

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { ByteReader, ByteWriter } from '../chunkenc/bytes.js';
import { writeTimestamps } from '../chunkenc/chunk.js';
import { FLAG_DEFLATE } from '../chunkenc/view.js';
import type Database from 'better-sqlite3';
import type { Migration } from './migration.js';

/** Rows read per statement (a select cannot stay open while the same connection updates). */
const PAGE = 512;
/** Level-0 chunks were deflated at zlib level 1, blocks at 9 (version 2's head and compactor). */
const LEVEL_HEAD = 0;

export const v2ToV3: Migration = {
  from: 2,
  name: 'v2-to-v3 (chunk timestamps as runs of equal intervals)',
  up(db: Database.Database): void {
    const page = db.prepare('SELECT id, level, data FROM chunks WHERE id > ? ORDER BY id LIMIT ?').raw();
    const update = db.prepare('UPDATE chunks SET data = ? WHERE id = ?');
    const w = new ByteWriter(4096);
    let after = 0;
    for (;;) {
      const rows = page.all(after, PAGE) as Array<[number, number, Uint8Array]>;
      if (rows.length === 0) break;
      for (const [id, level, data] of rows) {
        try {
          update.run(reencode(data, level, w), id);
        } catch (e) {
          throw new Error(`chunk ${id}: ${(e as Error).message}`);
        }
      }
      after = rows[rows.length - 1]![0];
    }
  },
};

/** A version-2 chunk with its timestamps in today's layout. */
export function reencode(data: Uint8Array, level: number, w: ByteWriter): Uint8Array {
  if (data.length < 2) throw new Error('chunk too short');
  const flags = data[0]!;
  const deflated = (flags & FLAG_DEFLATE) !== 0;
  const body = deflated ? inflateRawSync(data.subarray(1)) : data.subarray(1);
  const r = new ByteReader(body);
  const n = r.uvarint();
  const t = new Float64Array(n);
  let ts = r.varint();
  t[0] = ts;
  let d = 0;
  for (let i = 1; i < n; i++) {
    d = i === 1 ? r.varint() : d + r.varint();
    ts += d;
    t[i] = ts;
  }
  w.reset();
  w.uvarint(n);
  writeTimestamps(w, t, 0, n);
  w.bytes(body.subarray(r.pos));
  const raw = w.view();
  if (deflated) {
    const z = deflateRawSync(raw, { level: level === LEVEL_HEAD ? 1 : 9 });
    if (z.length < raw.length) return withFlags(flags, z);
  }
  return withFlags(flags & ~FLAG_DEFLATE, raw);
}

function withFlags(flags: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = flags;
  out.set(body, 1);
  return out;
}
