/** promtool's printing: Go's labels, floats and durations. */

import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { alertsListing, goDuration, goFloatE, goLabels, indentLines, samplesListing } from '../../../../../electron/core/rules/unittest/format.js';

describe('promtool formatting', () => {
  it('prints labels as Go does, __name__ inside the braces', () => {
    expect(goLabels(Labels.fromObject({ __name__: 'test', a: 'x"y' }))).toBe('{__name__="test", a="x\\"y"}');
    expect(goLabels(Labels.EMPTY)).toBe('{}');
    expect(goLabels(Labels.fromObject({ 'a.b': '1' }))).toBe('{"a.b"="1"}');
  });

  it.each([
    [1, '1E+00'],
    [0, '0E+00'],
    [0.5, '5E-01'],
    [1704067200, '1.7040672E+09'],
    [-3.25e-12, '-3.25E-12'],
    [1e100, '1E+100'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [2.9999999999999996, '2.9999999999999996E+00'],
  ])('formats %s as strconv.FormatFloat(v, E, -1, 64)', (v, s) => {
    expect(goFloatE(v)).toBe(s);
  });

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [60_000, '1m0s'],
    [3_600_000, '1h0m0s'],
    [179_999, '2m59.999s'],
    [1_500, '1.5s'],
    [86_400_000, '24h0m0s'],
  ])('formats %s ms as time.Duration', (ms, s) => {
    expect(goDuration(ms)).toBe(s);
  });

  it('lists alerts as promtool does', () => {
    const l = alertsListing([
      { labels: Labels.fromObject({ alertname: 'A' }), annotations: Labels.EMPTY },
      { labels: Labels.fromObject({ alertname: 'A', job: 'j' }), annotations: Labels.fromObject({ s: 'x' }) },
    ]);
    expect(indentLines(l, '    ')).toBe(
      ['[', '    0:', '      Labels:{alertname="A"}', '      Annotations:{},', '    1:', '      Labels:{alertname="A", job="j"}', '      Annotations:{s="x"}', '    ]'].join('\n'),
    );
    expect(alertsListing([])).toBe('[]');
  });

  it('lists samples as promtool does', () => {
    expect(samplesListing([])).toBe('nil');
    expect(samplesListing([{ labels: Labels.fromObject({ __name__: 't' }), value: 1 }, { labels: Labels.EMPTY, value: 2 }])).toBe('{__name__="t"} 1E+00, {} 2E+00');
  });
});
