/**
 * Who may do what on Hearth's HTTP port. A desktop app's loopback port is reachable by every
 * web page the user visits, so besides Prometheus's own --web.config.file this layer adds:
 *
 * - Host check (hostCheck.ts, in the server): on loopback only loopback host names (no DNS rebinding).
 * - Site check (checkSite), on every route and before anything else costs: a request a browser
 *   sends from a page of another site (Sec-Fetch-Site cross-site or same-site, or an Origin
 *   other than Hearth's own) is refused, reads included, so no page can make the user's
 *   browser run a query, list series or federate. Clients that are not browsers (promtool,
 *   Grafana's server-side proxy, Prometheus federation, Alloy) send neither header.
 * - `write` routes (remote write) and `admin` routes (TSDB admin, /-/reload, /-/quit, anything
 *   that changes configuration) are never open to other origins, whatever CORS says; `admin`
 *   routes also need the per-install token (token.ts) as a Bearer token.
 * - `read` routes answer as in Prometheus.
 * - With --web.config.file: its basic_auth_users guard every request (as exporter-toolkit
 *   does); the per-install token is accepted in their place, so an admin request carries one
 *   Authorization header, not two. Its TLS client-certificate policy is checked per request.
 *   bcrypt runs in a worker (bcryptPool.ts) with a bound on waiting comparisons, recent
 *   successes are remembered, and rate_limit counts per client (rateLimit.ts).
 *
 * CORS: Prometheus allows every origin to read (--web.cors.origin defaults to '.*'). Hearth
 * defaults to none, because a page on the web must not read the user's metrics from the
 * loopback port; --web.cors.origin opens `read` routes (GET, HEAD, and the POSTed forms of
 * queries) to the origins the user names, and nothing else, as the README says.
 */

import { createHmac, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { Logger } from '../../log.js';
import type { AnchoredRegex } from '../../model/regex.js';
import type { Policy } from '../router.js';
import { BcryptPool } from './bcryptPool.js';
import { ClientRateLimiter, clientKey } from './rateLimit.js';
import { bearerToken, tokenMatches } from './token.js';
import { loadWebConfig, type WebConfig } from './webConfig.js';

export type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly message: string; readonly reason: string; readonly headers?: Readonly<Record<string, string>> };

const OK: Verdict = { ok: true };

export interface AccessOptions {
  /** The per-install token; null disables every `admin` route (they answer 403). */
  readonly token: string | null;
  /** --web.config.file, or null. */
  readonly webConfigPath?: string | null;
  /** --web.cors.origin as an anchored regex, or null for no cross-origin reads. */
  readonly corsOrigin?: AnchoredRegex | null;
  readonly logger?: Logger;
  /** How often a changed web config file is noticed, ms. Default 1000. */
  readonly recheckMs?: number;
  /** bcrypt comparisons running or waiting at once; more answer 429. Default 8. */
  readonly maxPendingBcrypt?: number;
}

/** exporter-toolkit compares unknown users against a fixed hash, so timing does not tell users apart. */
const DECOY_HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
/** Recent successful logins remembered, as exporter-toolkit's cache (which holds 100). */
const CACHE_MAX = 100;
/** Methods a CORS-allowed origin may use on a `read` route: the ones Prometheus's API reads with. */
const CORS_READ_METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS']);

export class AccessControl {
  private web: WebConfig | null = null;
  private webError: string | null = null;
  private webMtimeMs = -1;
  private checkedAt = -Infinity;
  /**
   * Keys of user/hash/password triples that matched recently, least recently used first. Only
   * successes are kept: remembered failures would let wrong passwords push a real user's entry
   * out. The key is an HMAC under a per-process secret, so no fast unsalted hash of a password
   * sits in memory.
   */
  private readonly authCache = new Set<string>();
  private readonly cacheSecret = randomBytes(32);
  private readonly bcrypt: BcryptPool;
  private limiter: ClientRateLimiter | null = null;
  /** Called when a re-read web config brings a different TLS certificate or policy. */
  onTlsChange: ((cfg: WebConfig) => void) | null = null;

  constructor(private readonly opts: AccessOptions) {
    this.bcrypt = new BcryptPool({ maxPending: opts.maxPendingBcrypt ?? 8 });
    if (opts.webConfigPath) {
      // Fail at start-up with the file's own error; later changes are checked per request.
      this.web = loadWebConfig(opts.webConfigPath);
      this.webMtimeMs = mtimeOf(opts.webConfigPath);
      this.checkedAt = Date.now();
    }
  }

