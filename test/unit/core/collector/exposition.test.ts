import { describe, expect, it } from 'vitest';
import { formatLabels, renderFamilies } from '../../../../electron/core/collector/exposition.js';

describe('escaping', () => {
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
