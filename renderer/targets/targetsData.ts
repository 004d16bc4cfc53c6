/**
 * The Targets page's shaping: active targets grouped by scrape pool, filtered by health and
 * text, with per-pool health counts. Pure.
 */

import type { ActiveTarget, TargetHealth, TargetsData } from '../../shared/api/targets';

export interface PoolGroup {
  pool: string;
  targets: ActiveTarget[];
  up: number;
  down: number;
  unknown: number;
  /** Targets of the pool before filtering. */
  total: number;
  dropped: number;
}

export type HealthFilter = Record<TargetHealth, boolean>;

export const ALL_HEALTH: HealthFilter = { up: true, down: true, unknown: true };

/** True when every term of `q` is in the target's endpoint, labels, or last error. */
export function matchesText(t: ActiveTarget, q: string): boolean {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const hay = [t.scrapeUrl, t.lastError, ...Object.entries(t.labels).map(([k, v]) => `${k}="${v}" ${k}=${v}`)].join(' ').toLowerCase();
  return terms.every((x) => hay.includes(x));
}

/** Pools in name order; each with its filtered targets (by endpoint) and counts over all its targets. */
export function groupTargets(data: TargetsData, health: HealthFilter, q: string): PoolGroup[] {
  const pools = new Map<string, PoolGroup>();
  const get = (pool: string) => {
    let g = pools.get(pool);
    if (!g) {
      g = { pool, targets: [], up: 0, down: 0, unknown: 0, total: 0, dropped: data.droppedTargetCounts?.[pool] ?? 0 };
      pools.set(pool, g);
    }
    return g;
  };
  for (const t of data.activeTargets) {
    const g = get(t.scrapePool);
    g.total++;
    g[t.health]++;
    if (health[t.health] && matchesText(t, q)) g.targets.push(t);
  }
  for (const g of pools.values()) g.targets.sort((a, b) => a.scrapeUrl.localeCompare(b.scrapeUrl));
  return [...pools.values()].sort((a, b) => a.pool.localeCompare(b.pool));
}

export function healthTone(h: TargetHealth): 'green' | 'red' | 'gray' {
  return h === 'up' ? 'green' : h === 'down' ? 'red' : 'gray';
}
