/**
 * A GET request shaped by a Prometheus HTTPClientConfig: basic auth, authorization
 * (credentials or credentials_file), custom headers, TLS (CA, client cert, server name,
 * insecure_skip_verify, min/max version), redirects, a timeout and an abort signal.
 * Proxies and OAuth 2.0 are not implemented here.
 */

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { HTTPClientConfig, TLSVersion } from '../../config/types.js';

export interface HTTPResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface GetOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Refuse bodies larger than this (bytes); 0 = no limit. */
  maxBodyBytes?: number;
}

const TLS_VERSIONS: Record<TLSVersion, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

function readTrimmed(file: string): string {
  return fs.readFileSync(file, 'utf8').trim();
}

/** The request headers the client config adds (authentication and http_headers). */
export function authHeaders(cfg: HTTPClientConfig): Record<string, string> {
  const h: Record<string, string> = {};
  if (cfg.basicAuth) {
    const user = cfg.basicAuth.usernameFile ? readTrimmed(cfg.basicAuth.usernameFile) : cfg.basicAuth.username;
    const pass = cfg.basicAuth.passwordFile ? readTrimmed(cfg.basicAuth.passwordFile) : cfg.basicAuth.password;
    h['Authorization'] = 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
  } else if (cfg.authorization) {
    const cred = cfg.authorization.credentialsFile ? readTrimmed(cfg.authorization.credentialsFile) : cfg.authorization.credentials;
    h['Authorization'] = `${cfg.authorization.type} ${cred}`;
  }
  for (const [name, hv] of Object.entries(cfg.httpHeaders)) {
    const values = [...hv.values, ...hv.secrets, ...hv.files.map(readTrimmed)];
    if (values.length > 0) h[name] = values.join(', ');
  }
  return h;
}

export function tlsOptions(cfg: HTTPClientConfig): https.RequestOptions {
  const t = cfg.tlsConfig;
  const o: https.RequestOptions = { rejectUnauthorized: !t.insecureSkipVerify };
  if (t.ca || t.caFile) o.ca = t.ca || fs.readFileSync(t.caFile);
  if (t.cert || t.certFile) o.cert = t.cert || fs.readFileSync(t.certFile);
  if (t.key || t.keyFile) o.key = t.key || fs.readFileSync(t.keyFile);
  if (t.serverName) o.servername = t.serverName;
  if (t.minVersion) o.minVersion = TLS_VERSIONS[t.minVersion];
  if (t.maxVersion) o.maxVersion = TLS_VERSIONS[t.maxVersion];
  return o;
}

/** GETs `url` with the client config applied; rejects on network errors, timeouts and aborts. */
export function httpGet(url: string, cfg: HTTPClientConfig, opts: GetOptions = {}, redirects = 0): Promise<HTTPResponse> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      reject(new Error(`invalid URL ${JSON.stringify(url)}`));
      return;
    }
    const isHTTPS = u.protocol === 'https:';
    const mod = isHTTPS ? https : http;
    let headers: Record<string, string>;
    try {
      headers = { ...authHeaders(cfg), ...opts.headers };
    } catch (e) {
      reject(e);
      return;
    }
    const req = mod.request(
      u,
      { method: 'GET', headers, signal: opts.signal, ...(isHTTPS ? tlsOptions(cfg) : {}) },
      (res) => {
        const status = res.statusCode ?? 0;
        const loc = res.headers.location;
        if (cfg.followRedirects && loc && [301, 302, 303, 307, 308].includes(status)) {
          res.resume();
          if (redirects >= 10) {
            reject(new Error('stopped after 10 redirects'));
            return;
          }
          httpGet(new URL(loc, u).toString(), cfg, opts, redirects + 1).then(resolve, reject);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (opts.maxBodyBytes && size > opts.maxBodyBytes) {
            req.destroy(new Error(`body size limit exceeded (${opts.maxBodyBytes} bytes)`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => resolve({ status, statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    if (opts.timeoutMs) {
      req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`request timed out after ${opts.timeoutMs}ms`)));
    }
    req.on('error', reject);
    req.end();
  });
}
