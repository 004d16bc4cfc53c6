/**
 * The HTTP side of a scrape: one GET with the headers Prometheus sends, authentication and
 * TLS from the job's HTTP client config, redirects when allowed, a deadline over the whole
 * exchange, gzip, and a body size limit enforced while reading (the body is abandoned, not
 * read to the end, once the limit is reached). Errors read as Prometheus words them.
 */

import fs from 'node:fs';
import type tls from 'node:tls';
import zlib from 'node:zlib';
import type { HTTPClientConfig, TLSVersion } from '../config/types.js';
import { authHeaders } from './discovery/httpGet.js';
import type { Conn, ExchangeSink } from './http1/conn.js';
import { ConnPool, type Origin } from './http1/pool.js';
import { originOf, requestHead } from './http1/request.js';
import { Inflater } from './inflater.js';

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
  /** A buffer from an earlier response's `spare` that the caller is done with: a gzip body may be inflated into it. */
  spare?: Buffer | null;
}

export interface ScrapeResponse {
  body: Buffer;
  /** The Content-Type header, '' when absent. */
  contentType: string;
  /**
   * The whole buffer a large inflated body lies in, which the caller may pass back as the
   * next request's `spare` once it is done with the body (a new multi-megabyte buffer per
   * scrape costs page faults and garbage collections).
   */
  spare?: Buffer | null;
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

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** Whether authHeaders(cfg) reads files (and so may change between scrapes). */
function authReadsFiles(cfg: HTTPClientConfig): boolean {
  if (cfg.basicAuth && (cfg.basicAuth.usernameFile || cfg.basicAuth.passwordFile)) return true;
  if (!cfg.basicAuth && cfg.authorization?.credentialsFile) return true;
  return Object.values(cfg.httpHeaders).some((h) => h.files.length > 0);
}

/** A scrape URL ready to send: where it connects and its request head. */
interface Target {
  origin: Origin;
  head: Buffer;
  /** The header objects the head was built from, compared by identity. */
  headers: Record<string, string>;
  auth: Record<string, string>;
}

/** Inflated bodies from this size on are handed back for reuse (smaller ones are cheap to allocate, and many targets would each hold one). */
const SPARE_MIN = 1 << 20;

/** Cached targets per client; past this many (targets churning through discovery) the cache starts over. */
const MAX_TARGETS = 4096;

/**
 * Scrapes over a lean HTTP/1.1 client on net/tls sockets with one keep-alive pool per job
 * (the connections of a job's targets are reused between scrapes, as Go's http.Client
 * does): Node's http module (parser, streams, agent bookkeeping) spent about half again as
 * much CPU per scrape as this.
 */
export class NodeScrapeClient {
  private readonly pool: ConnPool;
  private tlsError: string | null = null;
  private unsupported: string | null = null;
  /** authHeaders(cfg) when it reads no files: then it is the same on every scrape. */
  private readonly staticAuth: Record<string, string> | null;
  private readonly targets = new Map<string, Target>();
  private readonly inflater = new Inflater();

  constructor(private readonly cfg: HTTPClientConfig) {
    const t = cfg.tlsConfig;
    const o: tls.ConnectionOptions = { rejectUnauthorized: !t.insecureSkipVerify };
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
    if (t.minVersion) o.minVersion = TLS_VERSIONS[t.minVersion];
    if (t.maxVersion) o.maxVersion = TLS_VERSIONS[t.maxVersion];
    this.pool = new ConnPool(o);
    this.staticAuth = authReadsFiles(cfg) ? null : authHeaders(cfg);
  }

  close(): void {
    this.pool.close();
  }

