import { describe, expect, it } from 'vitest';
import { filterMetrics, metricRows } from '../../../../renderer/metrics/metricsData.js';

const meta = {
  http_request_duration_seconds: [{ type: 'histogram', help: 'Request latency.', unit: '' }],
  node_load1: [{ type: 'gauge', help: '1m load average.', unit: '' }],
  up: [{ type: 'gauge', help: 'Whether the scrape worked.', unit: '' }],
};
const names = ['http_request_duration_seconds_bucket', 'http_request_duration_seconds_count', 'node_load1', 'orphan_metric', 'up'];
const counts = [
  { name: 'http_request_duration_seconds_bucket', value: 120 },
  { name: 'up', value: 3 },
];

describe('metrics explorer rows', () => {
  const rows = metricRows(names, meta, counts);
  it('joins names with family metadata (histogram suffixes included) and series counts', () => {
    expect(rows[0]).toEqual({ name: 'http_request_duration_seconds_bucket', type: 'histogram bucket', help: 'Request latency.', unit: '', series: 120 });
    expect(rows[3]).toMatchObject({ name: 'orphan_metric', type: '', help: '', series: null });
    expect(rows[4]!.series).toBe(3);
  });
  it('filters by name and help, by type, and sorts', () => {
    expect(filterMetrics(rows, 'load', '', 'name').map((r) => r.name)).toEqual(['node_load1']);
    expect(filterMetrics(rows, 'scrape', '', 'name').map((r) => r.name)).toEqual(['up']);
    expect(filterMetrics(rows, '', 'histogram', 'name').map((r) => r.name)).toEqual(['http_request_duration_seconds_bucket', 'http_request_duration_seconds_count']);
    expect(filterMetrics(rows, '', '', 'series').map((r) => r.name).slice(0, 2)).toEqual(['http_request_duration_seconds_bucket', 'up']);
  });
});
