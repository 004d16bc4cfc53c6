/**
 * Routes requests by method and path. Paths are literal or end in named segments
 * (`/api/v1/label/:name/values`). Unknown paths answer 404, known paths with another method 405.
 *
 * Every route carries an access policy that the server enforces before the handler runs
 * (AccessControl.authorize in auth/access.ts): `read` for anything that only reads, `write`
 * for pushes of data (remote write: refused from browsers on other origins), `admin` for
 * everything that changes state or configuration (also needs the per-install token).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly pathParams: Readonly<Record<string, string>>;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type Policy = 'read' | 'write' | 'admin';

export interface RouteOptions {
  readonly policy?: Policy;
}

export interface Route {
  readonly method: Method;
  /** The path as registered, e.g. `/api/v1/label/:name/values`: the `handler` label of the HTTP metrics. */
  readonly path: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
  readonly policy: Policy;
}

export type Match =
  | { kind: 'found'; route: Route; handler: Handler; pathParams: Record<string, string> }
  | { kind: 'method_not_allowed'; path: string; allowed: string[] }
  | { kind: 'not_found' };

export class Router {
  private readonly routes: Route[] = [];

  on(methods: Method | readonly Method[], path: string, handler: Handler, opts: RouteOptions = {}): this {
    const segments = path.split('/').filter((s) => s !== '');
    for (const method of typeof methods === 'string' ? [methods] : methods) {
      this.routes.push({ method, path, segments, handler, policy: opts.policy ?? 'read' });
    }
    return this;
  }

  get(path: string, handler: Handler, opts?: RouteOptions): this {
    return this.on('GET', path, handler, opts);
  }

  /** GET and form-encoded POST, as Prometheus offers for query endpoints. */
  getPost(path: string, handler: Handler, opts?: RouteOptions): this {
    return this.on(['GET', 'POST'], path, handler, opts);
  }

  post(path: string, handler: Handler, opts?: RouteOptions): this {
    return this.on('POST', path, handler, opts);
  }

  /** POST and PUT, as Prometheus offers for admin and lifecycle endpoints. */
  postPut(path: string, handler: Handler, opts?: RouteOptions): this {
    return this.on(['POST', 'PUT'], path, handler, opts);
  }

  match(method: string, pathname: string): Match {
    const parts = pathname.split('/').filter((s) => s !== '');
    const allowed: string[] = [];
    let path = '';
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      // HEAD is answered by the GET handler without a body.
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) {
        return { kind: 'found', route: r, handler: r.handler, pathParams: params };
      }
      path = r.path;
      allowed.push(r.method);
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', path, allowed } : { kind: 'not_found' };
  }
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(parts[i]!);
      } catch {
        return null;
      }
    } else if (p !== parts[i]) return null;
  }
  return params;
}
