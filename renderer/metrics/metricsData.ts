/**
 * The metrics explorer's rows: every metric name with its type, help and series count, from
 * label/__name__/values, metadata and the TSDB's cardinality statistics. Pure.
 */

import type { MetadataData } from '../../shared/api/metadata';
import type { TSDBStat } from '../../shared/api/status';

export interface MetricRow {
  name: string;
  /** counter, gauge, histogram, summary, info, stateset, unknown; '' when no target reported metadata. */
  type: string;
  help: string;
  unit: string;
  /** Series in the head block; null when the statistics do not list the name. */
  series: number | null;
}

/** Metadata is keyed by family name: histogram and summary series carry suffixes. */
const SUFFIXES = ['_bucket', '_count', '_sum', '_total', '_created', '_info', '_gsum', '_gcount'];

function familyOf(name: string, meta: MetadataData): string | null {
  if (meta[name]) return name;
  for (const s of SUFFIXES) if (name.endsWith(s) && meta[name.slice(0, -s.length)]) return name.slice(0, -s.length);
  return null;
}

export function metricRows(names: readonly string[], meta: MetadataData, counts: readonly TSDBStat[]): MetricRow[] {
  const byName = new Map(counts.map((c) => [c.name, c.value]));
  return names.map((name) => {
    const fam = familyOf(name, meta);
    const m = fam ? meta[fam]![0] : undefined;
    const suffix = fam && fam !== name ? name.slice(fam.length) : '';
    return {
      name,
      type: m ? (suffix && (m.type === 'histogram' || m.type === 'summary') ? `${m.type} ${suffix.slice(1)}` : m.type) : '',
      help: m?.help ?? '',
      unit: m?.unit ?? '',
      series: byName.get(name) ?? null,
    };
  });
}

export type MetricSort = 'name' | 'series';

/** Rows whose name or help contains every term of `q`; names matching first, then by `sort`. */
export function filterMetrics(rows: readonly MetricRow[], q: string, type: string, sort: MetricSort): MetricRow[] {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  const out = rows.filter((r) => {
    if (type !== '' && r.type.split(' ')[0] !== type) return false;
    const hay = `${r.name} ${r.help}`.toLowerCase();
    return terms.every((t) => hay.includes(t));
  });
  const inName = (r: MetricRow) => (terms.length > 0 && terms.every((t) => r.name.toLowerCase().includes(t)) ? 0 : 1);
  out.sort((a, b) => inName(a) - inName(b) || (sort === 'series' ? (b.series ?? -1) - (a.series ?? -1) : 0) || a.name.localeCompare(b.name));
  return out;
}
