/**
 * The HTTP client of one alertmanager config, as prometheus/common's client from its
 * http_config: basic auth, authorization, http_headers, TLS (the scrape room's options),
 * redirects as Go's client follows them for a POST, keep-alive connections, and a deadline
 * per request. Proxies, OAuth 2.0 and SigV4 are not implemented: such a config fails every
 * send with a message saying so, as the scraper marks such a target down.
 */

import http from 'node:http';
import https from 'node:https';
import type { HTTPClientConfig } from '../../config/types.js';
import { authHeaders, tlsOptions } from '../../scrape/discovery/httpGet.js';

export interface PostResult {
  readonly status: number;
  /** Go's resp.Status: "200 OK". */
  readonly statusText: string;
}

/** Posts `body` to `url`; resolves with the final response's status, rejects on network errors, the deadline or an abort. */
export type PostFunc = (url: string, body: Buffer, signal: AbortSignal) => Promise<PostResult>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;

export class AlertmanagerClient {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent: https.Agent;
  /** Why this config cannot send, or null. */
  readonly unsupported: string | null;
  /** Why the TLS options could not be built (e.g. an unreadable ca_file), or null. */
  private readonly tlsError: Error | null;

  constructor(
    private readonly cfg: HTTPClientConfig,
    sigv4: boolean,
    private readonly userAgent: string,
  ) {
    this.unsupported = sigv4
      ? 'sigv4 is not supported by Hearth'
      : cfg.proxyURL !== '' || cfg.proxyFromEnvironment
        ? 'proxy_url and proxy_from_environment are not supported by Hearth'
        : cfg.oauth2
          ? 'oauth2 is not supported by Hearth'
          : null;
    let tls: https.AgentOptions = {};
    let tlsError: Error | null = null;
    try {
      tls = tlsOptions(cfg) as https.AgentOptions;
    } catch (e) {
      // A CA or key file that cannot be read fails each send with the reason, as Go's client would.
      tlsError = e as Error;
    }
    this.tlsError = tlsError;
    this.httpsAgent = new https.Agent({ keepAlive: true, ...tls });
  }

  /** A PostFunc bound to this client's configuration. */
  readonly post: PostFunc = (url, body, signal) => this.request('POST', url, body, signal, 0);

  private request(method: 'POST' | 'GET', url: string, body: Buffer | null, signal: AbortSignal, redirects: number): Promise<PostResult> {
    return new Promise((resolve, reject) => {
      if (this.unsupported !== null) return reject(new Error(this.unsupported));
      let u: URL;
      try {
        u = new URL(url);
      } catch {
        return reject(new Error(`parse ${JSON.stringify(url)}: invalid URL`));
      }
      const isHTTPS = u.protocol === 'https:';
      if (!isHTTPS && u.protocol !== 'http:') return reject(new Error(`unsupported protocol scheme ${JSON.stringify(u.protocol.slice(0, -1))}`));
      if (isHTTPS && this.tlsError) return reject(this.tlsError);
      let headers: Record<string, string>;
      try {
        headers = { ...authHeaders(this.cfg), 'User-Agent': this.userAgent };
      } catch (e) {
        return reject(e as Error);
      }
      if (body !== null) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = String(body.length);
      }
      const req = (isHTTPS ? https : http).request(u, { method, headers, signal, agent: isHTTPS ? this.httpsAgent : this.httpAgent }, (res) => {
        const status = res.statusCode ?? 0;
        // The body is not needed; reading it lets the connection go back to the pool.
        res.resume();
        const loc = res.headers.location;
        if (this.cfg.followRedirects && loc !== undefined && REDIRECTS.has(status)) {
          if (redirects >= MAX_REDIRECTS) return reject(new Error(`stopped after ${MAX_REDIRECTS} redirects`));
          let next: string;
          try {
            next = new URL(loc, u).toString();
          } catch {
            return reject(new Error(`failed to parse Location header ${JSON.stringify(loc)}`));
          }
          // As Go's client: 307 and 308 repeat the POST with its body, the others turn into a GET.
          const keep = status === 307 || status === 308;
          this.request(keep ? method : 'GET', next, keep ? body : null, signal, redirects + 1).then(resolve, reject);
          return;
        }
        res.on('end', () => resolve({ status, statusText: `${status} ${res.statusMessage ?? http.STATUS_CODES[status] ?? ''}`.trimEnd() }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }

  /** Closes idle keep-alive connections; requests in flight finish (or hit their deadline). */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
