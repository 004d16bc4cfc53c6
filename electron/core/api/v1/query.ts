/**
 * /api/v1/query and /api/v1/query_range.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#expression-queries
 */

import type { ApiDeps } from '../deps.js';
import { parseDurationParam, parseTimeParam, readParams, timeParamOr, type Params } from '../params.js';
import { ApiError, sendSuccessRaw } from '../respond.js';
import type { RequestContext } from '../router.js';
import type { QueryReply, QueryRequest } from '../queryRunner.js';

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

  const lookback = (p: Params): { lookbackDeltaMs?: number } => {
    const lb = p.get('lookback_delta');
    return lb !== null && lb !== '' ? { lookbackDeltaMs: parseDurationParam(lb, 'lookback_delta') } : {};
  };

  const run = async (ctx: RequestContext, req: QueryRequest): Promise<void> => {
    const reply: QueryReply = await deps.queries.run(req, abortSignalOf(ctx));
    if (!reply.ok) {
      const msg = reply.kind === 'bad_data' ? `invalid parameter "query": ${reply.message}` : reply.message;
      throw new ApiError(reply.kind, msg);
    }
    sendSuccessRaw(ctx.req, ctx.res, reply.json, reply.annotations);
  };

  return {
    async query(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const q = queryString(p);
      const timeMs = timeParamOr(p, 'time', deps.now());
      await run(ctx, { kind: 'instant', query: q, timeMs, ...lookback(p) });
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
      await run(ctx, { kind: 'range', query: q, startMs: start, endMs: end, stepMs: step, ...lookback(p) });
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
