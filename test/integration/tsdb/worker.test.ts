/**
 * Concurrency: a worker thread queries through its own TSDBReader (own SQLite connection,
 * the head's rings in shared memory) while the main thread appends; it must only ever see
 * whole committed batches, and its queries must not hold up the main thread's commits.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const dist = join(root, 'dist');
const workerFile = join(import.meta.dirname, 'fixtures', 'readerWorker.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-worker-'));
const T0 = 1_700_000_000_000;

type Mod = typeof import('../../../electron/core/tsdb/index.js');
let TSDB: Mod['TSDB'];
let Labels: typeof import('../../../electron/core/model/labels.js').Labels;

beforeAll(async () => {
  if (!existsSync(join(dist, 'electron/core/tsdb/index.js'))) throw new Error('dist/ is missing: build first (npx tsc -p electron/tsconfig.json)');
  ({ TSDB } = (await import(join(dist, 'electron/core/tsdb/index.js'))) as Mod);
  ({ Labels } = await import(join(dist, 'electron/core/model/labels.js')));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('worker readers', () => {
  it('see only whole committed batches while the main thread appends, flushes and compacts', async () => {
    const SERIES = 300;
    // Every batch writes every series, so a view is whole exactly when all series end at one batch.
    const db = TSDB.open(join(tmp, 'a'), { housekeepingIntervalMs: 0 });
    const labels = Array.from({ length: SERIES }, (_, i) => Labels.fromObject({ __name__: `m${i % 7}`, job: 'w', i: String(i) }));
    const refs = new Array<number>(SERIES).fill(0);
    let b = 0;
    const commitBatch = () => {
      const app = db.appender();
      for (let i = 0; i < SERIES; i++) refs[i] = app.append(refs[i]!, labels[i]!, T0 + b * 1000, b);
      app.commit();
      b++;
    };
    commitBatch();
    const worker = new Worker(workerFile, { workerData: { dist, handle: db.readerHandle(), series: SERIES, heavyEvery: 3 } });
    let progress = 0;
    const done = new Promise<{ checks: number; maxSeen: number; violations: string[] }>((res, rej) => {
      worker.on('message', (m: { progress?: number; checks: number; maxSeen: number; violations: string[] }) => {
        if (m.progress !== undefined) progress = m.progress;
        else res(m);
      });
      worker.once('error', rej);
    });
    const commitMs: number[] = [];
    const t0 = Date.now();
    // 2.5 s of appending as fast as commits go, then (on a slow or loaded machine, where the
    // reader's whole-history checks fall behind) slower, until the reader has checked enough views.
    while (Date.now() - t0 < 2500 || (progress < 8 && Date.now() - t0 < 30_000)) {
      const c0 = performance.now();
      commitBatch();
      commitMs.push(performance.now() - c0);
      // Rings wrap many times over (64 slots); chunks are cut and compacted under the reader.
      if (b % 200 === 0) db.compactStep(5);
      if (Date.now() - t0 >= 2500) await new Promise((r) => setTimeout(r, 20));
      else if (b % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    worker.postMessage('stop');
    const r = await done;
    await worker.terminate();
    db.close();
    expect(r.violations).toEqual([]);
    expect(r.checks).toBeGreaterThan(5);
    expect(r.maxSeen).toBeGreaterThan(100);
    expect(b).toBeGreaterThan(300);
    commitMs.sort((x, y) => x - y);
    // The worker's heavy queries never hold the writer: commits stay short (bounds loose
    // enough for a loaded CI machine; a writer waiting on readers would take seconds).
    expect(commitMs[Math.floor(commitMs.length * 0.5)]!).toBeLessThan(20);
    expect(commitMs[Math.floor(commitMs.length * 0.99)]!).toBeLessThan(250);
  }, 60_000);

  it('fails clearly on a handle that is not one', async () => {
    const { TSDBReader } = (await import(join(dist, 'electron/core/tsdb/index.js'))) as Mod;
    expect(() => TSDBReader.open({} as never)).toThrow(/not a reader handle/);
  });
});
