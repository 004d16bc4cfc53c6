/**
 * Compaction: merges a series' small level-0 chunks (cut from the head) into level-1 blocks,
 * one per 6-hour window (split past BLOCK_MAX samples), with the strong deflate level. This is
 * where the bytes per sample come down: decimal blocks of ~1,440 samples + raw deflate 9.
 */

import { decodeChunk, encodeChunk } from './chunkenc/chunk.js';
import { SampleBuffer } from './chunkenc/samples.js';
import { sortDedupe } from './head.js';
import { LEVEL_BLOCK } from './schema.js';
import type { SqliteDb } from './schema.js';

export const BLOCK_WINDOW_MS = 6 * 3_600_000;
export const BLOCK_MAX = 2880;
export const BLOCK_LEVEL = 9;

type ChunkRow = [id: number, mint: number, maxt: number, n: number, level: number, seq: number, data: Uint8Array];

export interface CompactPlan {
  seriesId: number;
  /** Level-0 samples left for the series, and the oldest of them. */
  level0N: number;
  level0MinT: number;
  merged: number;
  dels: number[];
  writes: Array<{ mint: number; maxt: number; n: number; data: Uint8Array }>;
}

export class Compactor {
  private readonly chunksOf;
  private readonly del;
  private readonly ins;

  constructor(private readonly sql: SqliteDb) {
    this.chunksOf = sql.prepare('SELECT id, mint, maxt, n, level, seq, data FROM chunks WHERE series_id = ? ORDER BY mint').raw();
    this.del = sql.prepare('DELETE FROM chunks WHERE id = ?');
    this.ins = sql.prepare('INSERT INTO chunks (series_id, mint, maxt, n, level, seq, data) VALUES (?, ?, ?, ?, ?, 0, ?)');
  }

  /**
   * Compacts the level-0 chunks of `seriesId` that start before `boundary` (and, for
   * out-of-order chunks, end before `ringFirst`: the reader takes newer in-order samples
   * from the ring) together with the blocks already in their windows.
   */
  plan(seriesId: number, boundary: number, ringFirst: number): CompactPlan {
    const rows = this.chunksOf.all(seriesId) as ChunkRow[];
    // Samples of the eligible level-0 chunks, split by window (a chunk may straddle two).
    const windows = new Map<number, SampleBuffer>();
    const dels: number[] = [];
    let leftN = 0;
    let leftMin = Infinity;
    let merged = 0;
    const tmp = new SampleBuffer(256);
    for (const r of rows) {
      if (r[4] !== 0) continue;
      const eligible = r[1] < boundary && (r[5] === 0 || r[2] < ringFirst);
      if (!eligible) {
        leftN += r[3];
        if (r[1] < leftMin) leftMin = r[1];
        continue;
      }
      tmp.length = 0;
      decodeChunk(r[6], tmp);
      for (let i = 0; i < tmp.length; i++) {
        const w = Math.floor(tmp.t[i]! / BLOCK_WINDOW_MS);
        let b = windows.get(w);
        if (!b) windows.set(w, (b = new SampleBuffer(1024)));
        b.pushFrom(tmp, i);
      }
      dels.push(r[0]);
      merged += r[3];
    }
    if (windows.size === 0) return { seriesId, level0N: leftN, level0MinT: leftMin, merged: 0, dels: [], writes: [] };
    // Blocks already in those windows join the merge (late chunks landing in a compacted window).
    for (const r of rows) {
      if (r[4] === 0) continue;
      const b = windows.get(Math.floor(r[1] / BLOCK_WINDOW_MS));
      if (!b) continue;
      decodeChunk(r[6], b);
      dels.push(r[0]);
    }
    const writes: Array<{ mint: number; maxt: number; n: number; data: Uint8Array }> = [];
    for (const buf of windows.values()) {
      sortDedupe(buf);
      const pieces = Math.ceil(buf.length / BLOCK_MAX);
      const per = Math.ceil(buf.length / pieces);
      for (let from = 0; from < buf.length; from += per) {
        const to = Math.min(buf.length, from + per);
        writes.push({
          mint: buf.t[from]!,
          maxt: buf.t[to - 1]!,
          n: to - from,
          data: encodeChunk(buf.t, buf.v, buf.staleFlags, from, to, { level: BLOCK_LEVEL }),
        });
      }
    }
    return { seriesId, level0N: leftN, level0MinT: leftMin, merged, dels, writes };
  }

  /** Writes planned compactions in one transaction (one commit for many series). */
  apply(plans: CompactPlan[]): void {
    this.sql.transaction(() => {
      for (const p of plans) {
        for (const id of p.dels) this.del.run(id);
        for (const w of p.writes) this.ins.run(p.seriesId, w.mint, w.maxt, w.n, LEVEL_BLOCK, w.data);
      }
    })();
  }
}
