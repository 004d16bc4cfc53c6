/**
 * Connection handling: a bound on open connections (--web.max-connections) and a short
 * bound on the time a client may take to send its headers (slowloris).
 */
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createApiServer, DEFAULT_MAX_CONNECTIONS, HEADERS_TIMEOUT_MS, listen } from '../../../../electron/core/api/server.js';
import { nopLogger } from '../../../../electron/core/log.js';

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}

/** Sends a health check on `s`; resolves with the status, or 0 when the server closes the connection unanswered. */
function healthy(s: Socket, port: number): Promise<number> {
  return new Promise((resolve) => {
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => {
      got += c;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) resolve(Number(m[1]));
    });
    s.on('error', () => resolve(0));
    s.on('close', () => resolve(0));
    s.write(`GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  });
}

async function started(opts: Parameters<typeof createApiServer>[1]) {
  const api = createApiServer(nopLogger, opts);
  const addr = await listen(api.server, '127.0.0.1', 0);
  return {
    port: addr.port,
    server: api.server,
    close: () =>
      new Promise<void>((r) => {
        api.server.closeAllConnections();
        api.server.close(() => r());
      }),
  };
}

describe('connection limits', () => {
  it('defaults to Prometheus\'s 512 connections and a 10 s header timeout (it was 60 s)', async () => {
    const s = await started({});
    try {
      expect(s.server.maxConnections).toBe(DEFAULT_MAX_CONNECTIONS);
      expect(DEFAULT_MAX_CONNECTIONS).toBe(512);
      expect(s.server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
      expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(10_000);
      expect(s.server.requestTimeout).toBe(5 * 60_000);
    } finally {
      await s.close();
    }
  });

  it('closes connections beyond --web.max-connections, and takes new ones once others close', async () => {
    const s = await started({ maxConnections: 3 });
    const held: Socket[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        held.push(await open(s.port));
        expect(await healthy(held[i]!, s.port)).toBe(200);
      }
      const extra = await open(s.port);
      expect(await healthy(extra, s.port)).toBe(0);
      held.shift()!.destroy();
      // The server sees the close a moment later.
      await new Promise((r) => setTimeout(r, 100));
      const next = await open(s.port);
      held.push(next);
      expect(await healthy(next, s.port)).toBe(200);
    } finally {
      for (const h of held) h.destroy();
      await s.close();
    }
  });

  it('drops a client that trickles its headers once the header timeout has passed', async () => {
    const s = await started({ headersTimeoutMs: 500 });
    try {
      const sock = await open(s.port);
      const t0 = Date.now();
      const closed = new Promise<string>((resolve) => {
        let got = '';
        sock.setEncoding('utf8');
        sock.on('data', (c: string) => (got += c));
        sock.on('close', () => resolve(got));
        sock.on('error', () => {});
      });
      sock.write('GET /-/healthy HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      // One more header line every 200 ms, never the blank line that ends them.
      const drip = setInterval(() => sock.writable && sock.write('X-Slow: 1\r\n'), 200);
      const answer = await Promise.race([closed, new Promise<string>((r) => setTimeout(() => r('still open'), 4000))]);
      clearInterval(drip);
      sock.destroy();
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      // 500 ms, checked every second.
      expect(Date.now() - t0).toBeLessThan(2500);
    } finally {
      await s.close();
    }
  });
});
