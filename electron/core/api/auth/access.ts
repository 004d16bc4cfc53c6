/**
 * Who may do what on Hearth's HTTP port. A desktop app's loopback port is reachable by every
 * web page the user visits, so besides Prometheus's own --web.config.file this layer adds:
 *
 * - Host check (hostCheck.ts, in the server): on loopback only loopback host names (no DNS rebinding).
 * - `write` routes (remote write) refuse requests a browser sends from another origin
 *   (Origin or Sec-Fetch-Site say so); agents such as Prometheus or Alloy send neither.
 * - `admin` routes (TSDB admin, /-/reload, /-/quit, anything that changes configuration)
 *   refuse other origins too, and need the per-install token (token.ts) as a Bearer token.
 * - `read` routes answer as in Prometheus.
 * - With --web.config.file: its basic_auth_users guard every request (as exporter-toolkit
 *   does); the per-install token is accepted in their place, so an admin request carries one
 *   Authorization header, not two. Its TLS client-certificate policy is checked per request.
 *
 * CORS: Prometheus allows every origin to read (--web.cors.origin defaults to '.*'). Hearth
 * defaults to none, because a page on the web must not read the user's metrics from the
 * loopback port; --web.cors.origin opens it for the origins the user names.
 */

import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import bcrypt from 'bcryptjs';
import type { Logger } from '../../log.js';
import type { AnchoredRegex } from '../../model/regex.js';
import type { Policy } from '../router.js';
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
}

/** exporter-toolkit compares unknown users against a fixed hash, so timing does not tell users apart. */
const DECOY_HASH = '$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi';
const CACHE_MAX = 100;

export class AccessControl {
  private web: WebConfig | null = null;
  private webError: string | null = null;
  private webMtimeMs = -1;
  private checkedAt = -Infinity;
  private readonly authCache = new Map<string, boolean>();
  /** rate_limit's token bucket: tokens left, and when it was last refilled. */
  private bucket = { tokens: 0, at: 0, cfg: null as WebConfig['rateLimit'] };
  /** Called when a re-read web config brings a different TLS certificate or policy. */
  onTlsChange: ((cfg: WebConfig) => void) | null = null;

  constructor(private readonly opts: AccessOptions) {
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
    if (cfg.rateLimit && !this.allowRate(cfg.rateLimit)) {
      return { ok: false, status: 429, message: 'Too Many Requests', reason: 'rate_limit' };
    }
    const cert = this.clientCertVerdict(req, cfg);
    if (!cert.ok) return cert;
    if (cfg.users.size === 0) return OK;
    const auth = req.headers.authorization;
    const bearer = bearerToken(auth);
    if (bearer !== null && this.opts.token !== null && tokenMatches(bearer, this.opts.token)) return OK;
    const basic = basicCredentials(auth);
    if (basic && (await this.checkUser(cfg, basic.user, basic.pass))) return OK;
    return { ok: false, status: 401, message: 'Unauthorized', reason: 'basic_auth', headers: { 'WWW-Authenticate': 'Basic' } };
  }

  /** What a route's policy demands beyond authentication. */
  authorize(req: IncomingMessage, policy: Policy): Verdict {
    if (policy === 'read') return OK;
    const cross = this.crossOrigin(req);
    if (cross !== null) return { ok: false, status: 403, message: `Forbidden: ${cross}`, reason: 'cross_origin' };
    if (policy === 'write') return OK;
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

  /** Why a request comes from a browser page of another origin, or null when it does not. */
  crossOrigin(req: IncomingMessage): string | null {
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    if (typeof origin === 'string' && this.opts.corsOrigin?.test(origin)) return null;
    if (site === 'cross-site' || site === 'same-site') return `cross-origin request refused (Sec-Fetch-Site: ${site})`;
    if (typeof origin === 'string') {
      const scheme = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
      const own = `${scheme}://${(req.headers.host ?? '').toLowerCase()}`;
      if (origin.toLowerCase() !== own) return `cross-origin request refused (Origin: ${origin})`;
    }
    return null;
  }

  /** exporter-toolkit's limiter: a bucket of `burst` requests refilled at one per interval. */
  private allowRate(rl: NonNullable<WebConfig['rateLimit']>): boolean {
    const now = Date.now();
    const b = this.bucket;
    if (b.cfg !== rl) this.bucket = { tokens: rl.burst, at: now, cfg: rl };
    const cur = this.bucket;
    cur.tokens = Math.min(rl.burst, cur.tokens + (now - cur.at) / rl.intervalMs);
    cur.at = now;
    if (cur.tokens < 1) return false;
    cur.tokens -= 1;
    return true;
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

  private async checkUser(cfg: WebConfig, user: string, pass: string): Promise<boolean> {
    const known = cfg.users.get(user);
    const hash = known ?? DECOY_HASH;
    const key = createHash('sha256').update(user).update('\0').update(hash).update('\0').update(pass).digest('hex');
    let ok = this.authCache.get(key);
    if (ok === undefined) {
      let match = false;
      try {
        match = await bcrypt.compare(pass, hash);
      } catch {
        match = false;
      }
      ok = known !== undefined && match;
      if (this.authCache.size >= CACHE_MAX) this.authCache.delete(this.authCache.keys().next().value!);
      this.authCache.set(key, ok);
    }
    return ok;
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

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -2;
  }
}