  /** The web config in force (re-read when the file changed), or null. */
  webConfig(): WebConfig | null {
    const path = this.opts.webConfigPath;
    if (!path) return null;
    const now = Date.now();
    if (now - this.checkedAt >= (this.opts.recheckMs ?? 1000)) {
      this.checkedAt = now;
      const m = mtimeOf(path);
      if (m !== this.webMtimeMs) {
        this.webMtimeMs = m;
        try {
          const prev = this.web;
          this.web = loadWebConfig(path);
          this.webError = null;
          this.authCache.clear();
          if (prev && (prev.tls?.cert !== this.web.tls?.cert || prev.tls?.key !== this.web.tls?.key || prev.tls?.clientCA !== this.web.tls?.clientCA)) {
            this.onTlsChange?.(this.web);
          }
          this.opts.logger?.info('Reloaded web config file', { file: path });
        } catch (e) {
          this.webError = (e as Error).message;
          this.opts.logger?.error('Unable to parse web config file; refusing requests until it is fixed', { err: this.webError });
        }
      }
    }
    return this.web;
  }

  /** Response headers the web config asks for (http_server_config.headers). */
  extraHeaders(): Readonly<Record<string, string>> {
    return this.web?.headers ?? {};
  }

  /**
   * Authentication of every request: the web config's TLS client-certificate policy, then
   * its basic_auth_users (or the per-install token in their place).
   */
  async authenticate(req: IncomingMessage): Promise<Verdict> {
    const cfg = this.webConfig();
    if (this.webError !== null) return { ok: false, status: 500, message: 'Internal Server Error', reason: 'web_config' };
    if (!cfg) return OK;
    if (cfg.rateLimit && !this.allowRate(cfg.rateLimit, req)) {
      return { ok: false, status: 429, message: 'Too Many Requests', reason: 'rate_limit' };
    }
    const cert = this.clientCertVerdict(req, cfg);
    if (!cert.ok) return cert;
    if (cfg.users.size === 0) return OK;
    const auth = req.headers.authorization;
    const bearer = bearerToken(auth);
    if (bearer !== null && this.opts.token !== null && tokenMatches(bearer, this.opts.token)) return OK;
    const basic = basicCredentials(auth);
    if (basic) {
      const r = await this.checkUser(cfg, basic.user, basic.pass);
      if (r === 'match') return OK;
      if (r === 'busy') {
        return { ok: false, status: 429, message: 'Too Many Requests: too many password checks under way', reason: 'basic_auth_busy', headers: { 'Retry-After': '1' } };
      }
    }
    return { ok: false, status: 401, message: 'Unauthorized', reason: 'basic_auth', headers: { 'WWW-Authenticate': 'Basic' } };
  }

  /**
   * Whether a browser page of another site sent this request, and may. Runs first on every
   * request, whether or not a route matches (`policy` is the matched route's, 'read' for the
   * rest): while --web.cors.origin is unset every cross-site request is refused; when set, an
   * origin it matches may use `read` routes with the methods reads use, and nothing else.
   * `method` is the one to judge: for a CORS preflight, the method it asks about.
   */
  checkSite(req: IncomingMessage, policy: Policy, method: string = req.method ?? 'GET'): Verdict {
    const cross = this.crossOrigin(req);
    if (cross === null) return OK;
    const origin = req.headers.origin;
    const cors = this.opts.corsOrigin;
    if (cors && typeof origin === 'string' && cors.test(origin)) {
      if (policy === 'read' && CORS_READ_METHODS.has(method)) return OK;
      return { ok: false, status: 403, message: `Forbidden: ${cross}: --web.cors.origin allows other origins to read, never to write or administer`, reason: 'cross_origin' };
    }
    const hint = cors ? ' (the origin does not match --web.cors.origin)' : ' (set --web.cors.origin to let a web page read from Hearth)';
    return { ok: false, status: 403, message: `Forbidden: ${cross}${hint}`, reason: 'cross_origin' };
  }

  /** What a route's policy demands beyond authentication and the site check: the token for `admin`. */
  authorize(req: IncomingMessage, policy: Policy): Verdict {
    if (policy !== 'admin') return OK;
    if (this.opts.token === null) return { ok: false, status: 403, message: 'Forbidden: this server has no API token', reason: 'token' };
    const given = bearerToken(req.headers.authorization);
    if (given === null) {
      return {
        ok: false,
        status: 401,
        message: 'Unauthorized: this endpoint needs the API token (Authorization: Bearer <token>)',
        reason: 'token',
        headers: { 'WWW-Authenticate': 'Bearer realm="hearth"' },
      };
    }
    if (!tokenMatches(given, this.opts.token)) return { ok: false, status: 403, message: 'Forbidden: wrong API token', reason: 'token' };
    return OK;
  }

