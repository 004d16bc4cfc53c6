/**
 * The security model: per-install token, origin checks, Host check, --web.config.file
 * (basic auth, headers, TLS and client certificates), and the endpoints they guard.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ensureToken, readToken, tokenPath } from '../../../../electron/core/api/auth/token.js';
import { loadWebConfig, parseWebConfig, WebConfigError } from '../../../../electron/core/api/auth/webConfig.js';
import type { TsdbAdmin } from '../../../../electron/core/api/deps.js';
import type { Matcher } from '../../../../electron/core/model/matcher.js';
import { TOKEN, form, getJson, startApi } from './harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'hearth-api-sec-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TESTDATA = resolve(import.meta.dirname, 'testdata');
// bcrypt of "s3cret", cost 4 (cheap for tests; the format is what Prometheus's htpasswd produces).
const HASH = '$2b$04$r/s2Rk9dBuNTPtnVYfN.3uMz43k5VusLzKQuLozk.LBkOgN.xMk5i';
const auth = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const bearer = { Authorization: `Bearer ${TOKEN}` };

function raw(url: string, opts: { method?: string; headers?: Record<string, string>; ca?: Buffer; cert?: Buffer; key?: Buffer } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  const req = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolveP, reject) => {
    const r = req(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca, cert: opts.cert, key: opts.key },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolveP({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    r.on('error', reject);
    r.end();
  });
}

describe('per-install token', () => {
  it('is created once, 64 hex characters, readable only by its owner', () => {
    const dir = join(tmp, 't1');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    expect(readToken(dir)).toBeNull();
    const t = ensureToken(dir);
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(ensureToken(dir)).toBe(t);
    expect(readToken(dir)).toBe(t);
    if (process.platform !== 'win32') expect(statSync(tokenPath(dir)).mode & 0o777).toBe(0o600);
  });

  it('replaces a file of its own that holds no token', () => {
    const dir = join(tmp, 't2');
    mkdirSync(dir, { recursive: true });
    writeFileSync(tokenPath(dir), 'garbage\n', { mode: 0o644 });
    const t = ensureToken(dir);
    expect(t).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(tokenPath(dir), 'utf8').trim()).toBe(t);
    if (process.platform !== 'win32') expect(statSync(tokenPath(dir)).mode & 0o777).toBe(0o600);
  });
});

describe.skipIf(process.platform === 'win32')('per-install token planted or exposed (POSIX owner and mode)', () => {
  it('refuses a token file that others may read or write, naming it', () => {
    const dir = join(tmp, 't3');
    mkdirSync(dir, { recursive: true });
    const t = ensureToken(dir);
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o602]) {
      chmodSync(tokenPath(dir), mode);
      expect(() => ensureToken(dir)).toThrow(`refusing the API token file ${tokenPath(dir)}: other users may read or write it (mode 0${mode.toString(8)})`);
    }
    chmodSync(tokenPath(dir), 0o600);
    expect(ensureToken(dir)).toBe(t);
  });

  it('refuses a token file owned by another user, and a symbolic link', () => {
    const dir = join(tmp, 't4');
    mkdirSync(dir, { recursive: true });
    writeFileSync(tokenPath(dir), 'b'.repeat(64) + '\n', { mode: 0o600 });
    const owner = statSync(tokenPath(dir)).uid;
    // Making a file owned by someone else needs root; pretending to be someone else does not.
    const spy = vi.spyOn(process, 'getuid').mockReturnValue(owner + 1);
    try {
      expect(() => ensureToken(dir)).toThrow(`refusing the API token file ${tokenPath(dir)}: it belongs to user id ${owner}, not to this user (${owner + 1})`);
    } finally {
      spy.mockRestore();
    }
    expect(ensureToken(dir)).toBe('b'.repeat(64));

    const dir2 = join(tmp, 't5');
    mkdirSync(dir2, { recursive: true });
    symlinkSync(tokenPath(dir), tokenPath(dir2));
    expect(() => ensureToken(dir2)).toThrow(`refusing the API token file ${tokenPath(dir2)}: it is a symbolic link`);
  });
});

describe('admin and lifecycle endpoints', () => {
  it('need the token, refuse other origins, and then work', async () => {
    const deleted: Array<{ ms: Matcher[]; mint: number; maxt: number }> = [];
    const tsdb: TsdbAdmin = {
      stats: () => ({ headStats: { numSeries: 0, numLabelPairs: 0, chunkCount: 0, minTime: 0, maxTime: 0 }, seriesCountByMetricName: [], labelValueCountByLabelName: [], memoryInBytesByLabelName: [], seriesCountByLabelValuePair: [] }),
      deleteSeries: (ms, mint, maxt) => void deleted.push({ ms, mint, maxt }),
      cleanTombstones: () => {},
      snapshot: async (dir) => join(dir, '20260101T000000Z-0123456789abcdef'),
      dataDir: tmp,
    };
    let reloads = 0;
    let quits = 0;
    let failReload = false;
    const h = await startApi({
      deps: {
        tsdb,
        reload: async () => {
          reloads++;
          if (failReload) throw new Error('line 3: bad');
        },
        quit: () => void quits++,
      },
    });
    try {
      const del = `${h.url}/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent('up{job="a"}')}&start=10`;
      const none = await raw(del, { method: 'POST' });
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toBe('Bearer realm="hearth"');
      expect((await raw(del, { method: 'POST', headers: { Authorization: 'Bearer ' + 'b'.repeat(64) } })).status).toBe(403);
      expect((await raw(del, { method: 'POST', headers: { ...bearer, Origin: 'https://evil.example' } })).status).toBe(403);
      expect((await raw(del, { method: 'POST', headers: { ...bearer, 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
      expect(deleted).toHaveLength(0);
      const ok = await raw(del, { method: 'PUT', headers: { ...bearer, Origin: h.url } });
      expect(ok.status).toBe(204);
      expect(deleted).toHaveLength(1);
      expect(deleted[0]!.mint).toBe(10_000);
      expect(deleted[0]!.ms.map((m) => `${m.name}${m.type}${m.value}`)).toEqual(['job=a', '__name__=up']);
      const noMatch = await getJson(`${h.url}/api/v1/admin/tsdb/delete_series`, { method: 'POST', headers: bearer });
      expect(noMatch.body).toEqual({ status: 'error', errorType: 'bad_data', error: 'no match[] parameter provided' });
      expect((await raw(`${h.url}/api/v1/admin/tsdb/clean_tombstones`, { method: 'POST', headers: bearer })).status).toBe(204);
      const snap = await getJson(`${h.url}/api/v1/admin/tsdb/snapshot`, { method: 'POST', headers: bearer });
      expect(snap.body).toEqual({ status: 'success', data: { name: '20260101T000000Z-0123456789abcdef' } });
      expect((await getJson(`${h.url}/api/v1/admin/tsdb/snapshot?skip_head=maybe`, { method: 'POST', headers: bearer })).status).toBe(400);

      expect((await raw(`${h.url}/-/reload`)).body).toBe('Only POST or PUT requests allowed');
      expect((await raw(`${h.url}/-/reload`, { method: 'POST' })).status).toBe(401);
      expect((await raw(`${h.url}/-/reload`, { method: 'POST', headers: bearer })).status).toBe(200);
      failReload = true;
      const bad = await raw(`${h.url}/-/reload`, { method: 'POST', headers: bearer });
      expect(bad).toMatchObject({ status: 500, body: 'failed to reload config: line 3: bad\n' });
      expect(reloads).toBe(2);
      expect((await raw(`${h.url}/-/quit`, { method: 'POST' })).status).toBe(401);
      expect(quits).toBe(0);
      expect((await raw(`${h.url}/-/quit`, { method: 'POST', headers: bearer })).body).toBe('Requesting termination... Goodbye!');
      expect((await raw(`${h.url}/-/quit`, { method: 'PUT', headers: bearer })).body).toBe('Termination already in progress.');
      await new Promise((r) => setTimeout(r, 20));
      expect(quits).toBe(1);
    } finally {
      await h.close();
    }
  });
});

describe('origin and host checks', () => {
  it('refuses foreign Host headers on loopback (DNS rebinding), for every endpoint', async () => {
    const h = await startApi();
    try {
      expect((await raw(`${h.url}/api/v1/query?query=1`, { headers: { Host: 'evil.example:' + h.port } })).status).toBe(421);
      expect((await raw(`${h.url}/api/v1/query?query=1`, { headers: { Host: 'localhost:' + h.port } })).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  it('lets browsers read only from allowed origins (none by default), and refuses their remote-write posts', async () => {
    const h = await startApi();
    const h2 = await startApi({ access: { corsOrigin: /^https:\/\/grafana\.example$/ } });
    try {
      // Without --web.cors.origin a foreign page may not even read (auth/crossSite.test.ts has the rest).
      const r = await raw(`${h.url}/api/v1/query?query=1`, { headers: { Origin: 'https://evil.example' } });
      expect(r.status).toBe(403);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      const w = await raw(`${h.url}/api/v1/write`, { method: 'POST', headers: { Origin: 'https://evil.example', 'Content-Type': 'application/x-protobuf' } });
      expect(w).toMatchObject({ status: 403, body: 'Forbidden: cross-origin request refused (Origin: https://evil.example) (set --web.cors.origin to let a web page read from Hearth)\n' });
      const ok = await raw(`${h2.url}/api/v1/query?query=1`, { headers: { Origin: 'https://grafana.example' } });
      expect(ok.headers['access-control-allow-origin']).toBe('https://grafana.example');
      expect((await raw(`${h2.url}/api/v1/query?query=1`, { headers: { Origin: 'https://other.example' } })).headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await h.close();
      await h2.close();
    }
  });
});

describe('--web.config.file', () => {
  it('parses users, headers and TLS, resolving paths relative to the file', () => {
    const file = join(TESTDATA, 'web.yml');
    const cfg = parseWebConfig(
      `basic_auth_users:\n  alice: '${HASH}'\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\ntls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  min_version: TLS13\n`,
      file,
    );
    expect(cfg.users.get('alice')).toBe(HASH);
    expect(cfg.headers).toEqual({ 'X-Frame-Options': 'deny' });
    expect(cfg.tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(cfg.tls?.minVersion).toBe('TLSv1.3');
  });

  it('refuses bad files with the reason', () => {
    const bad: Array<[string, RegExp]> = [
      ['nope: 1\n', /field nope not found/],
      [`basic_auth_users:\n  bob: plain\n`, /user "bob" is not a bcrypt hash/],
      ['http_server_config:\n  headers:\n    Content-Type: x\n', /HTTP header "Content-Type" can not be configured/],
      ['http_server_config:\n  headers:\n    X-Frame-Options: allow\n', /invalid value for X-Frame-Options/],
      ['tls_server_config:\n  cert_file: server.crt\n', /missing one of key or key_file/],
      ['tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n', /failed to read cert_file/],
      ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_ca_file: client.crt\n', /without a Client Auth Policy/],
      ['tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: Sometimes\n', /invalid ClientAuth: Sometimes/],
    ];
    for (const [text, re] of bad) expect(() => parseWebConfig(text, join(TESTDATA, 'web.yml')), text).toThrow(re);
    expect(() => loadWebConfig(join(tmp, 'missing.yml'))).toThrow(WebConfigError);
  });

  it('guards every request with basic auth; the token works in its place; changes apply without restart', async () => {
    const file = join(tmp, 'web-basic.yml');
    writeFileSync(file, `basic_auth_users:\n  alice: '${HASH}'\nhttp_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n`);
    const h = await startApi({ access: { webConfigPath: file, recheckMs: 0 } });
    try {
      const none = await raw(`${h.url}/api/v1/query?query=1`);
      expect(none).toMatchObject({ status: 401, body: 'Unauthorized\n' });
      expect(none.headers['www-authenticate']).toBe('Basic');
      expect((await raw(`${h.url}/-/healthy`)).status).toBe(401);
      expect((await raw(`${h.url}/api/v1/query?query=1`, { headers: { Authorization: auth('alice', 'wrong') } })).status).toBe(401);
      expect((await raw(`${h.url}/api/v1/query?query=1`, { headers: { Authorization: auth('mallory', 's3cret') } })).status).toBe(401);
      const ok = await raw(`${h.url}/api/v1/query?query=1`, { headers: { Authorization: auth('alice', 's3cret') } });
      expect(ok.status).toBe(200);
      expect(ok.headers['x-content-type-options']).toBe('nosniff');
      expect((await raw(`${h.url}/api/v1/query?query=1`, bearerOpts())).status).toBe(200);
      // A new user appears without a restart; an unreadable file fails closed.
      await new Promise((r) => setTimeout(r, 20));
      writeFileSync(file, `basic_auth_users:\n  bob: '${HASH}'\n`);
      expect((await raw(`${h.url}/api/v1/query?query=1`, { headers: { Authorization: auth('bob', 's3cret') } })).status).toBe(200);
      expect((await raw(`${h.url}/api/v1/query?query=1`, { headers: { Authorization: auth('alice', 's3cret') } })).status).toBe(401);
      await new Promise((r) => setTimeout(r, 20));
      writeFileSync(file, 'basic_auth_users: [\n');
      expect((await raw(`${h.url}/api/v1/query?query=1`, { headers: { Authorization: auth('bob', 's3cret') } })).status).toBe(500);
    } finally {
      await h.close();
    }
  });

  it('limits the request rate when rate_limit says so', async () => {
    const file = join(tmp, 'web-rate.yml');
    writeFileSync(file, 'rate_limit:\n  burst: 2\n  interval: 1h\n');
    const h = await startApi({ access: { webConfigPath: file } });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await raw(`${h.url}/api/v1/query?query=1`)).status);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await h.close();
    }
    expect(() => parseWebConfig('rate_limit:\n  burst: -1\n  interval: 1s\n', file)).toThrow(/burst/);
  });

  it('serves HTTPS from tls_server_config and enforces the client-certificate policy', async () => {
    const file = join(TESTDATA, 'web-tls.yml');
    const text = `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n  client_auth_type: RequireAnyClientCert\n`;
    const webConfig = parseWebConfig(text, file);
    const cfgFile = join(tmp, 'web-tls.yml');
    writeFileSync(cfgFile, text.replace('server.crt', join(TESTDATA, 'server.crt')).replace('server.key', join(TESTDATA, 'server.key')));
    const h = await startApi({ webConfig, access: { webConfigPath: cfgFile } });
    const ca = readFileSync(join(TESTDATA, 'server.crt'));
    try {
      expect(h.url).toMatch(/^https:/);
      const noCert = await raw(`${h.url}/api/v1/query?query=1`, { ca });
      expect(noCert.status).toBe(403);
      expect(noCert.body).toMatch(/client certificate is required/);
      const withCert = await raw(`${h.url}/api/v1/query?query=1`, { ca, cert: readFileSync(join(TESTDATA, 'client.crt')), key: readFileSync(join(TESTDATA, 'client.key')) });
      expect(withCert.status).toBe(200);
      expect(JSON.parse(withCert.body).data.result).toEqual([expect.any(Number), '1']);
    } finally {
      await h.close();
    }
  });
});

function bearerOpts() {
  return { headers: bearer };
}

// A form POST on an admin endpoint reads match[] from the body too.
describe('admin form posts', () => {
  it('read match[] from the body', async () => {
    const seen: string[] = [];
    const h = await startApi({
      deps: {
        tsdb: {
          stats: () => {
            throw new Error('unused');
          },
          deleteSeries: (ms) => void seen.push(ms.map((m) => m.name).join(',')),
          cleanTombstones: () => {},
          snapshot: async () => '',
          dataDir: tmp,
        },
      },
    });
    try {
      const f = form({ 'match[]': ['up', '{job="x"}'] });
      const r = await fetch(`${h.url}/api/v1/admin/tsdb/delete_series`, { ...f, headers: { ...(f.headers as Record<string, string>), ...bearer } });
      expect(r.status).toBe(204);
      expect(seen).toEqual(['__name__', 'job']);
    } finally {
      await h.close();
    }
  });
});
