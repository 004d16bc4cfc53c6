import { describe, expect, it } from 'vitest';
import { MAX_TIME_MS, MIN_TIME_MS, parseDurationParam, parseTimeParam } from '../../../../electron/core/api/params.js';
import { ApiError } from '../../../../electron/core/api/respond.js';

describe('API parameters', () => {
  it('parses Unix seconds with fractions and RFC 3339', () => {
    expect(parseTimeParam('1435781451.781', 'time')).toBe(1435781451781);
    expect(parseTimeParam('2015-07-01T20:10:51.781Z', 'time')).toBe(1435781451781);
    expect(parseTimeParam('2015-07-01T22:10:51+02:00', 'time')).toBe(1435781451000);
    expect(parseTimeParam('9999-12-31T23:59:59Z', 'end')).toBe(MAX_TIME_MS);
    expect(parseTimeParam('-1e20', 'start')).toBe(MIN_TIME_MS);
  });

  it('refuses bad times with Prometheus wording', () => {
    expect(() => parseTimeParam('yesterday', 'time')).toThrow('invalid parameter "time": cannot parse "yesterday" to a valid timestamp');
    expect(() => parseTimeParam('yesterday', 'time')).toThrow(ApiError);
  });

  it('parses durations as float seconds or Prometheus durations', () => {
    expect(parseDurationParam('15', 'step')).toBe(15_000);
    expect(parseDurationParam('0.5', 'step')).toBe(500);
    expect(parseDurationParam('1m30s', 'step')).toBe(90_000);
    expect(() => parseDurationParam('abc', 'step')).toThrow('invalid parameter "step": cannot parse "abc" to a valid duration');
  });
});
