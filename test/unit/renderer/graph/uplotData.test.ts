import { describe, expect, it } from 'vitest';
import { columnsFromSeries } from '../../../../renderer/api/matrixParser.js';
import { alignColumns, legendClick, seriesName, shortSeriesNames, stackData, tooltipRows, type AlignedData } from '../../../../renderer/graph/uplotData.js';
import type { RangeSeries } from '../../../../shared/api/query.js';

const alignRangeResult = (series: RangeSeries[], start: number, end: number, step: number) => alignColumns(columnsFromSeries(series), start, end, step).data;

describe('alignColumns', () => {
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

  it('handles fractional-second grids and drops points outside the window', () => {
    const data = alignRangeResult([{ metric: {}, values: [[0.5, '1'], [1, '2'], [1.5, '3'], [9, '9']] }], 1, 2, 0.5);
    expect(Array.from(data[0])).toEqual([1, 1.5, 2]);
    expect(data[1]).toEqual([2, 3, null]);
  });

  it('shapes 200 series of 720 points into 200 full columns', () => {
    const values: Array<[number, string]> = Array.from({ length: 720 }, (_, i) => [1000 + i * 15, String(i)]);
    const series = Array.from({ length: 200 }, (_, s) => ({ metric: { i: String(s) }, values }));
    const data = alignRangeResult(series, 1000, 1000 + 719 * 15, 15);
    expect(data.length).toBe(201);
    expect(data[200]!.length).toBe(720);
    expect(data[200]).toBeInstanceOf(Float64Array); // no gaps: no boxed numbers
    expect((data[200] as number[])[719]).toBe(719);
  });

  it('flags series whose samples are mostly lone points', () => {
    const { sparse } = alignColumns(
      columnsFromSeries([
        { metric: {}, values: [[1, '1'], [3, '1'], [5, '1']] },
        { metric: {}, values: [[1, '1'], [2, '1'], [3, '1']] },
        { metric: {}, values: [] },
      ]),
      1,
      5,
      1,
    );
    expect(sparse).toEqual([true, false, false]);
  });

  it('names series like Prometheus prints them', () => {
    expect(seriesName({ __name__: 'up', job: 'x', a: 'b' })).toBe('up{a="b", job="x"}');
    expect(seriesName({})).toBe('{}');
    expect(seriesName({ __name__: 'my.metric', a: 'b' })).toBe('{"my.metric", a="b"}');
  });
});

describe('stackData', () => {
  const data: AlignedData = [new Float64Array([1, 2, 3]), [1, 2, null], [10, null, 30], [100, 200, 300]];

  it('accumulates visible series in order, keeping each series’ own gaps', () => {
    const s = stackData(data, [true, true, true]);
    expect(s[1]).toEqual([1, 2, null]);
    expect(s[2]).toEqual([11, null, 30]);
    expect(s[3]).toEqual([111, 202, 330]);
  });

  it('stacks gap-free typed columns into typed columns', () => {
    const typed: AlignedData = [new Float64Array([1, 2]), new Float64Array([1, 2]), new Float64Array([3, 4])];
    const s = stackData(typed, [true, true]);
    expect(s[2]).toBeInstanceOf(Float64Array);
    expect(Array.from(s[2]!)).toEqual([4, 6]);
  });

  it('leaves hidden series out of the sums', () => {
    const s = stackData(data, [true, false, true]);
    expect(s[2]).toBe(data[2]);
    expect(s[3]).toEqual([101, 202, 300]);
  });
});

describe('tooltipRows', () => {
  const data: AlignedData = [new Float64Array([1, 2]), [5, null], [7, 1], [3, 2]];
  it('lists visible series with a value, largest first, capped', () => {
    expect(tooltipRows(data, 0, [true, true, true], 10)).toEqual({ rows: [{ index: 1, value: 7 }, { index: 0, value: 5 }, { index: 2, value: 3 }], more: 0 });
    expect(tooltipRows(data, 1, [true, true, true], 1)).toEqual({ rows: [{ index: 2, value: 2 }], more: 1 });
    expect(tooltipRows(data, 0, [true, false, true], 10).rows.map((r) => r.index)).toEqual([0, 2]);
  });
});

describe('legendClick', () => {
  it('isolates on a plain click and restores all on a second click', () => {
    const iso = legendClick([true, true, true], 1, false);
    expect(iso).toEqual([false, true, false]);
    expect(legendClick(iso, 1, false)).toEqual([true, true, true]);
    expect(legendClick(iso, 0, false)).toEqual([true, false, false]);
  });
  it('toggles one series with a modifier', () => {
    expect(legendClick([true, true], 0, true)).toEqual([false, true]);
    expect(legendClick([false, true], 0, true)).toEqual([true, true]);
  });
});

describe('shortSeriesNames', () => {
  it('drops the metric name and labels every series shares', () => {
    expect(
      shortSeriesNames([
        { __name__: 'x', job: 'a', instance: '1', shard: '1' },
        { __name__: 'x', job: 'a', instance: '2', shard: '2' },
      ]),
    ).toEqual(['{instance="1", shard="1"}', '{instance="2", shard="2"}']);
    expect(shortSeriesNames([{ __name__: 'a', job: 'j' }, { __name__: 'b', job: 'j' }])).toEqual(['a', 'b']);
    expect(shortSeriesNames([{ __name__: 'x', job: 'a' }])).toEqual(['x{job="a"}']);
    expect(shortSeriesNames([{ job: 'a' }, { job: 'a' }])).toEqual(['{job="a"}', '{job="a"}']);
  });
});
