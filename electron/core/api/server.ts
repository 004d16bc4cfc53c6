/**
 * The HTTP server: Prometheus's /api/v1, /federate, remote write, health and lifecycle
 * endpoints, Hearth's own /metrics and the host collector, and the console's files.
 *
 * Every request passes, in order: the Host check (DNS rebinding), the site check (no
 * cross-site requests unless CORS allows a read), authentication (--web.config.file), the
 * route's policy (the per-install token; see auth/access.ts), then its handler. One place
 * turns thrown ApiErrors into the API's error envelope, so handlers just throw; one place
 * records the HTTP metrics.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TEXT_CONTENT_TYPE } from '../collector/index.js';
import type { Logger } from '../log.js';
import type { Verdict } from './auth/access.js';
import { tlsServerOptions, type WebConfig } from './auth/webConfig.js';
import type { ApiDeps } from './deps.js';
import { federateHandler } from './federate.js';
import { backtestHandler } from './hearth/backtest.js';
import { alertHistoryHandler } from './hearth/alertHistory.js';
import { checkRequestHost } from './hostCheck.js';
import { registerLifecycle } from './lifecycle.js';
import { remoteWriteHandler } from './remote/writeHandler.js';
import { ApiError, send, sendError, sendText } from './respond.js';
import { Router, type Policy } from './router.js';
import { serveStatic } from './static.js';
import { adminHandlers } from './v1/admin.js';
import { exemplarHandlers } from './v1/exemplars.js';
import { formatHandlers } from './v1/format.js';
import { labelHandlers } from './v1/labels.js';
import { metadataHandlers } from './v1/metadata.js';
import { queryHandlers } from './v1/query.js';
import { ruleHandlers } from './v1/rules.js';
import { buildInfo, statusHandlers } from './v1/status.js';
import { targetHandlers } from './v1/targets.js';

export function buildRouter(deps: ApiDeps): Router {
  const r = new Router();
  const q = queryHandlers(deps);
  const fmt = formatHandlers(deps);
  const status = statusHandlers(deps);
  const labels = labelHandlers(deps);
  const meta = metadataHandlers(deps);
  const targets = targetHandlers(deps);
  const rules = ruleHandlers(deps);
  const admin = adminHandlers(deps);
  const exemplars = exemplarHandlers(deps);

  registerLifecycle(r, deps);
  r.getPost('/api/v1/query', q.query);
  r.getPost('/api/v1/query_range', q.queryRange);
  r.getPost('/api/v1/query_exemplars', exemplars.queryExemplars);
  r.getPost('/api/v1/format_query', fmt.formatQuery);
  r.getPost('/api/v1/parse_query', fmt.parseQuery);
  r.getPost('/api/v1/labels', labels.labelNames);
  r.get('/api/v1/label/:name/values', labels.labelValues);
  r.getPost('/api/v1/series', labels.series);
  r.on('DELETE', '/api/v1/series', () => {
    throw new ApiError('internal', 'not implemented');
  });
  r.get('/api/v1/metadata', meta.metadata);
  r.get('/api/v1/targets', targets.targets);
  r.get('/api/v1/targets/metadata', meta.targetMetadata);
  r.get('/api/v1/scrape_pools', targets.scrapePools);
  r.get('/api/v1/rules', rules.rules);
  r.get('/api/v1/alerts', rules.alerts);
  r.get('/api/v1/alertmanagers', rules.alertmanagers);
  r.post('/api/hearth/v1/rules/backtest', backtestHandler(deps));
  r.get('/api/hearth/v1/alerts/history', alertHistoryHandler(deps));
  r.get('/api/v1/status/buildinfo', status.buildinfo);
  r.get('/api/v1/status/runtimeinfo', status.runtimeinfo);
  r.get('/api/v1/status/flags', status.flags);
  r.get('/api/v1/status/config', status.config);
  r.get('/api/v1/status/tsdb', status.tsdb);
  r.get('/api/v1/status/walreplay', status.walreplay);
  r.get('/api/v1/features', status.features);
  r.post('/api/v1/write', remoteWriteHandler(deps), { policy: 'write' });
  r.postPut('/api/v1/admin/tsdb/delete_series', admin.deleteSeries, { policy: 'admin' });
  r.postPut('/api/v1/admin/tsdb/clean_tombstones', admin.cleanTombstones, { policy: 'admin' });
  r.postPut('/api/v1/admin/tsdb/snapshot', admin.snapshot, { policy: 'admin' });
  r.get('/federate', federateHandler(deps));
  r.get('/version', (c) => send(c.req, c.res, 200, JSON.stringify(buildInfo()) + '\n', 'application/json'));
  r.get('/metrics', async (c) => send(c.req, c.res, 200, await deps.metrics(), TEXT_CONTENT_TYPE));
  r.get('/metrics/node', async (c) => send(c.req, c.res, 200, await deps.hostMetrics(), TEXT_CONTENT_TYPE));
  return r;
}

export interface ApiServerOptions {
  /** --web.config.file as loaded at start: its TLS section decides between HTTP and HTTPS. */
  readonly webConfig?: WebConfig | null;
  /** --web.max-connections: most connections open at once (default 512, as in Prometheus). */
  readonly maxConnections?: number;
  /** How long a client may take to send a request's headers (default HEADERS_TIMEOUT_MS; tests shorten it). */
  readonly headersTimeoutMs?: number;
}

