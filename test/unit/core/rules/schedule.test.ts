import { describe, expect, it } from 'vitest';
import { groupEvalTimestamp, groupOffsetNs } from '../../../../electron/core/rules/schedule.js';

const SEC = 1000;

describe('group evaluation slots', () => {
  it('fall at the hashed offset within the interval, at or before now', () => {
    const interval = 15 * SEC;
    const offsetMs = Number(groupOffsetNs('rules.yml', 'node', interval) / 1_000_000n);
    expect(offsetMs).toBeGreaterThanOrEqual(0);
    expect(offsetMs).toBeLessThan(interval);
    for (const now of [1_700_000_000_000, 1_700_000_000_000 + offsetMs, 1_700_000_007_123]) {
      const ts = groupEvalTimestamp('rules.yml', 'node', interval, now);
      expect(ts).toBeLessThanOrEqual(now);
      expect(now - ts).toBeLessThan(interval);
      expect(((ts - offsetMs) % interval + interval) % interval).toBeLessThanOrEqual(1);
    }
  });

  it('use the interval in nanoseconds as Prometheus does (offset below the interval, not a multiple of 1 ms in general)', () => {
    const ns = groupOffsetNs('/etc/prometheus/rules.yml', 'node-exporter', 60 * SEC);
    expect(ns).toBeLessThan(60_000_000_000n);
    expect(ns).toBeGreaterThanOrEqual(0n);
  });

  it('differ between groups and are stable for one group', () => {
    const a = groupOffsetNs('rules.yml', 'a', 60 * SEC);
    expect(groupOffsetNs('rules.yml', 'a', 60 * SEC)).toBe(a);
    expect(groupOffsetNs('rules.yml', 'b', 60 * SEC)).not.toBe(a);
    expect(groupOffsetNs('other.yml', 'a', 60 * SEC)).not.toBe(a);
  });
});

