import { describe, expect, it } from 'vitest';
import { encodeChunk } from '../../../../electron/core/tsdb/chunkenc/chunk.js';
import { ChunkView } from '../../../../electron/core/tsdb/chunkenc/view.js';
import { ChunkCache } from '../../../../electron/core/tsdb/chunkCache.js';

function view(n: number): ChunkView {
  const t = Float64Array.from({ length: n }, (_, i) => i * 15_000);
  const v = Float64Array.from({ length: n }, (_, i) => i * 3);
  return new ChunkView(encodeChunk(t, v, null, 0, n, { level: 0 }));
}

describe('ChunkCache', () => {
  it('evicts the least recently used views once over its byte budget', () => {
    const one = view(500).bytes;
    const cache = new ChunkCache(one * 5 + 10);
    const views = Array.from({ length: 6 }, () => view(500));
    for (let i = 0; i < 5; i++) cache.put(i + 1, views[i]!);
    expect(cache.size).toBe(5);
    expect(cache.get(1)).toBe(views[0]); // 1 is now the most recent: 2 goes first
    cache.put(6, views[5]!);
    expect(cache.get(2)).toBeUndefined();
    for (const id of [1, 3, 4, 5, 6]) expect(cache.get(id)).toBe(views[id - 1]);
    expect(cache.bytes).toBe(one * 5);
  });

  it('re-accounts a view that grew its checkpoints, and keeps nothing with no budget', () => {
    const v = view(2000);
    const before = v.bytes;
    const cache = new ChunkCache(before * 8);
    cache.put(7, v);
    const other = view(10);
    cache.put(8, other);
    v.index();
    expect(v.bytes).toBeGreaterThan(before);
    cache.update(7);
    expect(cache.bytes).toBe(v.bytes + other.bytes);
    const none = new ChunkCache(0);
    none.put(1, view(10));
    expect(none.size).toBe(0);
    // A view bigger than a quarter of the budget is not cached at all.
    const small = new ChunkCache(before);
    small.put(1, view(2000));
    expect(small.size).toBe(0);
  });
});