export const DEFAULT_MAX_CONNECTIONS = 512;
/**
 * Prometheus sets only ReadTimeout (--web.read-timeout, 5m) on its Go server, which then also
 * bounds the headers: a client may trickle them for 5 minutes. A request's headers are a few
 * hundred bytes that arrive in one packet from any real client, so Hearth gives them 10 s
 * (slow links included) and keeps Prometheus's 5 minutes for the whole request, body included.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5 * 60_000;
/** Node enforces the two timeouts above on a timer of this period (default 30 s, which would triple the header bound). */
const CONNECTIONS_CHECK_MS = 1000;

export interface ApiServer {
  readonly server: Server;
  /** Whether the server speaks HTTPS (--web.config.file's tls_server_config). */
  readonly tls: boolean;
  /** Starts answering with the engines in `deps`; until then only /-/healthy answers (200), the rest 503. */
  attach(deps: ApiDeps): void;
}

/**
 * The server is created (and can listen) before the engines exist, so that a port in use is
 * found before storage is opened, and load balancers see "healthy, not ready" while starting.
 */
export function createApiServer(logger: Logger, opts: ApiServerOptions = {}): ApiServer {
  let active: { router: Router; deps: ApiDeps } | null = null;
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    if (!active) {
      const healthy = (req.url ?? '').startsWith('/-/healthy');
      sendText(req, res, healthy ? 200 : 503, healthy ? 'Hearth Server is Healthy.\n' : 'Service Unavailable');
      return;
    }
    handle(active.router, active.deps, req, res).catch((err) => {
      logger.error('unhandled error answering a request', { path: req.url, err: String(err) });
      if (!res.headersSent) sendText(req, res, 500, 'internal server error');
      else res.destroy();
    });
  };
  const tls = opts.webConfig?.tls ?? null;
  const check = { connectionsCheckingInterval: CONNECTIONS_CHECK_MS };
  const server: Server = tls ? (createHttpsServer({ ...tlsServerOptions(tls), ...check }, onRequest) as unknown as Server) : createServer(check, onRequest);
  // Slow or idle clients must not hold sockets forever.
  server.headersTimeout = opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = 65_000;
  // Prometheus's LimitListener leaves connections beyond the bound waiting in the kernel's
  // accept queue; Node closes them at once instead. Either way one client cannot take every
  // file descriptor the process has.
  server.maxConnections = opts.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  return {
    server,
    tls: tls !== null,
    attach: (deps) => {
      active = { router: buildRouter(deps), deps };
      if (tls) {
        // A renewed certificate in the web config file applies to new connections, as in Prometheus.
        deps.access.onTlsChange = (cfg) => {
          if (!cfg.tls) return;
          try {
            (server as unknown as { setSecureContext(o: object): void }).setSecureContext(tlsServerOptions(cfg.tls));
          } catch (e) {
            logger.error('Cannot use the new TLS settings of the web config file', { err: (e as Error).message });
          }
        };
      }
    },
  };
}

