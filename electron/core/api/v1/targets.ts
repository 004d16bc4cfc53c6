/**
 * /api/v1/targets (with `state` and `scrapePool` filters) and /api/v1/scrape_pools.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#targets
 */

import type { ActiveTarget, DroppedTarget, TargetsData } from '../../../../shared/api/targets.js';
import type { ApiDeps } from '../deps.js';
import { readParams } from '../params.js';
import { sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';

/** Go's zero time, which Prometheus prints for a target never scraped. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

export function targetHandlers(deps: ApiDeps) {
  return {
    async targets(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const pool = p.get('scrapePool') ?? '';
      const state = (p.get('state') ?? '').toLowerCase();
      // Other values are ignored (both lists shown), as Prometheus does.
      const known = state === 'active' || state === 'dropped';
      const showActive = !known || state === 'active';
      const showDropped = !known || state === 'dropped';
      const snap = deps.scrape?.targets() ?? { active: [], dropped: [], droppedCounts: {} };
      const data: TargetsData = { activeTargets: [], droppedTargets: [], droppedTargetCounts: {} };
      if (showActive) {
        for (const t of snap.active) {
          if (pool !== '' && t.scrapePool !== pool) continue;
          const a: ActiveTarget = {
            discoveredLabels: t.discoveredLabels,
            labels: t.labels,
            scrapePool: t.scrapePool,
            scrapeUrl: t.scrapeUrl,
            globalUrl: t.globalUrl,
            lastError: t.lastError,
            lastScrape: t.lastScrape > 0 ? new Date(t.lastScrape).toISOString() : ZERO_TIME,
            lastScrapeDuration: t.lastScrapeDuration,
            health: t.health,
            scrapeInterval: t.scrapeInterval,
            scrapeTimeout: t.scrapeTimeout,
          };
          data.activeTargets.push(a);
        }
      }
      if (showDropped) {
        for (const t of snap.dropped) {
          if (pool !== '' && t.scrapePool !== pool) continue;
          const d: DroppedTarget = { discoveredLabels: t.discoveredLabels, scrapePool: t.scrapePool };
          data.droppedTargets.push(d);
        }
        data.droppedTargetCounts = snap.droppedCounts;
      }
      // Without the dropped list, Prometheus leaves the counts null.
      sendSuccess(ctx.req, ctx.res, showDropped ? data : { ...data, droppedTargetCounts: null });
    },

    scrapePools(ctx: RequestContext): void {
      sendSuccess(ctx.req, ctx.res, { scrapePools: deps.scrape?.scrapePools() ?? [] });
    },
  };
}
