import type { QueryData } from '../../shared/api/query';
import type { BuildInfo } from '../../shared/api/status';
import { apiGet } from './client';

export function instantQuery(query: string, timeSec: number, signal?: AbortSignal) {
  return apiGet<QueryData>('/api/v1/query', { query, time: timeSec }, signal);
}

export function rangeQuery(query: string, startSec: number, endSec: number, stepSec: number, signal?: AbortSignal) {
  return apiGet<QueryData>('/api/v1/query_range', { query, start: startSec, end: endSec, step: stepSec }, signal);
}

export function buildInfo(signal?: AbortSignal) {
  return apiGet<BuildInfo & { hearthVersion?: string }>('/api/v1/status/buildinfo', {}, signal);
}
