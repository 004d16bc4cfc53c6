/**
 * The HTTP side of scraping against real servers on loopback: content negotiation, gzip,
 * authentication, redirects, timeouts, URL parameters, TLS, and transport errors worded as
 * Prometheus words them.
 */

import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/core/config/parse.js';
import { ScrapeManager, type TargetStatus } from '../../../electron/core/scrape/manager.js';
import { MemoryStorage } from '../../../electron/core/storage/memory.js';
import { dumpStore } from '../../unit/core/scrape/helpers.js';
import { FixtureServer, TEXT, text, waitFor } from './fixtureServer.js';

const TESTDATA = path.join(import.meta.dirname, 'testdata');
const OM = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

const srv = new FixtureServer();
const seen = new Map<string, { headers: Record<string, string | string[] | undefined>; query: string }>();
let tlsServer: https.Server;
let tlsPort = 0;
let closedPort = 0;
const store = new MemoryStorage();
let manager: ScrapeManager;
let final: TargetStatus[] = [];
let tmpDir = '';

function record(route: string, req: import('node:http').IncomingMessage): void {
  seen.set(route, { headers: req.headers, query: new URL(req.url ?? '/', 'http://x').search });
}

beforeAll(async () => {
  await srv.start();
  tmpDir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'hearth-scrape-'));
  fs.writeFileSync(path.join(tmpDir, 'password'), 's3cret\n');

  const plain = (route: string, body: string, ct = TEXT) =>
    srv.routes.set('/' + route, (req, res) => {
      record(route, req);
      text(body, ct)(req, res);
    });
  plain('default', 'plain_metric 1\n');
  plain('om', '# TYPE events counter\nevents_total 7 # {trace_id="abc"} 1 1700000000.5\nevents_created 1699999999\n# EOF\n', OM);
  plain('text_only', 'text_metric 2\n');
  srv.routes.set('/gzip', (req, res) => {
    record('gzip', req);
    const gz = /\bgzip\b/.test(String(req.headers['accept-encoding']));
    const body = Buffer.from('zipped_metric{size="big"} 42\n'.repeat(1) + '# filler\n'.repeat(5000));
    res.writeHead(200, { 'Content-Type': TEXT, ...(gz ? { 'Content-Encoding': 'gzip' } : {}) });
    res.end(gz ? zlib.gzipSync(body) : body);
  });
  plain('identity', 'identity_metric 1\n');
  srv.routes.set('/basic', (req, res) => {
    record('basic', req);
    const want = 'Basic ' + Buffer.from('hearth:s3cret').toString('base64');
    if (req.headers.authorization !== want) {
      res.writeHead(401, { 'Content-Type': 'text/plain' });
      res.end('unauthorized\n');
      return;
    }
    text('authed_metric 1\n')(req, res);
  });
  srv.routes.set('/bearer', (req, res) => {
    record('bearer', req);
    if (req.headers.authorization !== 'Bearer tok3n') {
      res.writeHead(401);
      res.end();
      return;
    }
    text('bearer_metric 1\n')(req, res);
  });
  srv.routes.set('/moved', (req, res) => {
    res.writeHead(302, { Location: '/moved-here' });
    res.end();
  });
  plain('moved-here', 'redirected_metric 1\n');
  srv.routes.set('/slow', (req, res) => {
    const t = setTimeout(() => text('slow_metric 1\n')(req, res), 2000);
    res.on('close', () => clearTimeout(t));
  });
  plain('params', 'param_metric 1\n');

  tlsServer = https.createServer(
    { cert: fs.readFileSync(path.join(TESTDATA, 'server.crt')), key: fs.readFileSync(path.join(TESTDATA, 'server.key')) },
    (req, res) => text('tls_metric 1\n')(req, res),
  );
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  tlsPort = (tlsServer.address() as AddressInfo).port;

  // A port nothing listens on.
  const tmp = net.createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  closedPort = (tmp.address() as AddressInfo).port;
  await new Promise<void>((r) => tmp.close(() => r()));

  const job = (name: string, extra = '', target = srv.address) =>
    `  - job_name: ${name}\n    metrics_path: /${name}\n    static_configs: [{targets: ['${target}']}]${extra}`;
  const cfg = parseConfig(
    `global: {scrape_interval: 500ms, scrape_timeout: 300ms}
scrape_configs:
${job('default')}
${job('om')}
${job('text_only', '\n    scrape_protocols: [PrometheusText0.0.4]')}
${job('gzip')}
${job('identity', '\n    enable_compression: false')}
${job('basic', `\n    basic_auth: {username: hearth, password_file: ${path.join(tmpDir, 'password')}}`)}
${job('basic_wrong', '\n    metrics_path: /basic\n    basic_auth: {username: hearth, password: nope}').replace('metrics_path: /basic_wrong\n    ', '')}
${job('bearer', '\n    authorization: {credentials: tok3n}')}
${job('moved')}
${job('no_follow', '\n    metrics_path: /moved\n    follow_redirects: false').replace('metrics_path: /no_follow\n    ', '')}
${job('slow')}
${job('params', `\n    params: {module: [http_2xx, other], target: ['a b']}\n    relabel_configs:\n      - target_label: __param_target\n        replacement: 'x&y'`)}
${job('missing')}
${job('refused', '', `127.0.0.1:${closedPort}`)}
${job('tls', `\n    scheme: https\n    metrics_path: /\n    tls_config: {ca_file: ${path.join(TESTDATA, 'ca.crt')}, server_name: scrape.test}`, `127.0.0.1:${tlsPort}`).replace('metrics_path: /tls\n    ', '')}
${job('via_proxy', '\n    proxy_url: http://127.0.0.1:3128')}
${job('tls_untrusted', '\n    scheme: https\n    metrics_path: /', `127.0.0.1:${tlsPort}`).replace('metrics_path: /tls_untrusted\n    ', '')}
`,
    'http.yml',
  );
  manager = new ScrapeManager({ appendable: store, skipOffset: true });
  manager.applyConfig(cfg);
  await waitFor(() => {
    const a = manager.targets().active;
    return a.length === cfg.scrapeConfigs.length && a.every((t) => t.lastScrape > 0);
  }, 15_000, 'every target scraped');
  final = manager.targets().active;
  await manager.stop();
}, 30_000);