  readonly fetch: FetchFn = (req) =>
    new Promise<ScrapeResponse>((resolve, reject) => {
      let settled = false;
      let conn: Conn | null = null;
      const fail = (msg: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (conn !== null) {
          conn.abort();
          conn = null;
        }
        reject(new Error(msg));
      };
      const timer = setTimeout(() => fail(`Get "${req.url}": context deadline exceeded`), req.timeoutMs);
      if (this.unsupported !== null) {
        fail(this.unsupported);
        return;
      }
      let auth: Record<string, string>;
      try {
        auth = this.staticAuth ?? authHeaders(this.cfg);
      } catch (e) {
        fail(`Get "${req.url}": ${(e as Error).message}`);
        return;
      }
      const limit = req.bodySizeLimit;
      const get = (url: string, redirects: number, fresh: boolean): void => {
        if (settled) return;
        let t: Target;
        try {
          t = this.target(url, req.headers, auth);
        } catch (e) {
          fail((e as Error).message);
          return;
        }
        if (t.origin.tls && this.tlsError) {
          fail(`Get "${url}": ${this.tlsError}`);
          return;
        }
        let gz = false;
        let contentType = '';
        const sink: ExchangeSink = {
          onHead: (h) => {
            const status = h.status;
            if (h.location !== '' && isRedirect(status) && this.cfg.followRedirects) {
              conn = null;
              let next: string;
              try {
                next = new URL(h.location, url).toString();
              } catch {
                fail(`Get "${url}": failed to parse Location header ${JSON.stringify(h.location)}`);
                return false;
              }
              if (redirects >= 10) fail(`Get "${url}": stopped after 10 redirects`);
              // After this connection has gone back to the pool, so the next request may take it.
              else queueMicrotask(() => get(next, redirects + 1, false));
              return false;
            }
            if (status !== 200) {
              // Prometheus drains the body to reuse the connection; the connection does so
              // only for a small body that is already here.
              conn = null;
              fail(`server returned HTTP status ${status} ${h.reason}`.trimEnd());
              return false;
            }
            gz = h.contentEncoding === 'gzip';
            contentType = h.contentType;
            return true;
          },
          onBody: (body) => {
            conn = null;
            if (settled) return;
            const out = gz ? this.gunzip(body, limit, req.sizeHint, fail, req.spare ?? null) : body;
            if (out === null || settled) return;
            settled = true;
            clearTimeout(timer);
            const kept = gz ? this.inflater.lastBuffer : null;
            resolve({ body: out, contentType, spare: kept !== null && kept.length >= SPARE_MIN ? kept : null });
          },
          onNetError: (e, retryable) => {
            conn = null;
            // A kept-alive connection the server had closed: once more on a new one, as Go
            // does for a request that never reached the server's handler.
            if (retryable) get(url, redirects, true);
            else fail(describeNetError(url, e));
          },
          onCut: (partial) => {
            conn = null;
            const part = gz ? inflatePartial(partial, limit) : partial;
            fail(unexpectedEOF(part));
          },
          onLimit: () => {
            conn = null;
            fail(BODY_SIZE_LIMIT_EXCEEDED);
          },
          onProtocolError: (msg) => {
            conn = null;
            fail(`Get "${url}": ${msg}`);
          },
        };
        conn = this.pool.acquire(t.origin, fresh);
        conn.request(t.head, sink, limit, req.sizeHint);
      };
      get(req.url, 0, false);
    });

  /** The request head for `url`, built on first use and whenever the headers change. */
  private target(url: string, headers: Record<string, string>, auth: Record<string, string>): Target {
    const cached = this.targets.get(url);
    if (cached !== undefined && cached.headers === headers && cached.auth === auth) return cached;
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new Error(`parse "${url}": invalid URL`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Get "${url}": unsupported protocol scheme "${u.protocol.slice(0, -1)}"`);
    let head: Buffer;
    try {
      head = requestHead(u, auth, headers);
    } catch (e) {
      throw new Error(`Get "${url}": ${(e as Error).message}`);
    }
    const t: Target = { origin: originOf(u, this.cfg.tlsConfig.serverName), head, headers, auth };
    if (this.targets.size >= MAX_TARGETS) this.targets.clear();
    this.targets.set(url, t);
    return t;
  }

  /**
   * A gzip body is collected compressed and inflated in one synchronous call, capped at the
   * limit (a gzip bomb stops there): cheaper than a stream for the small bodies most targets
   * send. Null after `fail` when it cannot be inflated.
   */
  private gunzip(input: Buffer, limit: number, sizeHint: number, fail: (msg: string) => void, into: Buffer | null): Buffer | null {
    try {
      // Inflated into one buffer the size of the last body: zlib's default 16 KiB chunks cost
      // a concatenation and, for a node_exporter body, a fifth of the inflate time.
      return this.inflater.gunzip(input, limit - 1, sizeHint, into);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') fail(BODY_SIZE_LIMIT_EXCEEDED);
      else if (code === 'Z_BUF_ERROR') fail(unexpectedEOF(inflatePartial(input, limit)));
      else fail(input.length >= 2 && (input[0] !== 0x1f || input[1] !== 0x8b) ? 'gzip: invalid header' : 'flate: corrupt input');
      return null;
    }
  }
}

function unexpectedEOF(got: Buffer): string {
  return `unexpected EOF (${got.length} bytes read, in line ${countLines(got, got.length)})`;
}

/** What a cut-off gzip body held, for the error message. */
function inflatePartial(b: Buffer, limit: number): Buffer {
  try {
    return zlib.gunzipSync(b, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: limit - 1 });
  } catch {
    return Buffer.alloc(0);
  }
}
