import { describe, expect, it } from 'vitest';
import { autoStepMs, effectiveStepMs, parseRange, queryWindow, stepPreset } from '../../../../renderer/query/timeRange.js';

describe('time ranges', () => {
  it('picks nice steps near range/250', () => {
    expect(autoStepMs(3600e3)).toBe(15_000);
    expect(autoStepMs(15 * 60e3)).toBe(5_000);
    expect(autoStepMs(7 * 86400e3)).toBe(3600e3);
    expect(autoStepMs(60e3)).toBe(1_000);
    expect(autoStepMs(365 * 86400e3)).toBe(2 * 86400e3);
  });

  it('raises a fixed step that would exceed 11,000 points', () => {
    expect(effectiveStepMs(86400e3, 1000)).toBe(8000);
    expect(effectiveStepMs(3600e3, 1000)).toBe(1000);
  });

  it('puts points on step multiples, the last at or just after now', () => {
    const w = queryWindow(3600e3, null, null, 1_700_000_007_123);
    expect(w.stepMs).toBe(15_000);
    expect(w.startMs % 15_000).toBe(0);
    expect(w.endMs % 15_000).toBe(0);
    expect(w.endMs).toBeGreaterThanOrEqual(1_700_000_007_123);
    expect(w.endMs - 1_700_000_007_123).toBeLessThan(15_000);
    expect(w.endMs - w.startMs).toBe(3600e3);
    expect(queryWindow(600e3, 1_000_000_000, 60_000, 0).endMs).toBe(1_000_000_000);
  });

  it('parses typed ranges and steps through presets', () => {
    expect(parseRange('90m')).toBe(5400e3);
    expect(parseRange(' 2d12h ')).toBe(60 * 3600e3);
    expect(parseRange('0s')).toBeNull();
    expect(parseRange('soon')).toBeNull();
    expect(stepPreset(3600e3, 1)).toBe(3 * 3600e3);
    expect(stepPreset(3600e3, -1)).toBe(30 * 60e3);
    expect(stepPreset(100 * 86400e3 * 5, 1)).toBe(1000 * 86400e3);
  });
});
