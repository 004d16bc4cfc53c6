import { describe, expect, it } from 'vitest';
import {
  escapeHelp,
  escapeLabelValue,
  formatFloat,
  formatLabels,
  renderFamilies,
} from '../../../../electron/core/collector/exposition.js';

describe('formatFloat', () => {
  // Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints, as client_golang writes them.
  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1, '-1'],
    [100, '100'],
    [123456, '123456'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [16777216, '1.6777216e+07'],
    [1.053647872e9, '1.053647872e+09'],
    [403.98, '403.98'],
    [0.0001, '0.0001'],
    [0.00012345, '0.00012345'],
    [0.00001, '1e-05'],
    [0.1 + 0.2, '0.30000000000000004'],
    [45678 * 0.001, '45.678000000000004'],
    [1.7956272361688342e9, '1.7956272361688342e+09'],
    [-2.5, '-2.5'],
    [-1234567.5, '-1.2345675e+06'],
    [2 ** 53, '9.007199254740992e+15'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s → %s', (v, want) => {
    expect(formatFloat(v)).toBe(want);
  });

  it('round-trips every value it prints', () => {
    for (const v of [Math.PI, 1 / 3, 123.456e-7, 9.999999e5, 1.0000001e6, 2 ** -1074, Number.MAX_SAFE_INTEGER]) {
      expect(Number(formatFloat(v))).toBe(v);
    }
  });
});

describe('escaping', () => {
  it('escapes backslash and line feed in HELP, leaving quotes', () => {
    expect(escapeHelp('a\\b\nc "d"')).toBe('a\\\\b\\nc "d"');
  });

  it('escapes backslash, quote and line feed in label values', () => {
    expect(escapeLabelValue('C:\\dir "x"\ny')).toBe('C:\\\\dir \\"x\\"\\ny');
  });

  it('formats label sets with an extra label last', () => {
    expect(formatLabels([])).toBe('');
    expect(formatLabels([['a', '1'], ['b', 'q"']], ['le', '+Inf'])).toBe('{a="1",b="q\\"",le="+Inf"}');
  });
});

describe('renderFamilies', () => {
  it('sorts families and series as client_golang does, merges same-named families, drops duplicates and empty families', () => {
    const text = renderFamilies([
      {
        name: 'b_metric',
        help: 'B.',
        type: 'gauge',
        samples: [
          { labels: [['cpu', '2']], value: 2 },
          { labels: [['cpu', '10']], value: 10 },
          { labels: [['cpu', '1']], value: 1 },
          { labels: [['cpu', '1']], value: 99 },
        ],
      },
      { name: 'a_metric', help: 'A.', type: 'counter', samples: [{ labels: [], value: 1 }] },
      { name: 'b_metric', help: 'ignored', type: 'counter', samples: [{ labels: [['cpu', '0']], value: 0 }] },
      { name: 'c_empty', help: 'C.', type: 'gauge', samples: [] },
    ]);
    expect(text).toBe(
      [
        '# HELP a_metric A.',
        '# TYPE a_metric counter',
        'a_metric 1',
        '# HELP b_metric B.',
        '# TYPE b_metric gauge',
        'b_metric{cpu="0"} 0',
        'b_metric{cpu="1"} 1',
        'b_metric{cpu="10"} 10',
        'b_metric{cpu="2"} 2',
        '',
      ].join('\n'),
    );
  });
});
