/**
 * Shapes a range-query result into uPlot's columnar form: one x column of step-aligned times
 * (seconds) and one y column per series, null where the series has no point (a gap), and
 * stacks columns for the stacked display. Pure, so it is tested without a browser.
 */

import type { ColumnSeries } from '../api/matrixParser';
import { formatSeries } from '../lib/labels';

/**
 * One y column. A series without gaps is a Float64Array (no boxed numbers, nothing for the GC);
 * one with gaps is an array with null where a point is missing, which is how uPlot draws gaps.
 */
export type Column = Float64Array | (number | null)[];
export type AlignedData = [Float64Array, ...Column[]];

export interface Aligned {
  data: AlignedData;
  /** Per series: true when most of its points have no neighbour, so points must be drawn to be seen. */
  sparse: boolean[];
}

/**
 * Aligns every series on the grid startSec + k·stepSec. Values that are not finite (NaN,
 * ±Inf) become gaps, as a graph cannot draw them. Cost: one pass over the samples, plus one
 * over each column to find sparse series.
 */
export function alignColumns(series: readonly ColumnSeries[], startSec: number, endSec: number, stepSec: number): Aligned {
  const n = Math.max(0, Math.floor((endSec - startSec) / stepSec + 1e-9) + 1);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = startSec + i * stepSec;
  const data: AlignedData = [xs];
  const sparse: boolean[] = [];
  for (let s = 0; s < series.length; s++) {
    const { times, values } = series[s]!;
    const ys = new Float64Array(n).fill(NaN);
    for (let k = 0; k < times.length; k++) {
      const i = Math.round((times[k]! - startSec) / stepSec);
      if (i < 0 || i >= n) continue;
      const f = values[k]!;
      // Infinities cannot be drawn: they are gaps like missing points.
      ys[i] = f === Infinity || f === -Infinity ? NaN : f;
    }
    let present = 0;
    let lone = 0;
    for (let i = 0; i < n; i++) {
      if (ys[i] !== ys[i]) continue;
      present++;
      if ((i === 0 || ys[i - 1] !== ys[i - 1]) && (i === n - 1 || ys[i + 1] !== ys[i + 1])) lone++;
    }
    sparse.push(present > 0 && lone * 4 >= present);
    if (present === n) data.push(ys);
    else {
      const col: (number | null)[] = new Array<number | null>(n);
      for (let i = 0; i < n; i++) col[i] = ys[i] === ys[i] ? ys[i]! : null;
      data.push(col);
    }
  }
  return { data, sparse };
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
    if (col instanceof Float64Array) {
      const st = new Float64Array(n);
      for (let i = 0; i < n; i++) st[i] = acc[i] = acc[i]! + col[i]!;
      out.push(st);
      continue;
    }
    const st: (number | null)[] = new Array<number | null>(n);
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

/**
 * Series names without what every series shares (the metric name, common labels), for places
 * too narrow for the whole set, such as the tooltip: `{instance="a", shard="3"}`. A single
 * series, or series that differ in nothing, keep their full names.
 */
export function shortSeriesNames(metrics: ReadonlyArray<Record<string, string>>): string[] {
  if (metrics.length < 2) return metrics.map((m) => formatSeries(m));
  const first = metrics[0]!;
  const common = new Set(Object.keys(first).filter((k) => metrics.every((m) => m[k] === first[k])));
  return metrics.map((m) => {
    const rest: Record<string, string> = {};
    for (const k of Object.keys(m)) if (!common.has(k)) rest[k] = m[k]!;
    return Object.keys(rest).length === 0 ? formatSeries(m) : formatSeries(rest);
  });
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
