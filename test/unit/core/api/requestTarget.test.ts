/**
 * The host a request is for, as the request line and headers say it, over a raw socket (an
 * HTTP client would not send these): two Host headers, or an absolute-form target naming
 * another host, are 400; a foreign Host is 421.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type Harness } from './harness.js';

/** Sends `head` (CRLF line ends added) and resolves with the status line's code. */
function rawStatus(port: number, lines: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => {
      got += c;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(got);
      if (m) {
        s.destroy();
        resolve(Number(m[1]));
      }
    });
    s.on('error', reject);
    s.on('close', () => reject(new Error(`connection closed without a status line: ${JSON.stringify(got)}`)));
    s.write(lines.join('\r\n') + '\r\n\r\n');
  });
}

describe('request target and Host headers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h.close());

  it('answers an origin-form request for its own host', async () => {
    expect(await rawStatus(h.port, ['GET /api/v1/query?query=1 HTTP/1.1', `Host: 127.0.0.1:${h.port}`, 'Connection: close'])).toBe(200);
  });

  it('refuses two Host headers with 400, whatever they name', async () => {
    expect(await rawStatus(h.port, ['GET /api/v1/query?query=1 HTTP/1.1', `Host: 127.0.0.1:${h.port}`, 'Host: evil.example', 'Connection: close'])).toBe(400);
    expect(await rawStatus(h.port, ['GET /api/v1/query?query=1 HTTP/1.1', `Host: 127.0.0.1:${h.port}`, `host: 127.0.0.1:${h.port}`, 'Connection: close'])).toBe(400);
  });

  it('refuses an absolute-form target naming another host with 400, and accepts one naming itself', async () => {
    const own = `Host: 127.0.0.1:${h.port}`;
    expect(await rawStatus(h.port, ['GET http://evil.example/api/v1/query?query=1 HTTP/1.1', own, 'Connection: close'])).toBe(400);
    expect(await rawStatus(h.port, [`GET http://evil.example:${h.port}/api/v1/query?query=1 HTTP/1.1`, own, 'Connection: close'])).toBe(400);
    expect(await rawStatus(h.port, ['GET http://127.0.0.1/api/v1/query?query=1 HTTP/1.1', own, 'Connection: close'])).toBe(400);
    expect(await rawStatus(h.port, [`GET ftp://127.0.0.1:${h.port}/api/v1/query?query=1 HTTP/1.1`, own, 'Connection: close'])).toBe(400);
    expect(await rawStatus(h.port, [`GET http://127.0.0.1:${h.port}/api/v1/query?query=1 HTTP/1.1`, own, 'Connection: close'])).toBe(200);
    expect(await rawStatus(h.port, [`GET http://localhost:${h.port}/api/v1/query?query=1 HTTP/1.1`, own, 'Connection: close'])).toBe(200);
  });

  it('still refuses a foreign Host with 421', async () => {
    expect(await rawStatus(h.port, ['GET /api/v1/query?query=1 HTTP/1.1', `Host: evil.example:${h.port}`, 'Connection: close'])).toBe(421);
  });
});