afterAll(async () => {
  await manager?.stop();
  await srv.stop();
  await new Promise<void>((r) => tlsServer?.close(() => r()));
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

const t = (pool: string) => final.find((x) => x.scrapePool === pool)!;
const value = (series: string) => dumpStore(store).get(series)?.[0]?.[1];

describe('content negotiation', () => {
  it('asks for OpenMetrics first and the text format as fallback, as Prometheus 3', () => {
    expect(seen.get('default')!.headers['accept']).toBe(
      'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
    );
    expect(seen.get('default')!.headers['user-agent']).toMatch(/^Hearth\//);
    expect(seen.get('default')!.headers['x-prometheus-scrape-timeout-seconds']).toBe('0.3');
    expect(t('default').health).toBe('up');
  });

  it('parses an OpenMetrics answer with the OpenMetrics parser', () => {
    expect(t('om').health).toBe('up');
    expect(value(`events_total{instance="${srv.address}", job="om"}`)).toBe(7);
    expect(value(`events_created{instance="${srv.address}", job="om"}`)).toBe(1699999999);
  });

  it('honours scrape_protocols', () => {
    expect(seen.get('text_only')!.headers['accept']).toBe('text/plain;version=0.0.4;q=0.6,*/*;q=0.5');
  });

  it('gzip when enable_compression (default), identity otherwise', () => {
    expect(seen.get('gzip')!.headers['accept-encoding']).toBe('gzip');
    expect(t('gzip').health).toBe('up');
    expect(value(`zipped_metric{instance="${srv.address}", job="gzip", size="big"}`)).toBe(42);
    expect(seen.get('identity')!.headers['accept-encoding']).toBe('identity');
    expect(t('identity').health).toBe('up');
  });
});

describe('authentication, redirects, parameters', () => {
  it('basic_auth with a password_file, and a wrong password reported as the HTTP status', () => {
    expect(t('basic').health).toBe('up');
    expect(t('basic_wrong').lastError).toBe('server returned HTTP status 401 Unauthorized');
  });

  it('authorization (Bearer by default)', () => {
    expect(t('bearer').health).toBe('up');
  });

  it('follows redirects unless follow_redirects is false', () => {
    expect(t('moved').health).toBe('up');
    expect(value(`redirected_metric{instance="${srv.address}", job="moved"}`)).toBe(1);
    expect(t('no_follow').lastError).toBe('server returned HTTP status 302 Found');
  });

  it('sends params, with __param_ labels replacing the first value', () => {
    expect(t('params').scrapeUrl).toBe(`http://${srv.address}/params?module=http_2xx&module=other&target=x%26y`);
    expect(seen.get('params')!.query).toBe('?module=http_2xx&module=other&target=x%26y');
  });
});

describe('transport errors read as Prometheus words them', () => {
  it('timeout', () => {
    expect(t('slow').lastError).toBe(`Get "http://${srv.address}/slow": context deadline exceeded`);
    expect(t('slow').health).toBe('down');
  });

  it('HTTP status', () => {
    expect(t('missing').lastError).toBe('server returned HTTP status 404 Not Found');
  });

  it('connection refused', () => {
    expect(t('refused').lastError).toBe(
      `Get "http://127.0.0.1:${closedPort}/refused": dial tcp 127.0.0.1:${closedPort}: connect: connection refused`,
    );
  });
});

describe('what Hearth cannot do is said, not ignored', () => {
  it('proxy_url', () => {
    expect(t('via_proxy').lastError).toBe('proxy_url and proxy_from_environment are not supported by Hearth');
  });
});

describe('TLS', () => {
  it('verifies the server against ca_file and server_name', () => {
    expect(t('tls').lastError).toBe('');
    expect(t('tls').health).toBe('up');
    expect(value(`tls_metric{instance="127.0.0.1:${tlsPort}", job="tls"}`)).toBe(1);
  });

  it('refuses a server it cannot verify', () => {
    expect(t('tls_untrusted').health).toBe('down');
    expect(t('tls_untrusted').lastError).toMatch(/^Get "https:\/\/127\.0\.0\.1:\d+\/": .*certificate/);
  });
});
