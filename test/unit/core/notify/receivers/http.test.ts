import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ERROR_EXCERPT_CHARS, goJSONStringify, send, shouldRetry } from '../../../../../electron/core/notify/receivers/http.js';
import { signal } from './server.js';

describe('send', () => {
  it("classifies statuses as Alertmanager's retrier does", () => {
    expect([200, 204, 400, 401, 403, 404, 413, 429, 500, 502, 503].map(shouldRetry)).toEqual([false, false, false, false, false, false, false, true, true, true, true]);
  });

  it('reads a bounded part of a huge error answer and quotes a bounded excerpt', async () => {
    // 64 MiB streamed: the sender must stop reading long before the end.
    const server = createServer((_req, res) => {
      res.writeHead(500);
      const chunk = Buffer.alloc(1 << 20, 'x');
      let n = 0;
      const push = () => {
        while (n < 64) {
          n++;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const start = Date.now();
    const r = await send({ url, headers: {}, body: '{}' }, signal());
    expect(Date.now() - start).toBeLessThan(3000);
    expect(r.retry).toBe(true);
    expect(r.status).toBe(500);
    expect(r.error!.length).toBeLessThanOrEqual('unexpected status code 500: '.length + ERROR_EXCERPT_CHARS + 1);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('refuses an invalid URL without retry and without echoing it', async () => {
    expect(await send({ url: 'not a url/secret', headers: {}, body: '' }, signal())).toEqual({ retry: false, error: 'invalid URL' });
  });

  it('stops without retry when the caller cancels', async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const ac = new AbortController();
    const p = send({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, headers: {}, body: '' }, ac.signal);
    setTimeout(() => ac.abort(), 50);
    expect(await p).toEqual({ retry: false, error: 'canceled' });
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('writes JSON with <, > and & escaped as Go does', () => {
    expect(goJSONStringify({ a: '<&>' })).toBe('{"a":"\\u003c\\u0026\\u003e"}');
  });

  it('follows a redirect as Go does', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/old') {
        res.writeHead(308, { Location: '/new' });
        res.end();
      } else {
        res.writeHead(200);
        res.end('ok');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const r = await send({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/old`, headers: {}, body: '{}' }, signal());
    expect(r.status).toBe(200);
    expect(seen).toEqual(['POST /old', 'POST /new']);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
});
