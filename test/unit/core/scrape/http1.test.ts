/**
 * The scrape client's own HTTP/1.1 framing and connection pool against real loopback
 * servers: raw net servers that write responses byte by byte where the split matters, and
 * node:http servers where a well-behaved server is what is tested against.
 */

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HTTPClientConfig } from '../../../../electron/core/config/types.js';
import { ChunkedDecoder } from '../../../../electron/core/scrape/http1/chunked.js';
import type { Conn, ExchangeSink } from '../../../../electron/core/scrape/http1/conn.js';
import { parseHead, ProtocolError } from '../../../../electron/core/scrape/http1/head.js';
import { ConnPool } from '../../../../electron/core/scrape/http1/pool.js';
import { originOf, requestHead } from '../../../../electron/core/scrape/http1/request.js';
import { BODY_SIZE_LIMIT_EXCEEDED, NodeScrapeClient } from '../../../../electron/core/scrape/scraper.js';
import { scrapeConfig } from './helpers.js';

const TESTDATA = path.join(import.meta.dirname, '../../../integration/scrape/testdata');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HEADERS = { Accept: 'text/plain', 'Accept-Encoding': 'gzip', 'User-Agent': 'hearth-test' };

interface RawServer {
  port: number;
  /** Connections accepted so far. */
  connections: number;
  /** Request heads received, in order. */
  heads: string[];
  /** Resolves when the server saw the client close the connection numbered `n` (from 1). */
  closed(n: number): Promise<void>;
  stop(): Promise<void>;
}

