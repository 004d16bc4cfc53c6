/**
 * /api/v1/query_exemplars. Hearth keeps no exemplars yet, so a valid query answers with an
 * empty list (as Prometheus with its exemplar storage off), and a bad one with Prometheus's
 * errors. Grafana calls this when its editor opens and needs it to succeed.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#querying-exemplars
 */

import { parseExpr, walk } from '../../promql/parser/index.js';
import type { ApiDeps } from '../deps.js';
import { MAX_TIME_MS, MIN_TIME_MS, readParams, timeParamOr } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';

export function exemplarHandlers(deps: ApiDeps) {
  return {
    async queryExemplars(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const start = timeParamOr(p, 'start', MIN_TIME_MS);
      const end = timeParamOr(p, 'end', MAX_TIME_MS);
      if (end < start) throw new ApiError('bad_data', 'end timestamp must not be before start timestamp');
      const q = p.get('query') ?? '';
      if (q.length > deps.limits.maxQueryLength) throw new ApiError('bad_data', `query is longer than the limit of ${deps.limits.maxQueryLength} characters`);
      let selectors = 0;
      try {
        walk(parseExpr(q), (n) => {
          if (n.kind === 'VectorSelector') selectors++;
        });
      } catch (e) {
        throw new ApiError('bad_data', (e as Error).message);
      }
      // Prometheus answers a query without selectors with no content at all.
      if (selectors === 0) {
        ctx.res.writeHead(204);
        ctx.res.end();
        return;
      }
      sendSuccess(ctx.req, ctx.res, []);
    },
  };
}
