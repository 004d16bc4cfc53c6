/**
 * An in-process API server for tests: the real router, access control and handlers over a
 * MemoryStorage, queries evaluated inline, on a free loopback port.
 */

import type { AddressInfo } from 'node:net';
import { ApiMetrics } from '../../../../electron/core/api/apiMetrics.js';
import { AccessControl, type AccessOptions } from '../../../../electron/core/api/auth/access.js';
import type { WebConfig } from '../../../../electron/core/api/auth/webConfig.js';
import { DEFAULT_LIMITS, type ApiDeps, type ApiLimits } from '../../../../electron/core/api/deps.js';
import { hostChecker } from '../../../../electron/core/api/hostCheck.js';
import { createApiServer, listen } from '../../../../electron/core/api/server.js';
import { Registry } from '../../../../electron/core/collector/index.js';
import { parseConfig } from '../../../../electron/core/config/index.js';
import { nopLogger } from '../../../../electron/core/log.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import { QueryService } from '../../../../electron/core/query/index.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

export const TOKEN = 'a'.repeat(64);

export const CONFIG_YAML = `
global:
  scrape_interval: 15s
  external_labels:
    site: lab
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['am1:9093', 'am2:9093']
      path_prefix: /prefix
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['localhost:9100']
`;

export interface Harness {
  readonly url: string;
  readonly port: number;
  readonly deps: ApiDeps;
  readonly store: MemoryStorage;
  readonly registry: Registry;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly deps?: Partial<ApiDeps>;
  readonly access?: Partial<AccessOptions>;
  readonly webConfig?: WebConfig | null;
  readonly limits?: Partial<ApiLimits>;
  readonly nowMs?: number;
  /** The query service over the harness's store (default: inline, default limits). */
  readonly queries?: (store: MemoryStorage) => QueryService;
}

export async function startApi(opts: HarnessOptions = {}): Promise<Harness> {
  const store = new MemoryStorage();
  const registry = new Registry();
  const api = createApiServer(nopLogger, { webConfig: opts.webConfig ?? null });
  const addr: AddressInfo = await listen(api.server, '127.0.0.1', 0);
  const config = parseConfig(CONFIG_YAML, 'test.yml');
  const deps: ApiDeps = {
    queries: opts.queries ? opts.queries(store) : QueryService.inline(store),
    logger: nopLogger,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    startTimeMs: 1_700_000_000_000,
    flags: { 'storage.tsdb.retention.time': '15d', 'web.listen-address': '127.0.0.1:9190' },
    ready: () => true,
    uiDir: null,
    metrics: () => registry.render(),
    hostMetrics: async () => '',
    now: () => opts.nowMs ?? Date.now(),
    config: () => config,
    configYaml: () => 'global: {}\n',
    configStatus: () => ({ success: true, lastSuccessMs: 1_700_000_000_000 }),
    allowedHost: hostChecker('127.0.0.1', addr.port),
    access: new AccessControl({ token: TOKEN, ...opts.access }),
    apiMetrics: new ApiMetrics(registry),
    lookbackDeltaMs: 300_000,
    remoteWrite: store,
    ...opts.deps,
  };
  api.attach(deps);
  const scheme = api.tls ? 'https' : 'http';
  return {
    url: `${scheme}://127.0.0.1:${addr.port}`,
    port: addr.port,
    deps,
    store,
    registry,
    close: async () => {
      await new Promise<void>((r) => {
        api.server.closeAllConnections();
        api.server.close(() => r());
      });
      await deps.access.close();
    },
  };
}

/** Appends samples: `{ 'up{job="a"}': [[t, v], ...] }` with labels given as an object. */
export function load(store: MemoryStorage, series: ReadonlyArray<{ labels: Record<string, string>; samples: ReadonlyArray<[number, number]>; staleAt?: number }>): void {
  const app = store.appender();
  for (const s of series) {
    const l = Labels.fromObject(s.labels);
    for (const [t, v] of s.samples) app.append(0, l, t, v);
    if (s.staleAt !== undefined) app.appendStale(0, l, s.staleAt);
  }
  app.commit();
}

export async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* plain text */
  }
  return { status: res.status, body, headers: res.headers };
}

export function form(params: Record<string, string | string[]>): RequestInit {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: p.toString() };
}
