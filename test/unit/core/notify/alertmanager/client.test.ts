/**
 * The HTTP client of an alertmanager config against real local servers: the request Prometheus
 * sends (method, headers, body), authentication, TLS with ca_file, redirects, error statuses,
 * deadlines, and the features Hearth cannot honour.
 */

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type HTTPClientConfig } from '../../../../../electron/core/config/index.js';
import { AlertmanagerClient } from '../../../../../electron/core/notify/alertmanager/client.js';
import { REPO_ROOT } from '../../../../referenceData.js';

// The scrape room's test certificates: a CA, and a server certificate for 127.0.0.1 it signed.
const TLS_DIR = path.join(REPO_ROOT, 'test/integration/scrape/testdata');

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const seen: Seen[] = [];
function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString()));
  req.on('end', () => {
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    if (req.url === '/hang') return;
    if (req.url === '/307') return void res.writeHead(307, { location: '/final' }).end();
    if (req.url === '/302') return void res.writeHead(302, { location: '/final' }).end();
    if (req.url === '/loop') return void res.writeHead(308, { location: '/loop' }).end();
    if (req.url === '/bad') return void res.writeHead(400, 'Bad Request').end('bad alerts');
    res.writeHead(200).end();
  });
}

let server: http.Server;
let tlsServer: https.Server;
let base = '';
let tlsBase = '';

beforeAll(async () => {
  server = http.createServer(handler);
  tlsServer = https.createServer({ cert: fs.readFileSync(path.join(TLS_DIR, 'server.crt')), key: fs.readFileSync(path.join(TLS_DIR, 'server.key')) }, handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tlsBase = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  tlsServer.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => tlsServer.close(r));
});

function clientConfig(yaml: string): { http: HTTPClientConfig; sigv4: boolean } {
  const am = parseConfig(`alerting:\n  alertmanagers:\n  - static_configs: [{targets: ["x:1"]}]\n${yaml.replace(/^/gm, '    ')}`, '/tmp/prometheus.yml').alerting.alertmanagers[0]!;
  return { http: am.httpClient, sigv4: am.sigv4 };
}

const client = (yaml = '') => {
  const c = clientConfig(yaml);
  return new AlertmanagerClient(c.http, c.sigv4, 'Hearth/test');
};
const never = new AbortController().signal;
const last = () => seen.at(-1)!;

describe('AlertmanagerClient', () => {
  it('POSTs the JSON body with the content type and user agent Prometheus sends', async () => {
    const c = client();
    const r = await c.post(`${base}/api/v2/alerts`, Buffer.from('[{"labels":{"a":"b"}}]'), never);
    expect(r).toEqual({ status: 200, statusText: '200 OK' });
    expect(last()).toMatchObject({ method: 'POST', url: '/api/v2/alerts', body: '[{"labels":{"a":"b"}}]' });
    expect(last().headers['content-type']).toBe('application/json');
    expect(last().headers['user-agent']).toBe('Hearth/test');
    c.close();
  });

  it('sends basic auth, or authorization credentials, and http_headers', async () => {
    const c1 = client('basic_auth: {username: u, password: p}\nhttp_headers: {X-Tenant: {values: [t1]}}');
    await c1.post(`${base}/x`, Buffer.from('[]'), never);
    expect(last().headers.authorization).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
    expect(last().headers['x-tenant']).toBe('t1');
    const c2 = client('authorization: {credentials: secret}');
    await c2.post(`${base}/x`, Buffer.from('[]'), never);
    expect(last().headers.authorization).toBe('Bearer secret');
    c1.close();
    c2.close();
  });

  it('answers an error status as it is (the send loop decides it failed)', async () => {
    const c = client();
    expect(await c.post(`${base}/bad`, Buffer.from('[]'), never)).toEqual({ status: 400, statusText: '400 Bad Request' });
    c.close();
  });

  it('follows redirects as Go’s client does for a POST: 307 keeps the body, 302 turns into a GET', async () => {
    const c = client();
    await c.post(`${base}/307`, Buffer.from('[1]'), never);
    expect(last()).toMatchObject({ method: 'POST', url: '/final', body: '[1]' });
    await c.post(`${base}/302`, Buffer.from('[2]'), never);
    expect(last()).toMatchObject({ method: 'GET', url: '/final', body: '' });
    await expect(c.post(`${base}/loop`, Buffer.from('[]'), never)).rejects.toThrow('stopped after 10 redirects');
    c.close();
    const noFollow = client('follow_redirects: false');
    expect((await noFollow.post(`${base}/307`, Buffer.from('[]'), never)).status).toBe(307);
    noFollow.close();
  });

  it('verifies TLS with ca_file, and refuses an unknown CA', async () => {
    const ok = client(`tls_config: {ca_file: ${path.join(TLS_DIR, 'ca.crt')}}`);
    expect((await ok.post(`${tlsBase}/x`, Buffer.from('[]'), never)).status).toBe(200);
    ok.close();
    const strict = client();
    await expect(strict.post(`${tlsBase}/x`, Buffer.from('[]'), never)).rejects.toThrow(/certificate/);
    strict.close();
  });

  it('fails sends over https, naming the file, when the ca_file cannot be read', async () => {
    const c = client('tls_config: {ca_file: /nonexistent/ca.pem}');
    await expect(c.post(`${tlsBase}/x`, Buffer.from('[]'), never)).rejects.toThrow('/nonexistent/ca.pem');
    // Plain http does not need the CA.
    expect((await c.post(`${base}/x`, Buffer.from('[]'), never)).status).toBe(200);
    c.close();
  });

  it('stops waiting when the signal aborts', async () => {
    const c = client();
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('context deadline exceeded')), 30);
    await expect(c.post(`${base}/hang`, Buffer.from('[]'), ac.signal)).rejects.toThrow();
    c.close();
  });

  it('fails every send of a config it cannot honour, saying why', async () => {
    const c = client('proxy_url: http://proxy:3128');
    await expect(c.post(`${base}/x`, Buffer.from('[]'), never)).rejects.toThrow('proxy_url and proxy_from_environment are not supported by Hearth');
    const s = client('sigv4: {region: eu-west-1}');
    await expect(s.post(`${base}/x`, Buffer.from('[]'), never)).rejects.toThrow('sigv4 is not supported by Hearth');
  });

  it('names a credentials file it cannot read', async () => {
    const c = client('authorization: {credentials_file: /nonexistent/token}');
    await expect(c.post(`${base}/x`, Buffer.from('[]'), never)).rejects.toThrow('/nonexistent/token');
  });
});