  /** CORS headers for an allowed origin (Prometheus's httputil.SetCORS); none otherwise. */
  corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    const re = this.opts.corsOrigin;
    if (!re || typeof origin !== 'string' || !re.test(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Accept, Authorization, Content-Type, Origin',
      'Access-Control-Expose-Headers': 'Date',
      Vary: 'Origin',
    };
  }

  /**
   * Why a request comes from a browser page of another origin, or null when it does not,
   * whatever CORS allows. Same-site counts as foreign: another port on localhost is another
   * application. An Origin of "null" (sandboxed frames, file: pages) is foreign too.
   */
  crossOrigin(req: IncomingMessage): string | null {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (site === 'cross-site' || site === 'same-site') return `cross-origin request refused (Sec-Fetch-Site: ${site})`;
    if (typeof origin === 'string') {
      const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
      if (!sameOrigin(origin, scheme, req.headers.host ?? '')) return `cross-origin request refused (Origin: ${origin})`;
    }
    return null;
  }

  /** Stops the bcrypt worker. */
  close(): Promise<void> {
    return this.bcrypt.close();
  }

  /** rate_limit, per client address; a changed limit starts every client afresh. */
  private allowRate(rl: NonNullable<WebConfig['rateLimit']>, req: IncomingMessage): boolean {
    if (this.limiter?.limit !== rl) this.limiter = new ClientRateLimiter(rl);
    return this.limiter.allow(clientKey(req.socket.remoteAddress));
  }

  private clientCertVerdict(req: IncomingMessage, cfg: WebConfig): Verdict {
    const t = cfg.tls;
    if (!t || t.clientAuth === 'NoClientCert' || t.clientAuth === 'RequestClientCert') return OK;
    const sock = req.socket as TLSSocket;
    const cert = typeof sock.getPeerCertificate === 'function' ? sock.getPeerCertificate() : null;
    const has = cert !== null && Object.keys(cert).length > 0;
    const refuse = (msg: string): Verdict => ({ ok: false, status: 403, message: `Forbidden: ${msg}`, reason: 'client_cert' });
    if (!has) {
      if (t.clientAuth === 'VerifyClientCertIfGiven') return OK;
      return refuse('a client certificate is required');
    }
    if ((t.clientAuth === 'VerifyClientCertIfGiven' || t.clientAuth === 'RequireAndVerifyClientCert') && !sock.authorized) {
      return refuse(`client certificate not trusted: ${String(sock.authorizationError ?? 'unknown')}`);
    }
    if (t.clientAllowedSans) {
      const sans = (cert.subjectaltname ?? '').split(/,\s*/).map((s) => s.replace(/^(DNS|IP Address|URI|email):/, ''));
      if (!sans.some((s) => t.clientAllowedSans!.includes(s))) return refuse('could not find allowed SANs in client cert');
    }
    return OK;
  }

  /**
   * exporter-toolkit's check: unknown users are compared against a decoy hash so that timing
   * does not tell which users exist; a triple that matched recently skips bcrypt.
   */
  private async checkUser(cfg: WebConfig, user: string, pass: string): Promise<'match' | 'mismatch' | 'busy'> {
    const known = cfg.users.get(user);
    const hash = known ?? DECOY_HASH;
    const key = this.cacheKey(user, hash, pass);
    if (known !== undefined && this.authCache.has(key)) {
      this.authCache.delete(key);
      this.authCache.add(key);
      return 'match';
    }
    const r = await this.bcrypt.compare(pass, hash);
    if (r !== 'match') return r;
    if (known === undefined) return 'mismatch';
    if (this.authCache.size >= CACHE_MAX) this.authCache.delete(this.authCache.values().next().value!);
    this.authCache.add(key);
    return 'match';
  }

  private cacheKey(user: string, hash: string, pass: string): string {
    const field = (s: string) => {
      const b = Buffer.from(s, 'utf8');
      return Buffer.concat([Buffer.from(String(b.length) + ':'), b]);
    };
    return createHmac('sha256', this.cacheSecret).update(field(user)).update(field(hash)).update(field(pass)).digest('base64');
  }
}

function basicCredentials(auth: string | undefined): { user: string; pass: string } | null {
  if (!auth) return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? null : { user: text.slice(0, i), pass: text.slice(i + 1) };
}

/** Whether an Origin header names the scheme and Host this request came in on (default ports ignored). */
function sameOrigin(origin: string, scheme: string, host: string): boolean {
  let o: URL;
  let own: URL;
  try {
    o = new URL(origin);
    own = new URL(`${scheme}://${host}`);
  } catch {
    return false;
  }
  return o.origin !== 'null' && o.origin === own.origin;
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -2;
  }
}
