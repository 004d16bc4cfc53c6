import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { promqltestCommand, tsdbTestStore } from '../../../../electron/core/cli/promqltest.js';
import { UsageError } from '../../../../electron/core/cli/flags.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import type { Queryable } from '../../../../electron/core/storage/interface.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'hearth-promqltest-cli-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(root, { recursive: true, force: true });
});

const A = Labels.fromObject({ __name__: 'a', job: 'x' });
const B = Labels.fromObject({ __name__: 'b' });

/** Every sample of every series, stale markers as 'stale'. */
function read(q: Queryable): Record<string, Array<[number, number | 'stale']>> {
  const querier = q.querier(-Infinity, Infinity);
  try {
    const out: Record<string, Array<[number, number | 'stale']>> = {};
    for (const s of querier.select(true, null, new Matcher('=~', '__name__', '.+'))) {
      const { t, v, stale, length } = s.samples;
      out[s.labels.toString()] = Array.from({ length }, (_, i) => [t[i]!, stale?.[i] === 1 ? 'stale' : v[i]!]);
    }
    return out;
  } finally {
    querier.close();
  }
}

describe('tsdbTestStore', () => {
  it('serves loads from compacted blocks only, stale markers and t = 0 included', () => {
    const store = tsdbTestStore(root).create();
    try {
      const app = store.appender();
      app.append(0, A, 0, 1);
      app.append(0, A, 60_000, 2);
      app.appendStale(0, A, 120_000);
      app.commit();
      const q = store.queryable();
      expect(read(q)).toEqual({ 'a{job="x"}': [[0, 1], [60_000, 2], [120_000, 'stale']] });
      const side = new Database(join(root, '1', 'hearth.db'));
      try {
        // Every sample is in a block (level 1) exactly once, none left in level-0 chunks.
        expect(side.prepare('SELECT DISTINCT level FROM chunks').pluck().all()).toEqual([1]);
        expect(side.prepare('SELECT SUM(n) FROM chunks').pluck().get()).toBe(3);
        // With the chunk rows gone nothing is left to read: the head holds no copy.
        side.prepare('DELETE FROM chunks').run();
      } finally {
        side.close();
      }
      expect(read(store.queryable())).toEqual({});
    } finally {
      store.close();
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('takes later loads after evals, hours behind the newest sample, as promqltest files do', () => {
    const store = tsdbTestStore(root).create();
    try {
      let app = store.appender();
      for (let t = 0; t <= 10 * 3_600_000; t += 3_600_000) app.append(0, A, t, t / 3_600_000);
      app.commit();
      expect(read(store.queryable())['a{job="x"}']).toHaveLength(11);
      app = store.appender();
      app.append(0, B, 0, 7);
      app.appendStale(0, B, 60_000);
      app.commit();
      // Taken in order, though 10 h behind: out-of-order samples would be cut at once as
      // chunks with a log sequence number.
      const side = new Database(join(root, '1', 'hearth.db'), { readonly: true });
      try {
        expect(side.prepare('SELECT count(*) FROM chunks WHERE seq > 0').pluck().get()).toBe(0);
      } finally {
        side.close();
      }
      const all = read(store.queryable());
      expect(all['b']).toEqual([[0, 7], [60_000, 'stale']]);
      expect(all['a{job="x"}']).toHaveLength(11);
    } finally {
      store.close();
    }
  });

  it('gives each store its own directory', () => {
    const f = tsdbTestStore(root);
    const s1 = f.create();
    const s2 = f.create();
    const app = s1.appender();
    app.append(0, A, 0, 1);
    app.commit();
    expect(Object.keys(read(s1.queryable()))).toHaveLength(1);
    expect(read(s2.queryable())).toEqual({});
    s1.close();
    s2.close();
    expect(existsSync(join(root, '1'))).toBe(false);
  });
});

describe('hearth promqltest', () => {
  const FILE = `load 1m
  up{job="a"} 0 1 stale

eval instant at 1m up
  up{job="a"} 1

eval instant at 2m up
`;

  function run(argv: string[]): { code: Promise<number>; lines: () => string[] } {
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      chunks.push(String(s));
      return true;
    });
    return { code: promqltestCommand(argv), lines: () => chunks.join('').split('\n').filter(Boolean) };
  }

  it('runs files on the store --storage names, with the same output', async () => {
    const f = join(root, 'up.test');
    writeFileSync(f, FILE);
    for (const storage of ['memory', 'tsdb']) {
      const r = run([`--storage=${storage}`, f]);
      expect(await r.code).toBe(0);
      expect(r.lines()).toEqual(['up.test: 2 passed, 0 failed, 0 skipped', '2 passed, 0 failed, 0 skipped']);
      vi.restoreAllMocks();
    }
  });

  it('refuses an unknown store, naming the flag', async () => {
    await expect(promqltestCommand(['--storage=disk', 'x.test'])).rejects.toThrow(UsageError);
    await expect(promqltestCommand(['--storage=disk', 'x.test'])).rejects.toThrow(/--storage/);
  });
});
