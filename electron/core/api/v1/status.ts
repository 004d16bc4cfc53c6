/**
 * /api/v1/status/{buildinfo,runtimeinfo,flags,config,tsdb,walreplay} and /api/v1/features.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#status
 */

import { hostname } from 'node:os';
import { HEARTH_VERSION, PROMETHEUS_COMPAT_VERSION } from '../../../../shared/version.js';
import type { BuildInfo, RuntimeInfo, WalReplayStatus } from '../../../../shared/api/status.js';
import { SUPPORTED_SD, UNSUPPORTED_SD } from '../../config/index.js';
import { FUNCTIONS } from '../../promql/parser/index.js';
import type { ApiDeps } from '../deps.js';
import { readParams } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
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

const PROMQL_KEYWORDS = ['offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'start', 'end', 'step', 'range', 'anchored', 'smoothed', 'fill', 'fill_left', 'fill_right'];
const PROMQL_OPERATORS = ['+', '-', '*', '/', '%', '^', '==', '!=', '<', '<=', '>', '>=', '=~', '!~', 'and', 'or', 'unless', 'atan2', '</', '>/'];
const AGGREGATORS = ['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio'];

/** What this server offers, in the categories of Prometheus's feature registry (/api/v1/features). */
export function features(deps: Pick<ApiDeps, 'remoteWrite'>): Record<string, Record<string, boolean>> {
  const on = (names: Iterable<string>, v = true) => Object.fromEntries([...names].map((n) => [n, v]));
  const sd: Record<string, boolean> = {};
  for (const f of SUPPORTED_SD) sd[f.replace(/_configs$/, '').replace(/_sd$/, '')] = true;
  for (const f of Object.keys(UNSUPPORTED_SD)) sd[f.replace(/_sd_configs$/, '')] = false;
  return {
    api: {
      // Admin and lifecycle endpoints are always there, behind the per-install token.
      admin: true,
      lifecycle: true,
      remote_write_receiver: deps.remoteWrite != null,
      otlp_write_receiver: false,
      label_values_match: true,
      query_warnings: true,
      query_stats: true,
      time_range_series: true,
      time_range_labels: true,
      exclude_alerts: true,
      'openapi_3.1': false,
      'openapi_3.2': false,
    },
    promql: { ...on(PROMQL_KEYWORDS), duration_expr: true },
    promql_operators: { ...on(PROMQL_OPERATORS), ...on(AGGREGATORS) },
    promql_functions: on(Object.keys(FUNCTIONS)),
    service_discovery_providers: sd,
  };
}

export function statusHandlers(deps: ApiDeps) {
  return {
    buildinfo(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, buildInfo());
    },
    runtimeinfo(ctx: RequestContext): void {
      const cs = deps.configStatus();
      const retention = [deps.flags['storage.tsdb.retention.time'], deps.flags['storage.tsdb.retention.size']]
        .filter((v) => v !== undefined && v !== '' && v !== '0' && v !== '0s' && v !== '0B')
        .join(' or ');
      const info: RuntimeInfo = {
        startTime: new Date(deps.startTimeMs).toISOString(),
        CWD: process.cwd(),
        hostname: hostname(),
        serverTime: new Date(deps.now()).toISOString(),
        reloadConfigSuccess: cs.success,
        lastConfigTime: new Date(cs.lastSuccessMs).toISOString(),
        corruptionCount: 0,
        goroutineCount: 0,
        GOMAXPROCS: 1,
        GOMEMLIMIT: 0,
        GOGC: '',
        GODEBUG: '',
        storageRetention: retention,
      };
      sendSuccess(ctx.req, ctx.res, info);
    },
    config(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, { yaml: deps.configYaml() });
    },
    flags(ctx: RequestContext): void {
      // Sorted by name, as Go marshals Prometheus's flag map.
      const sorted = Object.fromEntries(Object.keys(deps.flags).sort().map((k) => [k, deps.flags[k]!]));
      sendSuccess(ctx.req, ctx.res, sorted);
    },
    async tsdb(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const s = p.get('limit');
      let limit = 10;
      if (s !== null && s !== '') {
        limit = /^[+-]?\d+$/.test(s) ? Number(s) : 0;
        if (limit < 1) throw new ApiError('bad_data', 'limit must be a positive number');
      }
      if (!deps.tsdb) throw new ApiError('internal', 'TSDB not ready');
      sendSuccess(ctx.req, ctx.res, deps.tsdb.stats(limit));
    },
    walreplay(ctx: RequestContext): void {
      // Storage opens (and replays its log) before the API answers, so replay is always done.
      const w: WalReplayStatus = { min: 0, max: 0, current: 0 };
      sendSuccess(ctx.req, ctx.res, w);
    },
    features(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, features(deps));
    },
  };
}
