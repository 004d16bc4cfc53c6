import { describe, expect, it } from 'vitest';
import { cardinalityQuery, filterFlags, formatBytes } from '../../../../renderer/status/statusData.js';

describe('status shaping', () => {
  it('links cardinality rows to the queries that show them', () => {
    expect(cardinalityQuery('seriesCountByMetricName', 'node_cpu_seconds_total')).toBe('node_cpu_seconds_total');
    expect(cardinalityQuery('seriesCountByMetricName', 'my.metric')).toBe('{"my.metric"}');
    expect(cardinalityQuery('labelValueCountByLabelName', 'instance')).toBe('count by (instance) ({instance!=""})');
    expect(cardinalityQuery('seriesCountByLabelValuePair', 'job=node')).toBe('{job="node"}');
    expect(cardinalityQuery('seriesCountByLabelValuePair', 'path=/a=b')).toBe('{path="/a=b"}');
  });
  it('filters flags by name or value, sorted', () => {
    const f = { 'web.listen-address': '127.0.0.1:9190', 'storage.tsdb.path': '/data', 'log.level': 'info' };
    expect(filterFlags(f, '').map(([k]) => k)).toEqual(['log.level', 'storage.tsdb.path', 'web.listen-address']);
    expect(filterFlags(f, 'DATA').map(([k]) => k)).toEqual(['storage.tsdb.path']);
  });
  it('formats bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GiB');
  });
});
