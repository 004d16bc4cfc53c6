/** input_series expansion and lazy loading. */

import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { Matcher } from '../../../../../electron/core/model/matcher.js';
import { expandInputSeries, InputSeriesError } from '../../../../../electron/core/rules/unittest/inputSeries.js';
import { MemoryStorage } from '../../../../../electron/core/storage/memory.js';

function dump(store: MemoryStorage, name: string): Array<[number, number | 'stale']> {
  const q = store.querier(-1e15, 1e15);
  const out: Array<[number, number | 'stale']> = [];
  for (const s of q.select(true, null, new Matcher('=', '__name__', name))) {
    const a = s.samples;
    for (let i = 0; i < a.length; i++) out.push([a.t[i]!, a.stale?.[i] ? 'stale' : a.v[i]!]);
  }
  return out;
}

describe('expandInputSeries', () => {
  it('expands the notation with gaps and staleness markers, from the start time', () => {
    const store = new MemoryStorage();
    const l = expandInputSeries(
      [
        { series: 'a', values: '1+2x2 5-1x1 3x1 _ _x2 stale 7', line: 1 },
        { series: 'b{x="y"}', values: '-2+4x1', line: 2 },
      ],
      1000,
      60_000,
    );
    l.appendTill(store, Infinity);
    const t = (i: number) => 1000 + i * 60_000;
    expect(dump(store, 'a')).toEqual([
      [t(0), 1],
      [t(1), 3],
      [t(2), 5],
      [t(3), 5],
      [t(4), 4],
      [t(5), 3],
      [t(6), 3],
      [t(10), 'stale'],
      [t(11), 7],
    ]);
    expect(dump(store, 'b')).toEqual([
      [t(0), -2],
      [t(1), 2],
    ]);
  });

  it('appends only up to the time asked, then the rest', () => {
    const store = new MemoryStorage();
    const l = expandInputSeries([{ series: 'a', values: '0 1 2 3', line: 1 }], 0, 1000);
    l.appendTill(store, 1500);
    expect(dump(store, 'a').map((x) => x[0])).toEqual([0, 1000]);
    l.appendTill(store, 1500);
    l.appendTill(store, 3000);
    expect(dump(store, 'a').map((x) => x[0])).toEqual([0, 1000, 2000, 3000]);
  });

  it('keeps the last values of a series listed twice', () => {
    const store = new MemoryStorage();
    expandInputSeries([{ series: 'a', values: '1 1', line: 1 }, { series: 'a', values: '9', line: 2 }], 0, 1000).appendTill(store, Infinity);
    expect(dump(store, 'a')).toEqual([[0, 9]]);
  });

  it('fails a bad series with the parser position', () => {
    expect(() => expandInputSeries([{ series: 'up{job="x"', values: '0+0x3', line: 1 }], 0, 1000)).toThrow(InputSeriesError);
    expect(() => expandInputSeries([{ series: 'up{job="x"', values: '0+0x3', line: 1 }], 0, 1000)).toThrow(/^1:\d+: parse error/);
  });

  it('names native histogram series as unsupported', () => {
    expect(() => expandInputSeries([{ series: 'h', values: '{{sum:3 count:2 buckets:[2]}}', line: 1 }], 0, 1000)).toThrow(/input_series "h": .*native histogram/);
  });

  it('has the labels it was given', () => {
    const store = new MemoryStorage();
    expandInputSeries([{ series: '{__name__="a", b="c"}', values: '1', line: 1 }], 0, 1000).appendTill(store, 0);
    const s = store.querier(0, 0).select(true, null, new Matcher('=', '__name__', 'a'));
    expect(s[0]!.labels.equals(Labels.fromObject({ __name__: 'a', b: 'c' }))).toBe(true);
  });
});

describe('expandInputSeries bounds', () => {
  it('refuses series that would expand past the limit, before expanding them', () => {
    const t0 = performance.now();
    expect(() => expandInputSeries([{ series: 'a', values: '0+1x1000000000', line: 1 }], 0, 1000)).toThrow('input_series "a": the test group\'s input series expand to more than 20000000 samples');
    expect(() => expandInputSeries([{ series: 'a', values: '1x5 2x5', line: 1 }, { series: 'b', values: '0 0', line: 2 }], 0, 1000, 13)).toThrow(/input_series "b"/);
    expect(() => expandInputSeries([{ series: 'a', values: '1x5 2x5', line: 1 }], 0, 1000, 12)).not.toThrow();
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
