import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../shared/duration.js';

describe('durations', () => {
  it('parses Prometheus durations', () => {
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('15s')).toBe(15_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1y2w3d')).toBe((365 + 14 + 3) * 86_400_000);
    expect(parseDuration('100ms')).toBe(100);
  });

  it('refuses malformed ones, naming the text', () => {
    for (const bad of ['', '5', '1.5h', 'm', '5m1h', '-5m', '5 m']) expect(() => parseDuration(bad)).toThrow(`"${bad}"`);
  });

  it('prints canonically', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(86_400_000 * 15)).toBe('2w1d');
    expect(formatDuration(1500)).toBe('1s500ms');
  });
});
