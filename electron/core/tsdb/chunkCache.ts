/**
 * Per-reader cache of opened chunks (inflated body + checkpoints), least recently used first
 * out, bounded by bytes. A dashboard repeating its queries then neither reads the blobs from
 * SQLite again nor inflates them.
 *
 * Keyed by chunk row id alone: ids come from AUTOINCREMENT (never reused, even after the row
 * is deleted) and a chunk row is never updated (deleteSeries writes a new row), so an id names
 * one content for the life of the file. Which ids a query reads still comes from SQLite inside
 * its read transaction; the cache only stands in for the blob.
 */

import type { ChunkView } from './chunkenc/view.js';

/** Default budget per reader (each query worker has its own). */
export const DEFAULT_CHUNK_CACHE_BYTES = 64 << 20;

export class ChunkCache {
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly map = new Map<number, { view: ChunkView; bytes: number }>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.map.size;
  }

  get bytes(): number {
    return this.used;
  }

  get(id: number): ChunkView | undefined {
    const e = this.map.get(id);
    if (e === undefined) return undefined;
    this.map.delete(id);
    this.map.set(id, e);
    return e.view;
  }

  put(id: number, view: ChunkView): void {
    const bytes = view.bytes;
    // One entry may not take more than a quarter of the budget (a huge out-of-order chunk).
    if (bytes > this.maxBytes / 4) return;
    const old = this.map.get(id);
    if (old !== undefined) {
      this.used -= old.bytes;
      this.map.delete(id);
    }
    this.map.set(id, { view, bytes });
    this.used += bytes;
    this.evict();
  }

  /** Re-accounts an entry whose view grew (checkpoints built after it was cached). */
  update(id: number): void {
    const e = this.map.get(id);
    if (e === undefined) return;
    const bytes = e.view.bytes;
    this.used += bytes - e.bytes;
    e.bytes = bytes;
    this.evict();
  }

  clear(): void {
    this.map.clear();
    this.used = 0;
  }

  private evict(): void {
    if (this.used <= this.maxBytes) return;
    for (const [id, e] of this.map) {
      this.map.delete(id);
      this.used -= e.bytes;
      if (this.used <= this.maxBytes) break;
    }
  }
}
