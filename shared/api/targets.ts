/**
 * Payload of /api/v1/targets.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#targets
 */

export type TargetHealth = 'up' | 'down' | 'unknown';

export interface ActiveTarget {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  globalUrl: string;
  lastError: string;
  /** RFC 3339 */
  lastScrape: string;
  /** seconds */
  lastScrapeDuration: number;
  health: TargetHealth;
  scrapeInterval: string;
  scrapeTimeout: string;
}

export interface DroppedTarget {
  discoveredLabels: Record<string, string>;
  scrapePool?: string;
}

export interface TargetsData {
  activeTargets: ActiveTarget[];
  droppedTargets: DroppedTarget[];
  /** null when the request asked for active targets only. */
  droppedTargetCounts: Record<string, number> | null;
}
