/**
 * /api/v1/metadata (metric metadata merged over targets) and /api/v1/targets/metadata
 * (per target), from what the scrape loops last saw.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#querying-metric-metadata
 */

import type { Matcher } from '../../model/matcher.js';
import { parseMetricSelector } from '../../promql/parser/index.js';
import type { ApiDeps } from '../deps.js';
import { readParams, type Params } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';

interface Meta {
  type: string;
  help: string;
  unit: string;
}

/** An optional integer parameter, -1 when absent; Prometheus's wording when it is not a number. */
function intParam(p: Params, name: string): number {
  const s = p.get(name);
  if (s === null || s === '') return -1;
  if (!/^[+-]?\d+$/.test(s)) throw new ApiError('bad_data', `${name} must be a number`);
  return Number(s);
}

export function metadataHandlers(deps: ApiDeps) {
  return {
    async metadata(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const limit = intParam(p, 'limit');
      const perMetric = intParam(p, 'limit_per_metric');
      const metric = p.get('metric') ?? '';
      // Distinct (type, help, unit) per metric family, first seen first.
      const byName = new Map<string, Map<string, Meta>>();
      for (const t of deps.scrape?.metadata() ?? []) {
        for (const m of t.metadata) {
          if (metric !== '' && m.metric !== metric) continue;
          let set = byName.get(m.metric);
          if (perMetric > 0 && set && set.size >= perMetric) continue;
          if (!set) byName.set(m.metric, (set = new Map()));
          set.set(`${m.type}\xff${m.help}\xff${m.unit}`, { type: m.type, help: m.help, unit: m.unit });
        }
      }
      const out: Record<string, Meta[]> = {};
      let n = 0;
      for (const name of [...byName.keys()].sort()) {
        if (limit >= 0 && n >= limit) break;
        const list = [...byName.get(name)!.values()];
        out[name] = perMetric > 0 ? list.slice(0, perMetric) : list;
        n++;
      }
      sendSuccess(ctx.req, ctx.res, out);
    },

    async targetMetadata(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const limit = intParam(p, 'limit');
      const matchTarget = p.get('match_target') ?? '';
      let matchers: Matcher[] = [];
      if (matchTarget !== '') {
        try {
          matchers = parseMetricSelector(matchTarget);
        } catch (e) {
          throw new ApiError('bad_data', `invalid parameter "match_target": ${(e as Error).message}`);
        }
      }
      const metric = p.get('metric') ?? '';
      const out: Array<{ target: Record<string, string>; metric?: string; type: string; help: string; unit: string }> = [];
      for (const t of deps.scrape?.metadata() ?? []) {
        if (limit >= 0 && out.length >= limit) break;
        if (!matchers.every((m) => m.matches(t.target[m.name] ?? ''))) continue;
        for (const m of t.metadata) {
          if (metric === '') out.push({ target: t.target, metric: m.metric, type: m.type, help: m.help, unit: m.unit });
          // With a metric named, Prometheus leaves the name out of each entry.
          else if (m.metric === metric) out.push({ target: t.target, type: m.type, help: m.help, unit: m.unit });
        }
      }
      sendSuccess(ctx.req, ctx.res, out);
    },
  };
}
