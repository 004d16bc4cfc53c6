/**
 * A query's answer is bounded on a real `hearth serve`: a step=1 range query over 50,000 series
 * once returned 276 MB (three at once took the core to 4.3 GB). Here the answer would be about
 * 170 MB of JSON; it is refused with an execution error naming --query.max-response-bytes once
 * its JSON passes 64 MB while being built in a worker, the core's RSS grows by less than 1 GB,
 * and health checks keep answering.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startHearth, tempDir, type Proc } from './support.js';

type TsdbMod = typeof import('../../../electron/core/tsdb/index.js');
type LabelsMod = typeof import('../../../electron/core/model/labels.js');

const SERIES = 50_000;
const dir = tempDir('hearth-result-limits-');
const now = Date.now();
let hearth: Proc | null = null;

beforeAll(async () => {
  const { TSDB } = (await import(join(ROOT, 'dist/electron/core/tsdb/index.js'))) as TsdbMod;
  const { Labels } = (await import(join(ROOT, 'dist/electron/core/model/labels.js'))) as LabelsMod;
  const db = TSDB.open(dir, { housekeepingIntervalMs: 0 });
  try {
    for (let k = 0; k < 4; k++) {
      const app = db.appender();
      for (let i = 0; i < SERIES; i++) app.append(0, Labels.fromObject({ __name__: 'bulk', id: String(i) }), now - 180_000 + k * 60_000, i + k);
      app.commit();
    }
  } finally {
    db.close();
  }
  hearth = await startHearth(dir);
}, 120_000);

afterAll(async () => {
  await hearth?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function rssMB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

describe('the size of a query answer', () => {
  it('refuses a step=1 range query over 50,000 series while building it, keeping memory and health', async () => {
    const base = hearth!.url;
    const before = rssMB(hearth!.child.pid!);
    let worst = 0;
    let done = false;
    const health = (async () => {
      while (!done) {
        const t = performance.now();
        await (await fetch(`${base}/-/healthy`)).text();
        worst = Math.max(worst, performance.now() - t);
        await new Promise((ok) => setTimeout(ok, 50));
      }
    })();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMB(hearth!.child.pid!))), 50);
    const t0 = performance.now();
    const r = await fetch(`${base}/api/v1/query_range?query=bulk&start=${(now - 150_000) / 1000}&end=${now / 1000}&step=1`);
    const body = await r.text();
    const tookMs = performance.now() - t0;
    clearInterval(sampler);
    done = true;
    await health;
    console.log(`step=1 over ${SERIES} series: ${r.status} in ${Math.round(tookMs)} ms, RSS +${Math.round(peak - before)} MB, worst /-/healthy ${Math.round(worst)} ms`);
    expect(r.status).toBe(422);
    expect(JSON.parse(body)).toEqual({
      status: 'error',
      errorType: 'execution',
      error: 'query result would exceed the response limit of 67108864 bytes: narrow the query, raise step or set limit',
    });
    expect(peak - before).toBeLessThan(1024);
    expect(worst).toBeLessThan(1_000);
    // The same data at a coarser step is answered.
    const ok = await fetch(`${base}/api/v1/query_range?query=bulk&start=${(now - 150_000) / 1000}&end=${now / 1000}&step=150`);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: { result: unknown[] } }).data.result).toHaveLength(SERIES);
  }, 120_000);
});
