/**
 * Compression of API answers: a large body is gzipped on libuv's thread pool, so the event
 * loop is not held while it is compressed; a small one is compressed in place.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { send } from '../../../../electron/core/api/respond.js';

function fakeRes() {
  const r = { destroyed: false, status: 0, headers: {} as Record<string, string | number>, body: null as Buffer | null, ended: false };
  const res = {
    get destroyed() {
      return r.destroyed;
    },
    writeHead(status: number, h: Record<string, string | number>) {
      r.status = status;
      r.headers = h;
    },
    end(b?: Buffer) {
      r.body = b ?? null;
      r.ended = true;
    },
  } as unknown as ServerResponse;
  return { r, res };
}

const gzipReq = { method: 'GET', headers: { 'accept-encoding': 'gzip, deflate' } } as unknown as IncomingMessage;

describe('send', () => {
  it('compresses a large body off the event loop and answers when the thread pool is done', async () => {
    const body = JSON.stringify(Array.from({ length: 200_000 }, (_, i) => ({ i, v: String(i * 7) })));
    expect(body.length).toBeGreaterThan(1024 * 1024);
    const { r, res } = fakeRes();
    send(gzipReq, res, 200, body, 'application/json');
    // Nothing was written synchronously: compression runs elsewhere.
    expect(r.ended).toBe(false);
    await new Promise<void>((ok) => {
      const poll = () => (r.ended ? ok() : setTimeout(poll, 5));
      poll();
    });
    expect(r.headers['Content-Encoding']).toBe('gzip');
    expect(gunzipSync(r.body!).toString()).toBe(body);
  });

  it('compresses a small body in place and leaves a tiny one alone', () => {
    const { r, res } = fakeRes();
    send(gzipReq, res, 200, 'x'.repeat(4096), 'text/plain');
    expect(r.ended).toBe(true);
    expect(gunzipSync(r.body!).toString()).toBe('x'.repeat(4096));
    const tiny = fakeRes();
    send(gzipReq, tiny.res, 200, 'ok', 'text/plain');
    expect(tiny.r.headers['Content-Encoding']).toBeUndefined();
  });
});
