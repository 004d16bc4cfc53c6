/**
 * /api/v1/admin/tsdb/{delete_series,clean_tombstones,snapshot}: POST or PUT, with the
 * per-install token (policy `admin`, checked before these handlers run).
 * https://prometheus.io/docs/prometheus/latest/querying/api/#tsdb-admin-apis
 */

import { basename, join } from 'node:path';
import { goQuote } from '../../../../shared/text/quote.js';
import { parseMetricSelector } from '../../promql/parser/index.js';
import type { Matcher } from '../../model/matcher.js';
import type { ApiDeps, TsdbAdmin } from '../deps.js';
import { MAX_TIME_MS, MIN_TIME_MS, readParams, timeParamOr } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';

function noContent(ctx: RequestContext): void {
  ctx.res.writeHead(204);
  ctx.res.end();
}

export function adminHandlers(deps: ApiDeps) {
  const db = (): TsdbAdmin => {
    if (!deps.tsdb) throw new ApiError('unavailable', 'TSDB not ready');
    return deps.tsdb;
  };
  return {
    async deleteSeries(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const selectors = p.getAll('match[]');
      if (selectors.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
      const start = timeParamOr(p, 'start', MIN_TIME_MS);
      const end = timeParamOr(p, 'end', MAX_TIME_MS);
      // Every selector is checked before anything is deleted.
      const sets: Matcher[][] = selectors.map((s) => {
        try {
          return parseMetricSelector(s);
        } catch (e) {
          throw new ApiError('bad_data', `invalid parameter "match[]": ${(e as Error).message}`);
        }
      });
      const t = db();
      for (const ms of sets) {
        try {
          t.deleteSeries(ms, start, end);
        } catch (e) {
          throw new ApiError('internal', (e as Error).message);
        }
      }
      deps.logger.info('Deleted series through the admin API', { selectors: selectors.join(' '), start, end });
      noContent(ctx);
    },

    cleanTombstones(ctx: RequestContext): void {
      try {
        db().cleanTombstones();
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError('internal', (e as Error).message);
      }
      noContent(ctx);
    },

    async snapshot(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const skip = p.get('skip_head');
      if (skip !== null && skip !== '' && !/^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(skip)) {
        throw new ApiError('bad_data', `invalid parameter "skip_head": strconv.ParseBool: parsing ${goQuote(skip)}: invalid syntax`);
      }
      const t = db();
      let dir: string;
      try {
        // NOTE: skip_head changes nothing: the snapshot is one consistent SQLite copy, head included.
        dir = await t.snapshot(join(t.dataDir, 'snapshots'));
      } catch (e) {
        throw new ApiError('internal', `create snapshot: ${(e as Error).message}`);
      }
      sendSuccess(ctx.req, ctx.res, { name: basename(dir) });
    },
  };
}
