/**
 * The HTTP server: Prometheus's /api/v1, health endpoints, Hearth's own /metrics and the
 * host collector, and the console's files. One place turns thrown errors into the
 * API's error envelope, so handlers just throw ApiError (or let engine errors through).
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEXT_CONTENT_TYPE } from '../collector/index.js';
import type { Logger } from '../log.js';
import type { ApiDeps } from './deps.js';
import { ApiError, send, sendError, sendText } from './respond.js';
import { Router } from './router.js';
import { serveStatic } from './static.js';
import { labelHandlers } from './v1/labels.js';
import { queryHandlers } from './v1/query.js';
import { statusHandlers } from './v1/status.js';

export function buildRouter(deps: ApiDeps): Router {
  const r = new Router();
  const q = queryHandlers(deps);
  const status = statusHandlers(deps);
  const labels = labelHandlers(deps);

  r.get('/-/healthy', (c) => sendText(c.req, c.res, 200, 'Hearth Server is Healthy.\n'));
  r.get('/-/ready', (c) =>
    deps.ready()
      ? sendText(c.req, c.res, 200, 'Hearth Server is Ready.\n')
      : sendText(c.req, c.res, 503, 'Service Unavailable'),
  );
  r.getPost('/api/v1/query', q.query);
  r.getPost('/api/v1/query_range', q.queryRange);
  r.getPost('/api/v1/labels', labels.labelNames);
  r.get('/api/v1/label/:name/values', labels.labelValues);
  r.getPost('/api/v1/series', labels.series);
  r.get('/api/v1/status/buildinfo', status.buildinfo);
  r.get('/api/v1/status/runtimeinfo', status.runtimeinfo);
  r.get('/api/v1/status/flags', status.flags);
  r.get('/api/v1/status/config', status.config);
  r.get('/metrics', async (c) => send(c.req, c.res, 200, await deps.metrics(), TEXT_CONTENT_TYPE));
  r.get('/metrics/node', async (c) => send(c.req, c.res, 200, await deps.hostMetrics(), TEXT_CONTENT_TYPE));
  return r;
}

export interface ApiServer {
  readonly server: Server;
  /** Starts answering with the engines in `deps`; until then only /-/healthy answers (200), the rest 503. */
  attach(deps: ApiDeps): void;
}

/**
 * The server is created (and can listen) before the engines exist, so that a port in use is
 * found before storage is opened, and load balancers see "healthy, not ready" while starting.
 */
export function createApiServer(logger: Logger): ApiServer {
  let active: { router: Router; deps: ApiDeps } | null = null;
  const server = createServer((req, res) => {
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
  });
  // Slow or idle clients must not hold sockets forever.
  server.headersTimeout = 60_000;
  server.requestTimeout = 5 * 60_000;
  server.keepAliveTimeout = 65_000;
  return {
    server,
    attach: (deps) => {
      active = { router: buildRouter(deps), deps };
    },
  };
}

async function handle(router: Router, deps: ApiDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!deps.allowedHost(req.headers.host)) {
    sendText(req, res, 421, `Hearth refuses requests for host ${JSON.stringify(req.headers.host ?? '')}: use the address it listens on.`);
    return;
  }
  const m = router.match(req.method ?? 'GET', url.pathname);
  const isApi = url.pathname.startsWith('/api/');
  if (m.kind === 'found') {
    try {
      await m.handler({ req, res, url, pathParams: m.pathParams });
    } catch (err) {
      if (err instanceof ApiError) {
        sendError(req, res, err);
        return;
      }
      throw err;
    }
    return;
  }
  if (m.kind === 'method_not_allowed') {
    res.setHeader('Allow', m.allowed.join(', '));
    if (isApi) sendError(req, res, new ApiError('bad_data', `method ${req.method} not allowed`, 405));
    else sendText(req, res, 405, 'Method Not Allowed');
    return;
  }
  if (isApi || url.pathname.startsWith('/-/')) {
    sendError(req, res, new ApiError('not_found', `unknown API endpoint ${url.pathname}`, 404));
    return;
  }
  if (deps.uiDir && (req.method === 'GET' || req.method === 'HEAD')) {
    await serveStatic(req, res, deps.uiDir, url.pathname);
    return;
  }
  sendText(req, res, 404, 'Not Found');
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
