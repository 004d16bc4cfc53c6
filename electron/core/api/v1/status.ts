/**
 * /api/v1/status/buildinfo, /runtimeinfo and /flags.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#status
 */

import { HEARTH_VERSION, PROMETHEUS_COMPAT_VERSION } from '../../../../shared/version.js';
import type { BuildInfo } from '../../../../shared/api/status.js';
import type { ApiDeps } from '../deps.js';
import { sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';

export function buildInfo(): BuildInfo & { hearthVersion: string } {
  return {
    // Clients (Grafana) pick features by this version, so it names the Prometheus release whose
    // API Hearth answers like; Hearth's own version travels beside it. No `features` field:
    // a non-empty one makes Grafana treat the server as Mimir.
    version: PROMETHEUS_COMPAT_VERSION,
    revision: '',
    branch: '',
    buildUser: 'hearth',
    buildDate: '',
    goVersion: `node${process.versions.node}`,
    hearthVersion: HEARTH_VERSION,
  };
}

export function statusHandlers(deps: ApiDeps) {
  return {
    buildinfo(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, buildInfo());
    },
    runtimeinfo(ctx: RequestContext): void {
      const mem = process.memoryUsage();
      sendSuccess(ctx.req, ctx.res, {
        startTime: new Date(deps.startTimeMs).toISOString(),
        CWD: process.cwd(),
        reloadConfigSuccess: true,
        lastConfigTime: new Date(deps.startTimeMs).toISOString(),
        corruptionCount: 0,
        goroutineCount: 0,
        GOMAXPROCS: 1,
        GOMEMLIMIT: 0,
        GOGC: '',
        GODEBUG: '',
        storageRetention: deps.flags['storage.tsdb.retention.time'] ?? '',
        hostname: process.env['HOSTNAME'] ?? '',
        serverTime: new Date(deps.now()).toISOString(),
        residentMemoryBytes: mem.rss,
      });
    },
    config(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, { yaml: deps.configYaml() });
    },
    flags(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, deps.flags);
    },
  };
}
