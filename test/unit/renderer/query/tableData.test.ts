import { describe, expect, it } from 'vitest';
import type { QueryData } from '../../../../shared/api/query.js';
import { nextSort, resultSummary, sortRows, tableRows, timingText } from '../../../../renderer/query/tableData.js';

const vector: QueryData = {
  resultType: 'vector',
  result: [
    { metric: { __name__: 'up', job: 'b' }, value: [1, '1'] },
    { metric: { __name__: 'up', job: 'a10' }, value: [1, 'NaN'] },
    { metric: { __name__: 'up', job: 'a9' }, value: [1, '+Inf'] },
    { metric: { __name__: 'up', job: 'c' }, value: [1, '-3'] },
  ],
};

describe('table shaping', () => {
  it('keeps the API order until a header is clicked', () => {
    expect(tableRows(vector).map((r) => r.metric['job'])).toEqual(['b', 'a10', 'a9', 'c']);
  });

  it('sorts label sets naturally and values numerically with NaN last', () => {
    const rows = tableRows(vector);
    expect(sortRows(rows, 'series', 'asc').map((r) => r.metric['job'])).toEqual(['a9', 'a10', 'b', 'c']);
    expect(sortRows(rows, 'value', 'desc').map((r) => r.values[0]![1])).toEqual(['+Inf', '1', '-3', 'NaN']);
    expect(sortRows(rows, 'value', 'asc').map((r) => r.values[0]![1])).toEqual(['-3', '1', '+Inf', 'NaN']);
  });

  it('cycles sort states', () => {
    let s = nextSort({ key: 'none', dir: 'asc' }, 'value');
    expect(s).toEqual({ key: 'value', dir: 'desc' });
    s = nextSort(s, 'value');
    expect(s).toEqual({ key: 'value', dir: 'asc' });
    expect(nextSort(s, 'value').key).toBe('none');
    expect(nextSort(s, 'series')).toEqual({ key: 'series', dir: 'asc' });
  });

  it('summarises each result type', () => {
    expect(resultSummary(vector)).toBe('4 series');
    expect(resultSummary({ resultType: 'matrix', result: [{ metric: {}, values: [[1, '1'], [2, '2']] }] })).toBe('1 series, 2 samples');
    expect(resultSummary({ resultType: 'scalar', result: [1, '2'] })).toBe('scalar');
    expect(tableRows({ resultType: 'matrix', result: [{ metric: { a: 'b' }, values: [[1, '1']] }] })[0]!.text).toBe('{a="b"}');
  });
});

describe('timingText', () => {
  it('shows engine time and samples beside the round trip', () => {
    const stats = { timings: { evalTotalTime: 0.0027, resultSortTime: 0, queryPreparationTime: 0, innerEvalTime: 0.0027, execQueueTime: 0, execTotalTime: 0.003 }, samples: { totalQueryableSamples: 12345, peakSamples: 10 } };
    expect(timingText(stats, 14.6)).toBe('evaluated in 2.7 ms, 12,345 samples · 15 ms total');
    expect(timingText({ ...stats, timings: { ...stats.timings, evalTotalTime: 0.1234 } }, 130)).toBe('evaluated in 123 ms, 12,345 samples · 130 ms total');
    expect(timingText(undefined, 9.2)).toBe('9 ms');
  });
});
