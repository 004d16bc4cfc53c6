/**
 * Cross-site requests (issue #15, items 1 and 5): a web page the user visits can make the
 * browser send GETs and simple POSTs to the loopback port without a preflight. While
 * --web.cors.origin is unset every such request is refused, reads included; with it set, the
 * origins it matches may read and never write or administer. Clients that are not browsers
 * send neither Origin nor Sec-Fetch-Site and keep working.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WriteRequestV1, valueBits } from '../../../../../electron/core/api/remote/proto.js';
import { snappyEncode } from '../../../../../electron/core/api/remote/snappy.js';
import { Matcher } from '../../../../../electron/core/model/matcher.js';
import { TOKEN, load, startApi, type Harness } from '../harness.js';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function raw(url: string, opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Reply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const r = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    r.on('error', reject);
    r.end(opts.body);
  });
}

const NOW = 1_700_000_000_000;
const SERIES = '/api/v1/series?match[]=' + encodeURIComponent('{__name__=~".+"}');

function writeBody(): Buffer {
  const msg = WriteRequestV1.create({
    timeseries: [{ labels: [{ name: Buffer.from('__name__'), value: Buffer.from('pushed') }], samples: [{ timestamp: NOW, value: valueBits(1) }] }],
  });
  return snappyEncode(Buffer.from(WriteRequestV1.encode(msg).finish()));
}
const WRITE_HEADERS = { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'snappy', 'X-Prometheus-Remote-Write-Version': '0.1.0' };

function pushedCount(h: Harness): number {
  return h.store.querier(0, Number.MAX_SAFE_INTEGER).select(true, null, new Matcher('=', '__name__', 'pushed')).length;
}

describe('without --web.cors.origin', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startApi({ nowMs: NOW });
    load(h.store, [{ labels: { __name__: 'up', job: 'a' }, samples: [[NOW - 1000, 1]] }]);
  });
  afterAll(() => h.close());

  const foreign: Array<[string, Record<string, string>]> = [
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another port or subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
    ['a foreign Origin', { Origin: 'https://evil.example' }],
    ['Origin: null (sandboxed frame, file: page)', { Origin: 'null' }],
  ];
  const paths = [SERIES, '/api/v1/labels', '/api/v1/label/job/values', '/federate?match[]=up', '/api/v1/query?query=up', '/-/healthy', '/metrics', '/no/such/page'];

  it.each(foreign)('refuses every route, reads included, to %s', async (_name, headers) => {
    for (const p of paths) {
      const r = await raw(h.url + p, { headers });
      expect(r.status, p).toBe(403);
      expect(r.body, p).toMatch(/^Forbidden: cross-origin request refused \(.+\) \(set --web\.cors\.origin to let a web page read from Hearth\)\n$/);
      expect(r.headers['access-control-allow-origin'], p).toBeUndefined();
    }
  });

  it('refuses another port on the same host as another origin', async () => {
    const other = `http://127.0.0.1:${h.port === 65535 ? 1 : h.port + 1}`;
    expect((await raw(h.url + SERIES, { headers: { Origin: other } })).status).toBe(403);
    expect((await raw(h.url + SERIES, { headers: { Origin: `https://127.0.0.1:${h.port}` } })).status).toBe(403);
  });

  it('refuses cross-site preflights and POSTed queries', async () => {
    const pre = await raw(h.url + '/api/v1/query', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(403);
    const q = await raw(h.url + '/api/v1/query', {
      method: 'POST',
      headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'query=up',
    });
    expect(q.status).toBe(403);
  });

  it('counts refusals under reason="cross_origin"', async () => {
    await raw(h.url + SERIES, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(await h.registry.render()).toMatch(/hearth_http_refused_requests_total\{reason="cross_origin"\} [1-9]/);
  });

  it('answers clients that are not browsers, the console on its own origin, and typed-in URLs', async () => {
    const ok: Array<Record<string, string>> = [
      {},
      { Origin: h.url, 'Sec-Fetch-Site': 'same-origin' },
      { Origin: h.url.replace('http://', 'HTTP://') },
      { 'Sec-Fetch-Site': 'none' },
      { 'Sec-Fetch-Site': 'same-origin' },
    ];
    for (const headers of ok) {
      const r = await raw(h.url + SERIES, { headers });
      expect(r.status, JSON.stringify(headers)).toBe(200);
      expect(JSON.parse(r.body).data).toEqual([{ __name__: 'up', job: 'a' }]);
    }
    expect((await raw(h.url + '/federate?match[]=up')).status).toBe(200);
  });

  it('stores remote write from agents, never from a page', async () => {
    h.store.clear();
    expect((await raw(h.url + '/api/v1/write', { method: 'POST', headers: { ...WRITE_HEADERS, 'Sec-Fetch-Site': 'cross-site' }, body: writeBody() })).status).toBe(403);
    expect(pushedCount(h)).toBe(0);
    expect((await raw(h.url + '/api/v1/write', { method: 'POST', headers: WRITE_HEADERS, body: writeBody() })).status).toBe(204);
    expect(pushedCount(h)).toBe(1);
  });
});

describe('with --web.cors.origin', () => {
  let h: Harness;
  let any: Harness;
  let reloads = 0;
  beforeAll(async () => {
    h = await startApi({ nowMs: NOW, access: { corsOrigin: /^https:\/\/grafana\.example$/ } });
    any = await startApi({ nowMs: NOW, access: { corsOrigin: /^(?:.*)$/ }, deps: { reload: async () => void reloads++, quit: () => {} } });
    for (const x of [h, any]) load(x.store, [{ labels: { __name__: 'up', job: 'a' }, samples: [[NOW - 1000, 1]] }]);
  });
  afterAll(async () => {
    await h.close();
    await any.close();
  });

  it('lets matching origins read, with the CORS headers, by GET and by POSTed query', async () => {
    const g = await raw(h.url + SERIES, { headers: { Origin: 'https://grafana.example', 'Sec-Fetch-Site': 'cross-site' } });
    expect(g.status).toBe(200);
    expect(g.headers['access-control-allow-origin']).toBe('https://grafana.example');
    const p = await raw(h.url + '/api/v1/query', {
      method: 'POST',
      headers: { Origin: 'https://grafana.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'query=up',
    });
    expect(p.status).toBe(200);
    expect(JSON.parse(p.body).data.result).toHaveLength(1);
    const pre = await raw(h.url + '/api/v1/query_range', { method: 'OPTIONS', headers: { Origin: 'https://grafana.example', 'Access-Control-Request-Method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://grafana.example');
  });

  it('refuses origins it does not match, saying so', async () => {
    const r = await raw(h.url + SERIES, { headers: { Origin: 'https://evil.example' } });
    expect(r).toMatchObject({ status: 403, body: 'Forbidden: cross-origin request refused (Origin: https://evil.example) (the origin does not match --web.cors.origin)\n' });
    expect((await raw(h.url + SERIES, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
  });

  it('never lets a matching origin write: a cross-site POST to /api/v1/write under ".*" stores nothing', async () => {
    any.store.clear();
    const w = await raw(any.url + '/api/v1/write', { method: 'POST', headers: { ...WRITE_HEADERS, Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' }, body: writeBody() });
    expect(w.status).toBe(403);
    expect(w.body).toMatch(/allows other origins to read, never to write or administer/);
    expect(w.headers['access-control-allow-origin']).toBeUndefined();
    expect(pushedCount(any)).toBe(0);
    const pre = await raw(any.url + '/api/v1/write', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(403);
    // The same push from an agent is stored.
    expect((await raw(any.url + '/api/v1/write', { method: 'POST', headers: WRITE_HEADERS, body: writeBody() })).status).toBe(204);
    expect(pushedCount(any)).toBe(1);
  });

  it('never lets a matching origin administer, even with the token', async () => {
    const bearer = { Authorization: `Bearer ${TOKEN}`, Origin: 'https://evil.example' };
    expect((await raw(any.url + '/-/reload', { method: 'POST', headers: bearer })).status).toBe(403);
    expect((await raw(any.url + '/-/quit', { method: 'POST', headers: bearer })).status).toBe(403);
    expect((await raw(any.url + '/api/v1/admin/tsdb/clean_tombstones', { method: 'POST', headers: bearer })).status).toBe(403);
    expect((await raw(any.url + '/api/v1/series', { method: 'DELETE', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect(reloads).toBe(0);
    expect((await raw(any.url + '/-/reload', { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect(reloads).toBe(1);
  });
});
