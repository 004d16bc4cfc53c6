import { describe, expect, it } from 'vitest';
import { DurationSyntaxError, formatDuration, parseDuration } from '../../../shared/duration.js';

describe('durations (model.ParseDuration / model.Duration.String)', () => {
  it('parses Prometheus durations', () => {
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('15s')).toBe(15_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('1y2w3d')).toBe((365 + 14 + 3) * 86_400_000);
    expect(parseDuration('100ms')).toBe(100);
  });

  it('refuses malformed ones with Prometheus wording, naming the text', () => {
    for (const bad of ['5', '1.5h', 'm', '5m1h', '-5m', '5 m']) {
      expect(() => parseDuration(bad)).toThrow(DurationSyntaxError);
      expect(() => parseDuration(bad)).toThrow(`"${bad}"`);
    }
    expect(() => parseDuration('')).toThrow('empty duration string');
    expect(() => parseDuration('5x')).toThrow('unknown unit "x" in duration "5x"');
    expect(() => parseDuration('999999999y')).toThrow('duration out of range');
  });

  it('prints canonically, years and weeks only when exact', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(86_400_000 * 15)).toBe('15d');
    expect(formatDuration(86_400_000 * 14)).toBe('2w');
    expect(formatDuration(1500)).toBe('1s500ms');
  });
});
