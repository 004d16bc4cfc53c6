/**
 * The HTTP side of a scrape: one GET with the headers Prometheus sends, authentication and
 * TLS from the job's HTTP client config, redirects when allowed, a deadline over the whole
 * exchange, gzip, and a body size limit enforced while reading (the body is abandoned, not
 * read to the end, once the limit is reached). Errors read as Prometheus words them.
 */

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import type { HTTPClientConfig, TLSVersion } from '../config/types.js';
import { authHeaders } from './discovery/httpGet.js';

export interface ScrapeRequest {
  url: string;
  /** Accept, Accept-Encoding, User-Agent, X-Prometheus-Scrape-Timeout-Seconds. */
  headers: Record<string, string>;
  timeoutMs: number;
  /** Uncompressed bytes at which the scrape fails; always > 0 here (the default cap applies). */
  bodySizeLimit: number;
  httpClient: HTTPClientConfig;
  /** Expected body size (the last one), to size the read buffer. */
  sizeHint: number;
}

export interface ScrapeResponse {
  body: Buffer;
  /** The Content-Type header, '' when absent. */
  contentType: string;
}

/** Performs one scrape request; rejects with an Error whose message is the target's lastError. */
export type FetchFn = (req: ScrapeRequest) => Promise<ScrapeResponse>;

export const BODY_SIZE_LIMIT_EXCEEDED = 'body size limit exceeded';

const TLS_VERSIONS: Record<TLSVersion, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};

