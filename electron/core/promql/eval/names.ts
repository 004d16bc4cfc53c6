/**
 * Delayed name removal: series flagged to lose __name__ drop it (and the other metadata
 * labels) at the end of an evaluation, and series that become equal are merged.
 */

import { QueryError } from '../value.js';
import { METADATA_LABELS } from './binary.js';
import type { StepSeries } from './types.js';
import { newStepSeries } from './types.js';

/**
 * Drops __name__ (and the other metadata labels) from series flagged to lose it, merging
 * series that become equal; returns the input array itself when nothing was flagged.
 */
export function dropNames(series: StepSeries[], n: number): StepSeries[] {
  let changed = false;
  const out = series.map((s) => {
    if (!s.dropName) return s;
    changed = true;
    return { labels: s.labels.without(METADATA_LABELS), dropName: false, v: s.v, has: s.has };
  });
  return changed ? mergeSameLabels(out, n) : series;
}

/** Merges series with equal labels; values at the same step are an error. */
export function mergeSameLabels(series: StepSeries[], n: number): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  let dup = false;
  for (const s of series) {
    if (byKey.has(s.labels.key)) {
      dup = true;
      break;
    }
    byKey.set(s.labels.key, s);
  }
  if (!dup) return series;
  byKey.clear();
  const out: StepSeries[] = [];
  for (const s of series) {
    const d = byKey.get(s.labels.key);
    if (!d) {
      const c = newStepSeries(s.labels, n, s.dropName);
      c.v.set(s.v);
      c.has.set(s.has);
      byKey.set(s.labels.key, c);
      out.push(c);
      continue;
    }
    for (let k = 0; k < n; k++) {
      if (s.has[k] === 0) continue;
      if (d.has[k] !== 0) throw new QueryError('execution', 'vector cannot contain metrics with the same labelset');
      d.v[k] = s.v[k]!;
      d.has[k] = 1;
    }
    if (s.dropName) d.dropName = true;
  }
  return out;
}
