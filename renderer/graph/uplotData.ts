/**
 * Shapes a range-query result into uPlot's columnar form: one x column of step-aligned times
 * (seconds) and one y column per series, null where the series has no point (a gap), and
 * stacks columns for the stacked display. Pure, so it is tested without a browser.
 */

import type { RangeSeries } from '../../shared/api/query';
import { formatSeries } from '../lib/labels';

export type Column = (number | null)[];
export type AlignedData = [Float64Array, ...Column[]];

/**
 * Aligns every series on the grid startSec + k·stepSec. Values that are not finite (NaN,
 * ±Inf) become gaps, as a graph cannot draw them. Cost: one pass over the samples.
 */
export function alignRangeResult(series: readonly RangeSeries[], startSec: number, endSec: number, stepSec: number): AlignedData {
  const n = Math.max(0, Math.floor((endSec - startSec) / stepSec + 1e-9) + 1);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = startSec + i * stepSec;
  const out: AlignedData = [xs];
  for (let s = 0; s < series.length; s++) {
    const values = series[s]!.values;
    const ys: Column = new Array<number | null>(n).fill(null);
    for (let k = 0; k < values.length; k++) {
      const pair = values[k]!;
      const i = Math.round((pair[0] - startSec) / stepSec);
      if (i < 0 || i >= n) continue;
      const f = +pair[1];
      ys[i] = f === f && f !== Infinity && f !== -Infinity ? f : null;
    }
    out.push(ys);
  }
  return out;
}

/**
 * Cumulative sums of the visible series, in order, for a stacked graph: a point is null when
 * the series itself has no value there (so gaps stay gaps), and missing values of the series
 * below count as 0. Hidden series are returned unchanged.
 */
export function stackData(data: AlignedData, visible: readonly boolean[]): AlignedData {
  const n = data[0].length;
  const acc = new Float64Array(n);
  const out: AlignedData = [data[0]];
  for (let s = 1; s < data.length; s++) {
    const col = data[s] as Column;
    if (visible[s - 1] === false) {
      out.push(col);
      continue;
    }
    const st: Column = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const v = col[i];
      if (v === null || v === undefined) st[i] = null;
      else {
        acc[i] = acc[i]! + v;
        st[i] = acc[i]!;
      }
    }
    out.push(st);
  }
  return out;
}

/** `name{a="b", c="d"}` for legends and tables. */
export function seriesName(metric: Record<string, string>): string {
  return formatSeries(metric);
}

export interface TooltipRow {
  index: number;
  value: number;
}

/** The visible series with a value at point `idx`, largest first, at most `max` of them. */
export function tooltipRows(data: AlignedData, idx: number, visible: readonly boolean[], max: number): { rows: TooltipRow[]; more: number } {
  const rows: TooltipRow[] = [];
  for (let s = 1; s < data.length; s++) {
    if (visible[s - 1] === false) continue;
    const v = (data[s] as Column)[idx];
    if (v !== null && v !== undefined) rows.push({ index: s - 1, value: v });
  }
  rows.sort((a, b) => b.value - a.value);
  return { rows: rows.slice(0, max), more: Math.max(0, rows.length - max) };
}

/** Visibility after a legend click: plain click isolates (or shows all again), modifier toggles. */
export function legendClick(visible: readonly boolean[], i: number, toggle: boolean): boolean[] {
  if (toggle) {
    const next = visible.slice();
    next[i] = !next[i];
    return next;
  }
  const isolated = visible[i] === true && visible.every((v, j) => v === (j === i));
  return visible.map((_, j) => isolated || j === i);
}
