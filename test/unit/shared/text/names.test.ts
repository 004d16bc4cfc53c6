import { describe, expect, it } from 'vitest';
import {
  isLegacyLabelName,
  isLegacyMetricName,
  isUtf8Name,
  isValidLabelName,
  isValidMetricName,
  isValidUtf8,
  LEGACY_METRIC_NAME_PATTERN,
  promqlLabelName,
} from '../../../../shared/text/names.js';

// Expectations follow Prometheus's model.IsValidLegacyMetricName, LabelName.IsValid under
// the legacy and UTF-8 schemes, and utf8.ValidString.

describe('legacy names', () => {
  it.each([
    ['up', true, true],
    ['_x', true, true],
    ['a1_B2', true, true],
    ['job:rate5m', true, false],
    [':x', true, false],
    ['1x', false, false],
    ['', false, false],
    ['a-b', false, false],
    ['a.b', false, false],
    ['é', false, false],
    ['a b', false, false],
    ['a\n', false, false],
  ])('%j: metric %s, label %s', (name, metric, label) => {
    expect(isLegacyMetricName(name)).toBe(metric);
    expect(isLegacyLabelName(name)).toBe(label);
    expect(isValidMetricName(name, 'legacy')).toBe(metric);
    expect(isValidLabelName(name, 'legacy')).toBe(label);
  });
});

describe('UTF-8 names', () => {
  it.each([
    ['up', true],
    ['1x', true],
    ['a.b-c', true],
    ['日本語', true],
    ['😀', true],
    ['a\nb', true],
    ['', false],
    ['\ud800', false],
    ['a\udc80', false],
    ['\ude00\ud83d', false],
  ])('%j valid: %s', (name, want) => {
    expect(isUtf8Name(name)).toBe(want);
    expect(isValidMetricName(name, 'utf8')).toBe(want);
    expect(isValidLabelName(name, 'utf8')).toBe(want);
  });

  it('isValidUtf8 accepts the empty string and pairs, refuses lone surrogates anywhere', () => {
    expect(isValidUtf8('')).toBe(true);
    expect(isValidUtf8('x\ud83d\ude00y')).toBe(true);
    expect(isValidUtf8('x\ud83d')).toBe(false);
    expect(isValidUtf8('x\ud83dy')).toBe(false);
  });
});

describe('promqlLabelName', () => {
  it('quotes only names outside the legacy label pattern, with strconv.Quote', () => {
    expect(promqlLabelName('job')).toBe('job');
    expect(promqlLabelName('a:b')).toBe('"a:b"');
    expect(promqlLabelName('a.b')).toBe('"a.b"');
    expect(promqlLabelName('tab\there')).toBe('"tab\\there"');
  });

  it('exports a pattern scanners can reuse', () => {
    const found = 'rate(http_requests_total[5m]) / job:up:sum'.match(new RegExp(LEGACY_METRIC_NAME_PATTERN, 'g'));
    expect(found).toEqual(['rate', 'http_requests_total', 'm', 'job:up:sum']);
  });
});
