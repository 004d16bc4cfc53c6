/**
 * Typed calls to the endpoints the console uses, each named after its Prometheus API path.
 * https://prometheus.io/docs/prometheus/latest/querying/api/
 */

import type { MetadataData } from '../../shared/api/metadata';
import type { AstNode } from '../../shared/api/parse';
import type { QueryDataWithStats } from '../../shared/api/query';
import type { AlertHistoryData, BacktestData, BacktestRequest } from '../../shared/api/alertHistory';
import type { AlertsData, RulesData } from '../../shared/api/rules';
import type { BuildInfo, RuntimeInfo, TSDBStatus } from '../../shared/api/status';
import type { TargetsData } from '../../shared/api/targets';
import { apiGet, apiGetColumns, apiPostJson, type ApiGetOptions } from './client';

/** Seconds with millisecond precision, as the API takes times. */
const sec = (ms: number) => (ms / 1000).toFixed(3);

export function instantQuery(query: string, timeMs: number | null, opts: ApiGetOptions = {}) {
  return apiGet<QueryDataWithStats>('/api/v1/query', { query, time: timeMs === null ? undefined : sec(timeMs), stats: 'all' }, opts);
}

export function rangeQuery(query: string, startMs: number, endMs: number, stepMs: number, opts: ApiGetOptions = {}) {
  return apiGet<QueryDataWithStats>('/api/v1/query_range', { query, start: sec(startMs), end: sec(endMs), step: stepMs / 1000 }, opts);
}

/** A range query with the matrix as typed columns (graphs). */
export function rangeQueryColumns(query: string, startMs: number, endMs: number, stepMs: number, opts: ApiGetOptions = {}) {
  return apiGetColumns('/api/v1/query_range', { query, start: sec(startMs), end: sec(endMs), step: stepMs / 1000, stats: 'all' }, opts);
}

export function formatQuery(query: string, signal?: AbortSignal) {
  return apiGet<string>('/api/v1/format_query', { query }, { signal });
}

export function parseQuery(query: string, signal?: AbortSignal) {
  return apiGet<AstNode>('/api/v1/parse_query', { query }, { signal });
}

export function metadata(signal?: AbortSignal) {
  return apiGet<MetadataData>('/api/v1/metadata', {}, { signal });
}

export function labelValues(name: string, signal?: AbortSignal) {
  return apiGet<string[]>(`/api/v1/label/${encodeURIComponent(name)}/values`, {}, { signal });
}

export function targets(signal?: AbortSignal) {
  return apiGet<TargetsData>('/api/v1/targets', {}, { signal });
}

export function rules(type?: 'alert' | 'record', signal?: AbortSignal) {
  return apiGet<RulesData>('/api/v1/rules', { type }, { signal });
}

export function alerts(signal?: AbortSignal) {
  return apiGet<AlertsData>('/api/v1/alerts', {}, { signal });
}

/** Filters of Hearth's alert history endpoint; times in ms. */
export interface AlertHistoryQuery {
  rule?: readonly string[];
  group?: string;
  state?: 'inactive' | 'pending' | 'firing';
  match?: readonly string[];
  startMs?: number;
  endMs?: number;
  limit?: number;
  nextToken?: string;
}

/** GET /api/hearth/v1/alerts/history: one page of state changes. */
export function alertHistory(q: AlertHistoryQuery, signal?: AbortSignal) {
  return apiGet<AlertHistoryData>(
    '/api/hearth/v1/alerts/history',
    {
      rule: q.rule,
      group: q.group,
      state: q.state,
      'match[]': q.match,
      start: q.startMs === undefined ? undefined : sec(q.startMs),
      end: q.endMs === undefined ? undefined : sec(q.endMs),
      limit: q.limit,
      next_token: q.nextToken,
    },
    { signal },
  );
}

/** POST /api/hearth/v1/rules/backtest: an alerting rule evaluated over stored data. */
export function backtestRule(req: BacktestRequest, signal?: AbortSignal) {
  return apiPostJson<BacktestData>('/api/hearth/v1/rules/backtest', req, signal);
}

export function buildInfo(signal?: AbortSignal) {
  return apiGet<BuildInfo & { hearthVersion?: string }>('/api/v1/status/buildinfo', {}, { signal });
}

export function runtimeInfo(signal?: AbortSignal) {
  return apiGet<RuntimeInfo>('/api/v1/status/runtimeinfo', {}, { signal });
}

export function flags(signal?: AbortSignal) {
  return apiGet<Record<string, string>>('/api/v1/status/flags', {}, { signal });
}

export function config(signal?: AbortSignal) {
  return apiGet<{ yaml: string }>('/api/v1/status/config', {}, { signal });
}

export function tsdbStatus(limit: number, signal?: AbortSignal) {
  return apiGet<TSDBStatus>('/api/v1/status/tsdb', { limit }, { signal });
}
