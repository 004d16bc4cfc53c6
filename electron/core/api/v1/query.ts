/**
 * /api/v1/query and /api/v1/query_range.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#expression-queries
 */

import type { ApiDeps } from '../deps.js';
import { durationParamOr, limitParam, parseDurationParam, parseTimeParam, readParams, timeParamOr, type Params } from '../params.js';
import { ApiError, sendSuccessBytes, SuccessStream } from '../respond.js';
import type { RequestContext } from '../router.js';
import type { QueryReply, QueryRequest } from '../../query/index.js';
import { abortSignalOf } from '../abort.js';

/** Prometheus refuses range queries with more points per series than this. */
const MAX_POINTS_PER_SERIES = 11_000;

/** The `query` parameter, refused when missing or longer than the limit. */
export function queryParam(p: Params, maxLength: number): string {
  const q = p.get('query');
  if (q === null || q === '') throw new ApiError('bad_data', 'invalid parameter "query": 1:1: parse error: no expression found in input');
  if (q.length > maxLength) {
    throw new ApiError('bad_data', `invalid parameter "query": query is longer than the limit of ${maxLength} characters`);
  }
  return q;
}

export function queryHandlers(deps: ApiDeps) {
  /** Options every query takes: lookback_delta, timeout, limit, stats. */
  const common = (p: Params) => {
    const lookback = durationParamOr(p, 'lookback_delta');
    const timeout = durationParamOr(p, 'timeout');
    const stats = p.get('stats');
    return {
      ...(lookback !== null ? { lookbackDeltaMs: lookback } : {}),
      ...(timeout !== null && timeout > 0 ? { timeoutMs: timeout } : {}),
      limit: limitParam(p),
      stats: stats !== null && stats !== '',
      receivedAtMs: Date.now(),
    };
  };

  const run = async (ctx: RequestContext, req: QueryRequest): Promise<void> => {
    const done = deps.apiMetrics.queryDuration.labels(req.kind).startTimer();
    // A large answer streams: the head goes out with its first chunk (see SuccessStream).
    const stream = ctx.req.method === 'HEAD' ? undefined : new SuccessStream(ctx.req, ctx.res);
    const reply: QueryReply = await deps.queries.queryJson(req, abortSignalOf(ctx), stream?.write);
    done();
    if (!reply.ok) {
      if (stream?.started) {
        deps.logger.warn('query failed while its answer was being sent; connection closed', { query: req.query, err: reply.message });
        return stream.abort();
      }
      const msg = reply.kind === 'bad_data' ? `invalid parameter "query": ${reply.message}` : reply.message;
      throw new ApiError(reply.kind, msg);
    }
    if (stream?.started) stream.end(reply.data, reply.annotations);
    else sendSuccessBytes(ctx.req, ctx.res, reply.data, reply.annotations);
  };

  return {
    async query(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const timeMs = timeParamOr(p, 'time', deps.now());
      const opts = common(p);
      const q = queryParam(p, deps.limits.maxQueryLength);
      await run(ctx, { kind: 'instant', query: q, timeMs, ...opts });
    },

    async queryRange(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const start = parseTimeParam(p.get('start') ?? '', 'start');
      const end = parseTimeParam(p.get('end') ?? '', 'end');
      if (end < start) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
      const step = parseDurationParam(p.get('step') ?? '', 'step');
      if (step <= 0) {
        throw new ApiError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
      }
      // Go divides durations as integers: 11,000.5 steps pass.
      if (Math.floor((end - start) / step) > MAX_POINTS_PER_SERIES) {
        throw new ApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
      }
      const opts = common(p);
      const q = queryParam(p, deps.limits.maxQueryLength);
      await run(ctx, { kind: 'range', query: q, startMs: start, endMs: end, stepMs: step, ...opts });
    },
  };
}
