/**
 * /api/v1/query and /api/v1/query_range.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#expression-queries
 */

import type { ApiDeps } from '../deps.js';
import { parseDurationParam, parseTimeParam, readParams, timeParamOr, type Params } from '../params.js';
import { ApiError, sendSuccessRaw } from '../respond.js';
import type { RequestContext } from '../router.js';
import { QueryError, type QueryResult } from '../../promql/value.js';
import { valueJson } from './queryJson.js';

/** Prometheus refuses range queries with more points per series than this. */
const MAX_POINTS_PER_SERIES = 11_000;

export function queryHandlers(deps: ApiDeps) {
  const queryString = (p: Params): string => {
    const q = p.get('query');
    if (q === null) throw new ApiError('bad_data', 'invalid parameter "query": 1:1: parse error: no expression found in input');
    if (q.length > deps.limits.maxQueryLength) {
      throw new ApiError('bad_data', `invalid parameter "query": query is longer than the limit of ${deps.limits.maxQueryLength} characters`);
    }
    return q;
  };

  const options = (p: Params, ctx: RequestContext) => {
    const opts: { lookbackDeltaMs?: number; signal: { aborted: boolean } } = { signal: abortSignalOf(ctx) };
    const lb = p.get('lookback_delta');
    if (lb !== null && lb !== '') opts.lookbackDeltaMs = parseDurationParam(lb, 'lookback_delta');
    return opts;
  };

  const run = (fn: () => QueryResult): QueryResult => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof QueryError) {
        const msg = e.kind === 'bad_data' ? `invalid parameter "query": ${e.message}` : e.message;
        throw new ApiError(e.kind, msg);
      }
      throw e;
    }
  };

  return {
    async query(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const q = queryString(p);
      const t = timeParamOr(p, 'time', deps.now());
      const opts = options(p, ctx);
      const result = run(() => deps.engine.instantQuery(deps.storage, q, t, opts));
      sendSuccessRaw(ctx.req, ctx.res, valueJson(result.value), result.annotations);
    },

    async queryRange(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const required = (name: string): string => {
        const v = p.get(name);
        if (v === null || v === '') throw new ApiError('bad_data', `invalid parameter "${name}": cannot parse "" to a valid ${name === 'step' ? 'duration' : 'timestamp'}`);
        return v;
      };
      const start = parseTimeParam(required('start'), 'start');
      const end = parseTimeParam(required('end'), 'end');
      if (end < start) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
      const step = parseDurationParam(required('step'), 'step');
      if (step <= 0) {
        throw new ApiError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
      }
      if ((end - start) / step > MAX_POINTS_PER_SERIES) {
        throw new ApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
      }
      const q = queryString(p);
      const opts = options(p, ctx);
      const result = run(() => deps.engine.rangeQuery(deps.storage, q, start, end, step, opts));
      sendSuccessRaw(ctx.req, ctx.res, valueJson(result.value), result.annotations);
    },
  };
}

/** Becomes aborted when the client goes away before the answer is written. */
function abortSignalOf(ctx: RequestContext): { aborted: boolean } {
  const signal = { aborted: false };
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) signal.aborted = true;
  });
  return signal;
}
