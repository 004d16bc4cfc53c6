/** The rules bench's live scrape target: the body of the wall clock's step, gzip when asked. */
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startFeeder } from '../../../../../scripts/bench/rules/feeder.mjs';

function get(port: number, gzip: boolean): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port, path: '/metrics', headers: gzip ? { 'accept-encoding': 'gzip' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('startFeeder', () => {
  it('serves the step the clock is in, gzipped when asked, and counts scrapes after the data ends', async () => {
    let t = 1_000_000;
    const bodies = ['a 1\n', 'a 2\n', 'a 3\n'].map((s) => Buffer.from(s));
    const f = await startFeeder({ bodies, cutMs: 1_000_000, stepMs: 15_000, now: () => t });
    try {
      let r = await get(f.port, false);
      expect(r.body.toString()).toBe('a 1\n');
      expect(r.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
      t += 14_999;
      expect((await get(f.port, false)).body.toString()).toBe('a 1\n');
      t += 1;
      r = await get(f.port, true);
      expect(r.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(r.body).toString()).toBe('a 2\n');
      expect(f.pastEnd()).toBe(0);
      t += 60_000;
      expect((await get(f.port, false)).body.toString()).toBe('a 3\n');
      expect(f.pastEnd()).toBe(1);
      t = 0; // before the cut: the first step
      expect((await get(f.port, false)).body.toString()).toBe('a 1\n');
    } finally {
      await f.close();
    }
  });
});