function refuse(deps: ApiDeps, req: IncomingMessage, res: ServerResponse, v: Exclude<Verdict, { ok: true }>): void {
  deps.apiMetrics.authFailures.labels(v.reason).inc();
  send(req, res, v.status, v.message + '\n', 'text/plain; charset=utf-8', { ...(v.headers ?? {}) });
}

async function handle(router: Router, deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  let handlerName = 'other';
  res.once('finish', () => {
    const bytes = Number(res.getHeader('content-length') ?? 0);
    deps.apiMetrics.observe(handlerName, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9, Number.isFinite(bytes) ? bytes : 0);
  });
  for (const [k, v] of Object.entries(deps.access.extraHeaders())) res.setHeader(k, v);
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    sendText(req, res, 400, 'Bad Request');
    return;
  }
  const hostRefused = checkRequestHost(req, deps.allowedHost);
  if (hostRefused) {
    deps.apiMetrics.authFailures.labels('host').inc();
    sendText(req, res, hostRefused.status, hostRefused.message);
    return;
  }
  // Before authentication, so that a page on another site cannot even make Hearth run bcrypt.
  const asked = siteMethod(req);
  const site = deps.access.checkSite(req, policyOf(router, asked, url.pathname), asked);
  if (!site.ok) {
    refuse(deps, req, res, site);
    return;
  }
  const authn = await deps.access.authenticate(req);
  if (!authn.ok) {
    refuse(deps, req, res, authn);
    return;
  }
  for (const [k, v] of Object.entries(deps.access.corsHeaders(req))) res.setHeader(k, v);
  const isApi = url.pathname.startsWith('/api/');
  if (req.method === 'OPTIONS' && isApi) {
    // CORS preflight: the headers above say whether the origin may proceed.
    handlerName = '/api/v1/*path';
    res.writeHead(204);
    res.end();
    return;
  }
  const m = router.match(req.method ?? 'GET', url.pathname);
  if (m.kind === 'found') {
    handlerName = m.route.path;
    const authz = deps.access.authorize(req, m.route.policy);
    if (!authz.ok) {
      refuse(deps, req, res, authz);
      return;
    }
    try {
      await m.handler({ req, res, url, pathParams: m.pathParams });
    } catch (err) {
      if (err instanceof ApiError) {
        if (!res.headersSent) sendError(req, res, err);
        return;
      }
      throw err;
    }
    return;
  }
  if (m.kind === 'method_not_allowed') {
    handlerName = m.path;
    const allowed = isApi ? [...new Set([...m.allowed, 'OPTIONS'])].sort() : m.allowed;
    send(req, res, 405, 'Method Not Allowed\n', 'text/plain; charset=utf-8', { Allow: allowed.join(', '), 'X-Content-Type-Options': 'nosniff' });
    return;
  }
  if (deps.uiDir && (req.method === 'GET' || req.method === 'HEAD') && !isApi && !url.pathname.startsWith('/-/')) {
    handlerName = '/static';
    await serveStatic(req, res, deps.uiDir, url.pathname);
    return;
  }
  send(req, res, 404, '404 page not found\n', 'text/plain; charset=utf-8', { 'X-Content-Type-Options': 'nosniff' });
}

/** The method a request is judged by: a CORS preflight by the one it asks about. */
function siteMethod(req: IncomingMessage): string {
  const asked = req.headers['access-control-request-method'];
  return req.method === 'OPTIONS' && typeof asked === 'string' ? asked.toUpperCase() : (req.method ?? 'GET');
}

/** The policy of the route for `method` and `pathname`; 'read' where no route matches. */
function policyOf(router: Router, method: string, pathname: string): Policy {
  const m = router.match(method, pathname);
  return m.kind === 'found' ? m.route.policy : 'read';
}

/** Listens and resolves with the bound address; rejects with a one-line error when it cannot. */
export function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') reject(new Error(`cannot listen on ${host}:${port}: the address is already in use`));
      else if (err.code === 'EACCES') reject(new Error(`cannot listen on ${host}:${port}: permission denied`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new Error(`cannot listen on ${host}:${port}: no such local address`));
      else reject(new Error(`cannot listen on ${host}:${port}: ${err.message}`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
