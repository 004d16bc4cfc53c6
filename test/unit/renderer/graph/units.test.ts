import { describe, expect, it } from 'vitest';
import { formatValue, inferUnit } from '../../../../renderer/graph/units.js';

describe('inferUnit', () => {
  it('reads units from Prometheus metric name conventions', () => {
    expect(inferUnit('scrape_duration_seconds')).toBe('seconds');
    expect(inferUnit('histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))')).toBe('seconds');
    expect(inferUnit('rate(node_network_receive_bytes_total[5m])')).toBe('bytesPerSecond');
    expect(inferUnit('node_memory_MemAvailable_bytes')).toBe('bytes');
    expect(inferUnit('node_filesystem_avail_ratio')).toBe('ratio');
  });

  it('treats rated seconds counters as plain ratios and timestamps as no unit', () => {
    expect(inferUnit('rate(node_cpu_seconds_total[5m])')).toBe('none');
    expect(inferUnit('node_boot_time_seconds')).toBe('none');
  });

  it('averages from _sum/_count keep the unit of the sum', () => {
    expect(inferUnit('rate(x_seconds_sum[5m]) / rate(x_seconds_count[5m])')).toBe('seconds');
  });

  it('gives up on conflicting units, counts, and ignores label values', () => {
    expect(inferUnit('a_bytes / b_seconds')).toBe('none');
    expect(inferUnit('count(x_bytes)')).toBe('none');
    expect(inferUnit('up{job="fake_bytes"}')).toBe('none');
    expect(inferUnit('sum by (foo_bytes) (up)')).toBe('none');
    expect(inferUnit('up', ['process_resident_memory_bytes'])).toBe('bytes');
  });
});

describe('formatValue', () => {
  it('formats per unit', () => {
    expect(formatValue(0.0123, 'seconds')).toBe('12.3ms');
    expect(formatValue(90, 'seconds')).toBe('1.5m');
    expect(formatValue(1536, 'bytes')).toBe('1.5 KiB');
    expect(formatValue(3 * 1024 * 1024, 'bytesPerSecond')).toBe('3 MiB/s');
    expect(formatValue(0.256, 'ratio')).toBe('25.6%');
    expect(formatValue(1234567, 'none')).toBe('1.23M');
    expect(formatValue(null, 'none')).toBe('—');
    expect(formatValue(Infinity, 'bytes')).toBe('+Inf');
  });
});
