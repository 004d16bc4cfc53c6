import { describe, expect, it } from 'vitest';
import { alignRangeResult, seriesName } from '../../../../renderer/graph/uplotData.js';

describe('alignRangeResult', () => {
  it('aligns series on the step grid with nulls for gaps and non-finite values', () => {
    const data = alignRangeResult(
      [
        { metric: { __name__: 'a' }, values: [[100, '1'], [130, '4']] },
        { metric: { __name__: 'b' }, values: [[110, 'NaN'], [120, '+Inf'], [130, '2.5']] },
      ],
      100,
      130,
      10,
    );
    expect(Array.from(data[0])).toEqual([100, 110, 120, 130]);
    expect(data[1]).toEqual([1, null, null, 4]);
    expect(data[2]).toEqual([null, null, null, 2.5]);
  });

  it('names series like Prometheus prints them', () => {
    expect(seriesName({ __name__: 'up', job: 'x', a: 'b' })).toBe('up{a="b", job="x"}');
    expect(seriesName({})).toBe('{}');
  });
});