/** Error text for a failed request, close to what Go's net/http client prints. */
function describeNetError(url: string, e: NodeJS.ErrnoException & { address?: string; port?: number; hostname?: string }): string {
  const addr = e.address !== undefined ? `${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port}` : '';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `Get "${url}": dial tcp ${addr}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Get "${url}": dial tcp: lookup ${e.hostname ?? ''}: no such host`;
    case 'ECONNRESET':
      return `Get "${url}": read: connection reset by peer`;
    case 'EHOSTUNREACH':
      return `Get "${url}": dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH':
      return `Get "${url}": dial tcp ${addr}: connect: network is unreachable`;
  }
  return `Get "${url}": ${e.message}`;
}

function countLines(b: Buffer, n: number): number {
  let lines = 1;
  let i = -1;
  while ((i = b.indexOf(10, i + 1)) >= 0 && i < n) lines++;
  return lines;
}

/**
 * Scrapes over Node's http/https with one keep-alive agent per job (the connections of a
 * job's targets are reused between scrapes, as Go's http.Client does).
 */
export class NodeScrapeClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  private readonly httpsAgent: https.Agent;
  private tlsError: string | null = null;
  private unsupported: string | null = null;

  constructor(private readonly cfg: HTTPClientConfig) {
    const t = cfg.tlsConfig;
    const o: https.AgentOptions = { keepAlive: true, rejectUnauthorized: !t.insecureSkipVerify };
    // Files are read when the pool is built; a changed certificate needs a config reload.
    try {
      if (t.ca || t.caFile) o.ca = t.ca || fs.readFileSync(t.caFile);
      if (t.cert || t.certFile) o.cert = t.cert || fs.readFileSync(t.certFile);
      if (t.key || t.keyFile) o.key = t.key || fs.readFileSync(t.keyFile);
    } catch (e) {
      this.tlsError = `unable to load TLS files: ${(e as Error).message}`;
    }
    // Said on every scrape rather than ignored, so that a target that only works through a
    // proxy or with OAuth 2.0 is visibly down for that reason.
    if (cfg.proxyURL !== '' || cfg.proxyFromEnvironment) this.unsupported = 'proxy_url and proxy_from_environment are not supported by Hearth';
    else if (cfg.oauth2) this.unsupported = 'oauth2 is not supported by Hearth';
    if (t.serverName) o.servername = t.serverName;
    if (t.minVersion) o.minVersion = TLS_VERSIONS[t.minVersion];
    if (t.maxVersion) o.maxVersion = TLS_VERSIONS[t.maxVersion];
    this.httpsAgent = new https.Agent(o);
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  readonly fetch: FetchFn = (req) =>
    new Promise<ScrapeResponse>((resolve, reject) => {
      let settled = false;
      let current: http.ClientRequest | null = null;
      const fail = (msg: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        current?.destroy();
        reject(new Error(msg));
      };
      const timer = setTimeout(() => fail(`Get "${req.url}": context deadline exceeded`), req.timeoutMs);
      if (this.unsupported !== null) {
        fail(this.unsupported);
        return;
      }
      let headers: Record<string, string>;
      try {
        headers = { ...authHeaders(this.cfg), ...req.headers };
      } catch (e) {
        fail(`Get "${req.url}": ${(e as Error).message}`);
        return;
      }
      const get = (url: string, redirects: number) => {
        let u: URL;
        try {
          u = new URL(url);
        } catch {
          fail(`parse "${url}": invalid URL`);
          return;
        }
        const isHTTPS = u.protocol === 'https:';
        if (isHTTPS && this.tlsError) {
          fail(`Get "${url}": ${this.tlsError}`);
          return;
        }
        const mod = isHTTPS ? https : http;
        const r = mod.request(u, { method: 'GET', headers, agent: isHTTPS ? this.httpsAgent : this.httpAgent }, (res) => {
          const status = res.statusCode ?? 0;
          const loc = res.headers.location;
          if (loc && (status === 301 || status === 302 || status === 303 || status === 307 || status === 308)) {
            if (this.cfg.followRedirects) {
              res.destroy();
              if (redirects >= 10) fail(`Get "${url}": stopped after 10 redirects`);
              else get(new URL(loc, u).toString(), redirects + 1);
              return;
            }
          }
          if (status !== 200) {
            // Prometheus drains the body to reuse the connection; an unknown, possibly huge
            // error body is not worth it. (Fail first: destroying emits errors of its own.)
            fail(`server returned HTTP status ${status} ${res.statusMessage ?? ''}`.trimEnd());
            res.destroy();
            return;
          }
          this.readBody(req, res, fail, (body) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({ body, contentType: res.headers['content-type'] ?? '' });
          });
        });
        current = r;
        r.on('error', (e) => fail(describeNetError(url, e)));
        r.end();
      };
      get(req.url, 0);
    });

  /**
   * Reads the body into one buffer. A gzip body is collected compressed and inflated in one
   * synchronous call, capped at the limit (a gzip bomb stops there): cheaper than a stream
   * for the small bodies most targets send.
   */
  private readBody(
    req: ScrapeRequest,
    res: http.IncomingMessage,
    fail: (msg: string) => void,
    done: (body: Buffer) => void,
  ): void {
    const limit = req.bodySizeLimit;
    const gz = res.headers['content-encoding'] === 'gzip';
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (declared >= limit) {
      // Compressed or not, the body is at least this big.
      fail(BODY_SIZE_LIMIT_EXCEEDED);
      res.destroy();
      return;
    }
    const first = declared > 0 ? declared : gz ? 64 * 1024 : Math.ceil(req.sizeHint * 1.1);
    let buf = Buffer.allocUnsafe(Math.min(limit, Math.max(16 * 1024, first)));
    let n = 0;
    const eof = (got: Buffer, len: number) => `unexpected EOF (${len} bytes read, in line ${countLines(got, len)})`;
    /** What a cut-off body held, decompressed when it was gzip, for the error message. */
    const partial = (): Buffer => {
      if (!gz) return buf.subarray(0, n);
      try {
        return zlib.gunzipSync(buf.subarray(0, n), { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: limit - 1 });
      } catch {
        return Buffer.alloc(0);
      }
    };
    res.on('data', (chunk: Buffer) => {
      if (n + chunk.length >= limit) {
        fail(BODY_SIZE_LIMIT_EXCEEDED);
        res.destroy();
        return;
      }
      if (n + chunk.length > buf.length) {
        let size = buf.length * 2;
        while (size < n + chunk.length) size *= 2;
        const grown = Buffer.allocUnsafe(Math.min(size, limit));
        buf.copy(grown, 0, 0, n);
        buf = grown;
      }
      chunk.copy(buf, n);
      n += chunk.length;
    });
    res.on('end', () => {
      if (!gz) {
        done(buf.subarray(0, n));
        return;
      }
      const input = buf.subarray(0, n);
      try {
        done(zlib.gunzipSync(input, { maxOutputLength: limit - 1 }));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') fail(BODY_SIZE_LIMIT_EXCEEDED);
        else if (code === 'Z_BUF_ERROR') {
          const part = partial();
          fail(eof(part, part.length));
        } else fail(n >= 2 && (input[0] !== 0x1f || input[1] !== 0x8b) ? 'gzip: invalid header' : 'flate: corrupt input');
      }
    });
    const cut = () => {
      const part = partial();
      fail(eof(part, part.length));
    };
    res.on('error', cut);
    res.on('aborted', cut);
  }
}
