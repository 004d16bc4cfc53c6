/**
 * Routes requests by method and path. Paths are literal or end in named segments
 * (`/api/v1/label/:name/values`). Unknown paths answer 404, known paths with another method 405.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly pathParams: Readonly<Record<string, string>>;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Route {
  readonly method: Method;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

export type Match =
  | { kind: 'found'; handler: Handler; pathParams: Record<string, string> }
  | { kind: 'method_not_allowed'; allowed: string[] }
  | { kind: 'not_found' };

export class Router {
  private readonly routes: Route[] = [];

  on(methods: Method | readonly Method[], path: string, handler: Handler): this {
    const segments = path.split('/').filter((s) => s !== '');
    for (const method of typeof methods === 'string' ? [methods] : methods) this.routes.push({ method, segments, handler });
    return this;
  }

  get(path: string, handler: Handler): this {
    return this.on('GET', path, handler);
  }

  /** GET and form-encoded POST, as Prometheus offers for query endpoints. */
  getPost(path: string, handler: Handler): this {
    return this.on(['GET', 'POST'], path, handler);
  }

  post(path: string, handler: Handler): this {
    return this.on('POST', path, handler);
  }

  match(method: string, pathname: string): Match {
    const parts = pathname.split('/').filter((s) => s !== '');
    const allowed: string[] = [];
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      // HEAD is answered by the GET handler without a body.
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) {
        return { kind: 'found', handler: r.handler, pathParams: params };
      }
      allowed.push(r.method);
    }
    return allowed.length > 0 ? { kind: 'method_not_allowed', allowed } : { kind: 'not_found' };
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