/** Per request: the socket, the connection's number (from 1), the request's number on it (from 1). */
type Respond = (s: net.Socket, conn: number, n: number) => unknown;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function rawServer(respond: Respond): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const closes = new Map<number, Promise<void>>();
  const srv: RawServer = {
    port: 0,
    connections: 0,
    heads: [],
    closed: (n) => closes.get(n) ?? Promise.reject(new Error(`no connection ${n}`)),
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = net.createServer((s) => {
    const conn = ++srv.connections;
    sockets.add(s);
    s.setNoDelay(true);
    closes.set(conn, new Promise((r) => s.on('close', () => r())));
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let acc = '';
    let n = 0;
    s.on('data', (d) => {
      acc += d.toString('latin1');
      let i: number;
      while ((i = acc.indexOf('\r\n\r\n')) >= 0) {
        srv.heads.push(acc.slice(0, i + 4));
        acc = acc.slice(i + 4);
        void respond(s, conn, ++n);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  srv.port = (server.address() as AddressInfo).port;
  cleanups.push(() => srv.stop());
  return srv;
}

/** Writes the parts one by one with a pause between, so that each arrives in a read of its own. */
async function dribble(s: net.Socket, parts: Array<string | Buffer>, gapMs = 2): Promise<void> {
  for (const p of parts) {
    if (s.destroyed) return;
    s.write(typeof p === 'string' ? Buffer.from(p, 'latin1') : p);
    await sleep(gapMs);
  }
}

const bytes = (s: string) => [...Buffer.from(s, 'latin1')].map((b) => Buffer.from([b]));

function httpClientConfig(extra = ''): HTTPClientConfig {
  return scrapeConfig(`  - job_name: t\n    static_configs: [{targets: ['a:1']}]${extra}`).httpClient;
}

function client(cfg = httpClientConfig()): NodeScrapeClient {
  const c = new NodeScrapeClient(cfg);
  cleanups.push(() => c.close());
  return c;
}

function get(c: NodeScrapeClient, url: string, o: { limit?: number; timeoutMs?: number; sizeHint?: number } = {}) {
  return c.fetch({
    url,
    headers: HEADERS,
    timeoutMs: o.timeoutMs ?? 3000,
    bodySizeLimit: o.limit ?? 1 << 20,
    httpClient: httpClientConfig(),
    sizeHint: o.sizeHint ?? 0,
  });
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the fetch to fail');
}

const METRICS = '# TYPE a counter\na_total{x="1"} 1\n' + 'b{le="0.5"} 2\n'.repeat(20) + 'c 3\n';

function chunkedEncoding(body: string, sizes: number[]): string {
  let out = '';
  let at = 0;
  for (let i = 0; at < body.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, body.length - at);
    out += `${n.toString(16)}${i % 2 ? ';name=value' : ''}\r\n${body.slice(at, at + n)}\r\n`;
    at += n;
  }
  return out + '0\r\nX-Trailer: t\r\n\r\n';
}

describe('response framing over real sockets', () => {
  it('chunked body split at awkward places, then one byte at a time', async () => {
    const wire = chunkedEncoding(METRICS, [7, 1, 64, 3]);
    const head = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n';
    const srv = await rawServer(async (s, _c, n) => {
      if (n === 1) {
        // Splits inside a size line, between CR and LF, inside an extension, in the trailer.
        const cuts = [1, 2, 4, 9, 10, 11, 30, wire.length - 7, wire.length - 2, wire.length - 1];
        const parts = [head];
        let at = 0;
        for (const c of cuts) {
          parts.push(wire.slice(at, c));
          at = c;
        }
        parts.push(wire.slice(at));
        await dribble(s, parts);
      } else {
        await dribble(s, [head, ...bytes(wire)], 0);
      }
    });
    const c = client();
    const a = await get(c, `http://127.0.0.1:${srv.port}/metrics`);
    expect(a.body.toString()).toBe(METRICS);
    expect(a.contentType).toBe('text/plain');
    const b = await get(c, `http://127.0.0.1:${srv.port}/metrics`);
    expect(b.body.toString()).toBe(METRICS);
    // The trailer was consumed with the body: the connection carried both.
    expect(srv.connections).toBe(1);
  });

  it('gzip over chunked', async () => {
    const gz = zlib.gzipSync(METRICS);
    const srv = await rawServer((s) =>
      dribble(s, [
        'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n',
        `${(10).toString(16)}\r\n`,
        gz.subarray(0, 10),
        `\r\n${(gz.length - 10).toString(16)}\r\n`,
        gz.subarray(10),
        '\r\n0\r\n\r\n',
      ]),
    );
    const r = await get(client(), `http://127.0.0.1:${srv.port}/`);
    expect(r.body.toString()).toBe(METRICS);
  });

  it('gzip: the whole body whatever the size hint; a tiny limit is the body limit, not a zlib error', async () => {
    const big = METRICS.repeat(200);
    const gz = zlib.gzipSync(big);
    const srv = await rawServer((s) => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gz.length}\r\n\r\n`);
      s.write(gz);
    });
    const c = client();
    const url = `http://127.0.0.1:${srv.port}/`;
    for (const sizeHint of [0, 100, big.length - 1, big.length, big.length * 3]) {
      expect((await get(c, url, { sizeHint })).body.toString()).toBe(big);
    }
    expect(await errorOf(get(c, url, { limit: gz.length + 10, sizeHint: big.length }))).toBe(BODY_SIZE_LIMIT_EXCEEDED);
    expect(await errorOf(get(c, url, { limit: 40 }))).toBe(BODY_SIZE_LIMIT_EXCEEDED);
    // Compressed under a limit smaller than zlib's smallest output chunk, inflated over it.
    const tiny = zlib.gzipSync('x'.repeat(1000));
    expect(tiny.length).toBeLessThan(50);
    const srv2 = await rawServer((s) => {
      s.write(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${tiny.length}\r\n\r\n`);
      s.write(tiny);
    });
    expect(await errorOf(get(c, `http://127.0.0.1:${srv2.port}/`, { limit: 50 }))).toBe(BODY_SIZE_LIMIT_EXCEEDED);
  });

  it('Content-Length body split across many packets, and headers split byte by byte', async () => {
    const body = Buffer.from(METRICS);
    const srv = await rawServer(async (s, _c, n) => {
      const head = `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`;
      if (n === 1) {
        const parts: Buffer[] = [Buffer.from(head)];
        for (let at = 0; at < body.length; at += 37) parts.push(body.subarray(at, at + 37));
        await dribble(s, parts);
      } else {
        await dribble(s, [...bytes(head), body], 1);
      }
    });
    const c = client();
    expect((await get(c, `http://127.0.0.1:${srv.port}/`)).body.toString()).toBe(METRICS);
    const r = await get(c, `http://127.0.0.1:${srv.port}/`);
    expect(r.body.toString()).toBe(METRICS);
    expect(r.contentType).toBe('text/plain');
    expect(srv.connections).toBe(1);
  });

  it('a body without length is read until the server closes; the connection is not reused', async () => {
    const srv = await rawServer(async (s) => {
      await dribble(s, ['HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n', METRICS.slice(0, 50), METRICS.slice(50)]);
      s.end();
    });
    const c = client();
    expect((await get(c, `http://127.0.0.1:${srv.port}/`)).body.toString()).toBe(METRICS);
    expect((await get(c, `http://127.0.0.1:${srv.port}/`)).body.toString()).toBe(METRICS);
    expect(srv.connections).toBe(2);
  });

  it('HTTP/1.0: closed after the response unless the server says keep-alive', async () => {
    const srv = await rawServer(async (s, conn) => {
      if (conn === 1) {
        s.end(`HTTP/1.0 200 OK\r\nContent-Length: ${METRICS.length}\r\n\r\n${METRICS}`);
      } else if (conn === 2) {
        s.end(`HTTP/1.0 200 OK\r\n\r\n${METRICS}`);
      } else {
        s.write(`HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: ${METRICS.length}\r\n\r\n${METRICS}`);
      }
    });
    const c = client();
    const url = `http://127.0.0.1:${srv.port}/`;
    for (let i = 0; i < 4; i++) expect((await get(c, url)).body.toString()).toBe(METRICS);
    // 1: Content-Length without keep-alive, 2: until close, 3 and 4 share a keep-alive connection.
    expect(srv.connections).toBe(3);
  });

  it('skips 100 Continue and 103 Early Hints before the 200', async () => {
    const srv = await rawServer((s) =>
      dribble(s, [
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n',
        '\r\nHTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nm 1\n',
      ]),
    );
    expect((await get(client(), `http://127.0.0.1:${srv.port}/`)).body.toString()).toBe('m 1\n');
  });

  it('bare LF line ends are accepted, header names in any case', async () => {
    const srv = await rawServer((s) => s.write('HTTP/1.1 200 OK\ncOnTeNt-LeNgTh: 4\nCONTENT-TYPE:text/x \n\nm 1\n'));
    const r = await get(client(), `http://127.0.0.1:${srv.port}/`);
    expect(r.body.toString()).toBe('m 1\n');
    expect(r.contentType).toBe('text/x');
  });
});

describe('connections', () => {
  it('keep-alive: two fetches share one connection of a node:http server', async () => {
    let conns = 0;
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end(METRICS);
    });
    server.on('connection', () => conns++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    const c = client();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    expect((await get(c, url)).body.toString()).toBe(METRICS);
    expect((await get(c, url)).body.toString()).toBe(METRICS);
    expect(conns).toBe(1);
    c.close();
    server.closeAllConnections();
  });

  it('https: verified against ca_file and server_name, the connection kept alive', async () => {
    let conns = 0;
    const server = https.createServer(
      { cert: fs.readFileSync(path.join(TESTDATA, 'server.crt')), key: fs.readFileSync(path.join(TESTDATA, 'server.key')) },
      (_req, res) => res.end('tls_metric 1\n'),
    );
    server.on('secureConnection', () => conns++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    });
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const c = client(httpClientConfig(`\n    tls_config: {ca_file: ${path.join(TESTDATA, 'ca.crt')}, server_name: scrape.test}`));
    expect((await get(c, url)).body.toString()).toBe('tls_metric 1\n');
    expect((await get(c, url)).body.toString()).toBe('tls_metric 1\n');
    expect(conns).toBe(1);
    expect(await errorOf(get(client(), url))).toBe(`Get "${url}": unable to verify the first certificate`);
    const wrongName = client(httpClientConfig(`\n    tls_config: {ca_file: ${path.join(TESTDATA, 'ca.crt')}, server_name: other.test}`));
    expect(await errorOf(get(wrongName, url))).toMatch(/^Get "https:.*": Hostname\/IP does not match certificate's altnames: Host: other\.test\./);
  });

  it('sends the request line and Host as expected', async () => {
    const srv = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    await get(client(), `http://127.0.0.1:${srv.port}/a%20b/metrics?x=1&y=%26`);
    expect(srv.heads[0]).toBe(
      `GET /a%20b/metrics?x=1&y=%26 HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nAccept: text/plain\r\nAccept-Encoding: gzip\r\nUser-Agent: hearth-test\r\n\r\n`,
    );
    const v6 = requestHead(new URL('http://[::1]:9100/m'), { Accept: 'x' }).toString('latin1');
    expect(v6).toBe('GET /m HTTP/1.1\r\nHost: [::1]:9100\r\nAccept: x\r\n\r\n');
    expect(requestHead(new URL('https://example.org:443/'), {}).toString('latin1')).toBe('GET / HTTP/1.1\r\nHost: example.org\r\n\r\n');
    expect(originOf(new URL('http://[::1]:9100/m'), '')).toMatchObject({ host: '::1', port: 9100, tls: false, servername: undefined });
    expect(originOf(new URL('https://example.org/'), '')).toMatchObject({ host: 'example.org', port: 443, tls: true, servername: 'example.org' });
    // A later header set replaces an earlier one's field whatever its case.
    expect(requestHead(new URL('http://h/'), { authorization: 'a' }, { Authorization: 'b' }).toString('latin1')).toBe(
      'GET / HTTP/1.1\r\nHost: h\r\nAuthorization: b\r\n\r\n',
    );
    expect(() => requestHead(new URL('http://h/'), { 'X-A': 'a\r\nInjected: 1' })).toThrow('net/http: invalid header field value for "X-A"');
  });

  it('Connection: close, then a new connection next time', async () => {
    const srv = await rawServer((s) => s.write(`HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\nm 1\n`));
    const c = client();
    await get(c, `http://127.0.0.1:${srv.port}/`);
    // The client closed its side without waiting for the server to.
    await srv.closed(1);
    expect((await get(c, `http://127.0.0.1:${srv.port}/`)).body.toString()).toBe('m 1\n');
    expect(srv.connections).toBe(2);
  });

  it('concurrent fetches to one host each get their own connection, reused afterwards', async () => {
    const srv = await rawServer(async (s) => {
      await sleep(30);
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nm 1\n');
    });
    const c = client();
    const url = `http://127.0.0.1:${srv.port}/`;
    await Promise.all([get(c, url), get(c, url), get(c, url)]);
    expect(srv.connections).toBe(3);
    await Promise.all([get(c, url), get(c, url), get(c, url)]);
    expect(srv.connections).toBe(3);
  });

  it('a server that closes an idle connection: the next fetch opens a new one', async () => {
    const srv = await rawServer(async (s) => {
      s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nm 1\n');
      await sleep(10);
      s.end();
    });
    const c = client();
    await get(c, `http://127.0.0.1:${srv.port}/`);
    await srv.closed(1);
    await sleep(10);
    expect((await get(c, `http://127.0.0.1:${srv.port}/`)).body.toString()).toBe('m 1\n');
    expect(srv.connections).toBe(2);
  });

  it('a kept-alive connection found dead when reused: retried once on a new connection', async () => {
    for (const how of ['end', 'reset'] as const) {
      // The server answers the first request on each connection and drops the connection on
      // the second without a byte of response, as a server closing an idle connection at the
      // moment the request arrives.
      const srv = await rawServer((s, _c, n) => {
        if (n === 1) s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nm 1\n');
        else if (how === 'end') s.end();
        else s.resetAndDestroy();
      });
      const c = client();
      await get(c, `http://127.0.0.1:${srv.port}/`);
      expect((await get(c, `http://127.0.0.1:${srv.port}/`)).body.toString()).toBe('m 1\n');
      expect(srv.connections).toBe(2);
      expect(srv.heads.length).toBe(3);
    }
  });

  it('a new connection closed before a response is an error, not retried', async () => {
    const srv = await rawServer((s) => s.end());
    const err = await errorOf(get(client(), `http://127.0.0.1:${srv.port}/x`));
    expect(err).toBe(`Get "http://127.0.0.1:${srv.port}/x": read: connection reset by peer`);
    expect(srv.connections).toBe(1);
  });

  it('an error status with a small body keeps the connection; a larger one drops it', async () => {
    const big = 'x'.repeat(10_000);
    const srv = await rawServer((s, _c, n) => {
      if (n === 1) s.write('HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\nnot found\n');
      else if (n === 2) s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nm 1\n');
      else s.write(`HTTP/1.1 503 Service Unavailable\r\nContent-Length: ${big.length}\r\n\r\n${big}`);
    });
    const c = client();
    const url = `http://127.0.0.1:${srv.port}/`;
    expect(await errorOf(get(c, url))).toBe('server returned HTTP status 404 Not Found');
    expect((await get(c, url)).body.toString()).toBe('m 1\n');
    expect(await errorOf(get(c, url))).toBe('server returned HTTP status 503 Service Unavailable');
    await srv.closed(1);
    expect(srv.connections).toBe(1);
  });

  it('an idle connection is closed after the idle timeout, and does not hold the process', async () => {
    const srv = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nm 1\n'));
    const pool = new ConnPool({}, 40);
    cleanups.push(() => pool.close());
    const origin = originOf(new URL(`http://127.0.0.1:${srv.port}/`), '');
    let conn: Conn | null = null;
    const body = await new Promise<Buffer>((resolve, reject) => {
      const fail = (m: string) => reject(new Error(m));
      const sink: ExchangeSink = {
        onHead: () => true,
        onBody: resolve,
        onNetError: (e) => fail(e.message),
        onCut: () => fail('cut'),
        onLimit: () => fail('limit'),
        onProtocolError: fail,
      };
      conn = pool.acquire(origin);
      conn.request(requestHead(new URL(`http://127.0.0.1:${srv.port}/`), {}), sink, 1000, 0);
    });
    expect(body.toString()).toBe('m 1\n');
    expect(pool.size).toBe(1);
    expect((conn!.socket as unknown as { _handle: { hasRef(): boolean } })._handle.hasRef()).toBe(false);
    await srv.closed(1);
    expect(pool.size).toBe(0);
  });

  it('close() closes idle connections', async () => {
    const srv = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nm 1\n'));
    const c = client();
    await get(c, `http://127.0.0.1:${srv.port}/`);
    c.close();
    await srv.closed(1);
  });
});

/** The error of a scrape of a server that answers `response` to every request, and the URL scraped. */
async function errorAnswering(response: string): Promise<{ url: string; error: string }> {
  const srv = await rawServer((s) => s.write(response));
  const url = `http://127.0.0.1:${srv.port}/`;
  return { url, error: await errorOf(get(client(), url)) };
}

describe('errors', () => {
  it('a malformed status line', async () => {
    const a = await errorAnswering('HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n');
    expect(a.error).toBe(`Get "${a.url}": malformed HTTP status code "2OO"`);
    const b = await errorAnswering('SSH-2.0-OpenSSH_9.6\r\n\r\n');
    expect(b.error).toBe(`Get "${b.url}": malformed HTTP response "SSH-2.0-OpenSSH_9.6"`);
  });

  it('a malformed header line', async () => {
    const a = await errorAnswering('HTTP/1.1 200 OK\r\nContent-Length: 4\r\nBad Header: x\r\n\r\nm 1\n');
    expect(a.error).toBe(`Get "${a.url}": malformed HTTP header line "Bad Header: x"`);
    const b = await errorAnswering('HTTP/1.1 200 OK\r\nContent-Length: 4x\r\n\r\nm 1\n');
    expect(b.error).toBe(`Get "${b.url}": bad Content-Length "4x"`);
  });

  it('malformed chunked framing', async () => {
    const a = await errorAnswering('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nm 1\nXX');
    expect(a.error).toBe(`Get "${a.url}": malformed chunked encoding (no CRLF after chunk data)`);
  });

  it('a body over the limit: declared, chunked, until close; the connection is dropped', async () => {
    const body = 'm 1\n'.repeat(300);
    const srv = await rawServer((s, conn) => {
      if (conn === 1) s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
      else if (conn === 2) void dribble(s, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', ...Array(10).fill(`64\r\n${body.slice(0, 100)}\r\n`)]);
      else void dribble(s, ['HTTP/1.1 200 OK\r\n\r\n', ...Array(10).fill(body.slice(0, 100))]);
    });
    const c = client();
    for (let i = 1; i <= 3; i++) {
      expect(await errorOf(get(c, `http://127.0.0.1:${srv.port}/`, { limit: 500 }))).toBe(BODY_SIZE_LIMIT_EXCEEDED);
      await srv.closed(i);
    }
  });

  it('a timeout in the middle of the body; the socket is destroyed', async () => {
    const srv = await rawServer((s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nm 1\n'));
    const url = `http://127.0.0.1:${srv.port}/`;
    const t0 = Date.now();
    expect(await errorOf(get(client(), url, { timeoutMs: 150 }))).toBe(`Get "${url}": context deadline exceeded`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    await srv.closed(1);
  });

  it('a connection cut in the middle of a chunked body', async () => {
    const srv = await rawServer(async (s) => {
      await dribble(s, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', '8\r\nm 1\nn 2\n\r\n', '20\r\nab']);
      s.destroy();
    });
    expect(await errorOf(get(client(), `http://127.0.0.1:${srv.port}/`))).toBe('unexpected EOF (10 bytes read, in line 3)');
  });
});

describe('parsers fed at every split point', () => {
  it('parseHead is null until the head is complete, then the same whatever the split', () => {
    const head = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: a/b\r\nContent-Encoding: gzip\r\nLocation: /x\r\nContent-Length: 12\r\n\r\nbody');
    for (let i = 0; i < head.length - 4; i++) expect(parseHead(head, 0, i)).toBeNull();
    expect(parseHead(head, 0, head.length)).toEqual({
      status: 200,
      reason: 'OK',
      http10: false,
      contentLength: 12,
      chunked: false,
      connectionClose: false,
      connectionKeepAlive: false,
      contentType: 'a/b',
      contentEncoding: 'gzip',
      location: '/x',
      bodyStart: head.length - 4,
    });
    const conn = (v: string) => {
      const b = Buffer.from(`HTTP/1.0 200 OK\r\nConnection: ${v}\r\n\r\n`);
      const h = parseHead(b, 0, b.length)!;
      return [h.connectionClose, h.connectionKeepAlive];
    };
    expect(conn('Keep-Alive')).toEqual([false, true]);
    expect(conn('CLOSE')).toEqual([true, false]);
    expect(conn('upgrade, Close')).toEqual([true, false]);
    expect(conn('te,keep-alive')).toEqual([false, true]);
    expect(conn('keep-alive-ish')).toEqual([false, false]);
    expect(() => parseHead(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n'), 0, 60)).toThrow(ProtocolError);
    expect(() => parseHead(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n'), 0, 55)).toThrow('unsupported transfer encoding "gzip, chunked"');
    expect(() => parseHead(Buffer.from('HTTP/1.1 200 OK\r\n folded\r\n\r\n'), 0, 30)).toThrow('malformed HTTP header line " folded"');
  });

  it('ChunkedDecoder gives the same body for every split of the input in two and one byte at a time', () => {
    const body = 'abc\ndefgh\n' + 'x'.repeat(40);
    const wire = Buffer.from(chunkedEncoding(body, [3, 5, 17]) + 'rest');
    const decode = (pieces: Array<[number, number]>) => {
      const d = new ChunkedDecoder();
      const out: Buffer[] = [];
      let next = -2;
      for (const [s, e] of pieces) {
        next = d.feed(wire, s, e, { append: (b, a, z) => (out.push(Buffer.from(b.subarray(a, z))), true) });
        if (d.done) break;
      }
      return { body: Buffer.concat(out).toString(), done: d.done, next };
    };
    const end = wire.length;
    for (let cut = 0; cut <= end; cut++) {
      expect(decode([[0, cut], [cut, end]])).toEqual({ body, done: true, next: end - 4 });
    }
    expect(decode([...wire.keys()].map((i) => [i, i + 1]))).toEqual({ body, done: true, next: end - 4 });
    // A sink that refuses stops decoding.
    expect(new ChunkedDecoder().feed(wire, 0, end, { append: () => false })).toBe(-1);
  });
});
