/**
 * format_query and parse_query of hostile queries never hold the core's event loop: on a real
 * `hearth serve`, a 20 KB `1+1+…` (once a 49.5 MB answer built on the event loop, 4.5 s without
 * health answers) and an 8,000-term chain (once an uncaught RangeError) are answered with
 * bad_data or their tree by the query workers, while /-/healthy keeps answering quickly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { startHearth, tempDir, type Proc } from './support.js';

const dir = tempDir('hearth-syntax-');
let hearth: Proc | null = null;

beforeAll(async () => {
  hearth = await startHearth(dir);
}, 60_000);

afterAll(async () => {
  await hearth?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const chain = (n: number) => Array.from({ length: n }, () => '1').join('+');

describe('format_query and parse_query on a running core', () => {
  it('answer hostile chains from the workers while health checks keep answering', async () => {
    const base = hearth!.url;
    let worst = 0;
    let done = false;
    const health = (async () => {
      while (!done) {
        const t = performance.now();
        const r = await fetch(`${base}/-/healthy`);
        await r.text();
        worst = Math.max(worst, performance.now() - t);
        await new Promise((ok) => setTimeout(ok, 20));
      }
    })();
    const post = async (path: string, query: string) => {
      const r = await fetch(`${base}/api/v1/${path}`, { method: 'POST', body: new URLSearchParams({ query }) });
      return { status: r.status, body: await r.text() };
    };
    const answers = await Promise.all([
      post('format_query', chain(10_000)),
      post('format_query', chain(10_000)),
      post('parse_query', chain(8_000)),
      post('format_query', chain(8_000)),
      post('parse_query', '('.repeat(30_000) + '1' + ')'.repeat(30_000)),
    ]);
    done = true;
    await health;
    expect(answers.map((a) => a.status)).toEqual([400, 400, 200, 400, 400]);
    expect(answers[0]!.body.length).toBeLessThan(1000);
    expect(JSON.parse(answers[4]!.body)).toMatchObject({ status: 'error', errorType: 'bad_data' });
    expect(worst).toBeLessThan(1_000);
  }, 60_000);
});
