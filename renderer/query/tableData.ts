/**
 * Shaping of instant-query results for the table: rows, sorting, and the summary line. Pure.
 */

import type { Metric, QueryData, QueryStats, SamplePair } from '../../shared/api/query';
import { formatSeries } from '../lib/labels';

export type SortKey = 'none' | 'series' | 'value';
export type SortDir = 'asc' | 'desc';

export interface TableRow {
  metric: Metric;
  /** The label set as text, for sorting and copying. */
  text: string;
  /** A vector's single value, or a range vector's values. */
  values: SamplePair[];
}

/** Rows of a vector or matrix result, in the order the API returned them. */
export function tableRows(data: QueryData): TableRow[] {
  if (data.resultType === 'vector') return data.result.map((s) => ({ metric: s.metric, text: formatSeries(s.metric), values: [s.value] }));
  if (data.resultType === 'matrix') return data.result.map((s) => ({ metric: s.metric, text: formatSeries(s.metric), values: s.values }));
  return [];
}

/** A sample value as a number for sorting; NaN sorts last in both directions. */
function num(v: string | undefined): number {
  if (v === undefined) return NaN;
  if (v === '+Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return Number(v);
}

export function sortRows(rows: readonly TableRow[], key: SortKey, dir: SortDir): TableRow[] {
  if (key === 'none') return rows.slice();
  const sign = dir === 'asc' ? 1 : -1;
  const out = rows.slice();
  if (key === 'series') out.sort((a, b) => sign * a.text.localeCompare(b.text, undefined, { numeric: true }));
  else
    out.sort((a, b) => {
      const x = num(a.values[a.values.length - 1]?.[1]);
      const y = num(b.values[b.values.length - 1]?.[1]);
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
      if (Number.isNaN(y)) return -1;
      return sign * (x - y);
    });
  return out;
}

/** The next sort state when a header is clicked: off → asc (desc for values) → the other → off. */
export function nextSort(cur: { key: SortKey; dir: SortDir }, key: Exclude<SortKey, 'none'>): { key: SortKey; dir: SortDir } {
  const first: SortDir = key === 'value' ? 'desc' : 'asc';
  if (cur.key !== key) return { key, dir: first };
  if (cur.dir === first) return { key, dir: first === 'asc' ? 'desc' : 'asc' };
  return { key: 'none', dir: 'asc' };
}

/** "3 series", "1 series, 60 samples", "scalar" … for the result header. */
export function resultSummary(data: QueryData): string {
  switch (data.resultType) {
    case 'vector':
      return `${data.result.length} series`;
    case 'matrix': {
      let n = 0;
      for (const s of data.result) n += s.values.length;
      return `${data.result.length} series, ${n} samples`;
    }
    case 'scalar':
      return 'scalar';
    case 'string':
      return 'string';
  }
}

/**
 * "evaluated in 2.7 ms, 1,234 samples · 15 ms total" from the engine's statistics and the
 * round trip the console saw; just the round trip when the server sent no statistics.
 */
export function timingText(stats: QueryStats | undefined, roundTripMs: number): string {
  const total = `${Math.round(roundTripMs)} ms`;
  if (!stats) return total;
  const evalMs = stats.timings.evalTotalTime * 1000;
  const evalText = evalMs < 10 ? evalMs.toFixed(1) : String(Math.round(evalMs));
  return `evaluated in ${evalText} ms, ${stats.samples.totalQueryableSamples.toLocaleString('en-US')} samples · ${total} total`;
}
