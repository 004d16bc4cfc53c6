import { describe, expect, it } from 'vitest';
import { axisSize, buildOptions, seriesColor, stackedRange, withAlpha } from '../../../../renderer/graph/uplotOptions.js';

const base = { width: 800, height: 300, dark: false, unit: 'none' as const };

describe('buildOptions', () => {
  it('makes one uPlot series per result series, visibility applied, gaps kept', () => {
    const o = buildOptions({ ...base, names: ['a', 'b'], stacked: false, visible: [true, false] });
    expect(o.series.length).toBe(3);
    expect(o.series[1]!.label).toBe('a');
    expect(o.series[2]!.show).toBe(false);
    expect(o.series[1]!.spanGaps).toBe(false);
    expect(o.bands).toEqual([]);
    expect(o.cursor?.drag?.setScale).toBe(false);
  });

  it('stacks with bands between each visible series and the visible one below it', () => {
    const o = buildOptions({ ...base, names: ['a', 'b', 'c'], stacked: true, visible: [true, false, true] });
    expect(o.bands!.map((b) => b.series)).toEqual([[3, 1]]);
    expect(o.series[1]!.fill).toBe('rgba(25, 113, 194, 0.3)');
    expect(o.series[1]!.fillTo).toBe(0);
    expect(o.scales!['y']!.range).toBeTypeOf('function');
  });

  it('keeps zero in view on stacked graphs', () => {
    expect(stackedRange(1, 2)).toEqual([0, 2.1]);
    expect(stackedRange(-2, 2)).toEqual([-2.2, 2.2]);
    expect(stackedRange(null, null)).toEqual([0, 1.05]);
  });

  it('formats the value axis in the unit', () => {
    const o = buildOptions({ ...base, unit: 'bytes', names: ['a'], stacked: false, visible: [true] });
    const values = o.axes![1]!.values as (u: unknown, splits: number[]) => string[];
    expect(values(null, [0, 2048])).toEqual(['0 B', '2 KiB']);
  });

  it('reports a dragged interval as a zoom in ms and clears the selection', () => {
    let zoom: [number, number] | null = null;
    const o = buildOptions({ ...base, names: ['a'], stacked: false, visible: [true], onZoom: (a, b) => (zoom = [a, b]) });
    let cleared = false;
    const u = { select: { left: 10, width: 50 }, posToVal: (px: number) => px * 2, setSelect: () => (cleared = true) };
    (o.hooks!.setSelect![0] as (u: unknown) => void)(u);
    expect(zoom).toEqual([20000, 120000]);
    expect(cleared).toBe(true);
  });
});

describe('axisSize', () => {
  it('grows with the longest tick label', () => {
    expect(axisSize(['0', '1'])).toBe(40);
    expect(axisSize(['0 B', '95.4 MiB/s'])).toBe(90);
    expect(axisSize(null)).toBe(40);
  });
});

describe('colours', () => {
  it('are stable, distinct for the first series, and take alpha', () => {
    expect(seriesColor(0)).toBe('#1971c2');
    expect(new Set(Array.from({ length: 40 }, (_, i) => seriesColor(i))).size).toBe(40);
    expect(withAlpha('#ff0000', 0.5)).toBe('rgba(255, 0, 0, 0.5)');
    expect(withAlpha('hsl(10, 50%, 50%)', 0.3)).toBe('hsla(10, 50%, 50%, 0.3)');
  });
});
