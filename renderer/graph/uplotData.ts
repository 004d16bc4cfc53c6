/**
 * Shapes a range-query result into uPlot's columnar form: one x column of step-aligned times
 * (seconds) and one y column per series, null where the series has no point (a gap).
 * Pure, so it is tested without a browser.
 */

import type { RangeSeries } from '../../shared/api/query';

export type AlignedData = [Float64Array, ...(number | null)[][]];

export function alignRangeResult(series: readonly RangeSeries[], startSec: number, endSec: number, stepSec: number): AlignedData {
  const n = Math.max(0, Math.floor((endSec - startSec) / stepSec + 1e-9) + 1);
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = startSec + i * stepSec;
  const cols: (number | null)[][] = [];
  for (const s of series) {
    const ys: (number | null)[] = new Array(n).fill(null);
    for (const [t, v] of s.values) {
      const i = Math.round((t - startSec) / stepSec);
      if (i < 0 || i >= n) continue;
      const f = parseFloat(v);
      ys[i] = Number.isFinite(f) ? f : null;
    }
    cols.push(ys);
  }
  return [xs, ...cols];
}

/** `name{a="b", c="d"}` for legends and tables. */
export function seriesName(metric: Record<string, string>): string {
  const name = metric['__name__'] ?? '';
  const labels = Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort()
    .map((k) => `${k}="${metric[k]}"`);
  return labels.length === 0 ? name || '{}' : `${name}{${labels.join(', ')}}`;
}
