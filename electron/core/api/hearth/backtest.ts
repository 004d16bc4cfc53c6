/**
 * POST /api/hearth/v1/rules/backtest: replays one alerting rule over stored data and answers
 * when each alert would have gone pending, fired and resolved (shared/api/alertHistory.ts's
 * BacktestRequest and BacktestData). The body is JSON, or form-encoded as /api/v1/query takes
 * its parameters. Every query goes through the server's query service (the workers, with their
 * deadline); the backtest as a whole is bounded in evaluations, alerts and time, and stops when
 * the client goes away. It only reads, so it is a read route, though a POST.
 */

import { formatGoFloatE } from '../../../../shared/text/float.js';
import type { BacktestAlert, BacktestData, BacktestRequest } from '../../../../shared/api/alertHistory.js';
import { backtestRule, BacktestError, DEFAULT_MAX_EVALUATIONS, type BacktestResult } from '../../rules/backtest/backtest.js';
import { parseBacktestRule } from '../../rules/backtest/ruleText.js';
import { engineQueryFunc } from '../../rules/queryFunc.js';
import { abortSignalOf } from '../abort.js';
import type { ApiDeps } from '../deps.js';
import { parseDurationParam, parseTimeParam, readBody, readParams } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';

/** Longest a backtest may run, all evaluations together. */
export const BACKTEST_TIMEOUT_MS = 2 * 60_000;

export interface BacktestHandlerOptions {
  readonly maxEvaluations?: number;
  readonly timeoutMs?: number;
}

export function backtestHandler(deps: ApiDeps, opts: BacktestHandlerOptions = {}) {
  return async (ctx: RequestContext): Promise<void> => {
    const body = await readRequest(ctx, deps);
    if (typeof body.rule !== 'string') throw new ApiError('bad_data', 'invalid parameter "rule": one alerting rule as YAML is required');
    if (typeof body.start !== 'string' || body.start === '') throw new ApiError('bad_data', 'invalid parameter "start": required');
    if (typeof body.end !== 'string' || body.end === '') throw new ApiError('bad_data', 'invalid parameter "end": required');
    const startMs = parseTimeParam(body.start, 'start');
    const endMs = parseTimeParam(body.end, 'end');
    if (endMs < startMs) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
    const global = deps.config().global;
    let intervalMs = global.evaluationIntervalMs;
    if (body.interval !== undefined && body.interval !== '') {
      if (typeof body.interval !== 'string') throw new ApiError('bad_data', 'invalid parameter "interval": a duration such as 1m is expected');
      intervalMs = parseDurationParam(body.interval, 'interval');
      if (intervalMs <= 0) throw new ApiError('bad_data', 'invalid parameter "interval": zero or negative interval is not accepted');
    }
    let rule;
    try {
      rule = parseBacktestRule(body.rule);
    } catch (e) {
      if (e instanceof BacktestError) throw new ApiError('bad_data', `invalid parameter "rule": ${e.message.replace(/^rule: /, '')}`);
      throw e;
    }
    const client = abortSignalOf(ctx);
    const deadline = deps.now() + (opts.timeoutMs ?? BACKTEST_TIMEOUT_MS);
    const signal = {
      get aborted(): boolean {
        return client.aborted || deps.now() > deadline;
      },
    };
    const external: Record<string, string> = {};
    global.externalLabels.forEach((n, v) => (external[n] = v));
    let result: BacktestResult;
    try {
      result = await backtestRule({
        rule,
        startMs,
        endMs,
        intervalMs,
        query: engineQueryFunc({ instant: (q, t, o) => deps.queries.instant(q, t, { ...o, signal: client }) }),
        externalLabels: external,
        externalURL: deps.externalURL?.() ?? externalURL(ctx),
        maxEvaluations: opts.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS,
        signal,
      });
    } catch (e) {
      if (e instanceof BacktestError) {
        if (deps.now() > deadline) throw new ApiError('timeout', `backtest timed out after ${(opts.timeoutMs ?? BACKTEST_TIMEOUT_MS) / 1000}s: ${e.message}`);
        throw new ApiError('bad_data', e.message);
      }
      throw e;
    }
    if (client.aborted) return;
    sendSuccess(ctx.req, ctx.res, toData(result));
  };
}

/** The body as JSON (application/json) or as form parameters. */
async function readRequest(ctx: RequestContext, deps: ApiDeps): Promise<Partial<Record<keyof BacktestRequest, unknown>>> {
  const ct = (ctx.req.headers['content-type'] ?? '').toLowerCase();
  if (ct.startsWith('application/json')) {
    const raw = await readBody(ctx.req, deps.limits.maxBodyBytes);
    let v: unknown;
    try {
      v = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      throw new ApiError('bad_data', `invalid JSON body: ${(e as Error).message}`);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ApiError('bad_data', 'invalid JSON body: an object with rule, start and end is expected');
    return v as Record<string, unknown>;
  }
  const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
  const get = (n: string) => p.get(n) ?? undefined;
  return { rule: get('rule'), start: get('start'), end: get('end'), interval: get('interval') };
}

/** Without the server's --web.external-url (tests): the address the client reached us at. */
function externalURL(ctx: RequestContext): string {
  const host = ctx.req.headers.host;
  return host ? `http://${host}` : '';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function toData(r: BacktestResult): BacktestData {
  return {
    rule: r.rule,
    interval: r.intervalMs / 1000,
    evaluations: r.evaluations,
    alerts: r.alerts.map((a) => {
      const out: BacktestAlert = { labels: a.labels.toObject(), annotations: a.annotations.toObject(), activeAt: iso(a.activeAtMs), value: formatGoFloatE(a.value) };
      if (a.firedAtMs !== null) out.firedAt = iso(a.firedAtMs);
      if (a.resolvedAtMs !== null) out.resolvedAt = iso(a.resolvedAtMs);
      return out;
    }),
    errors: r.errors.map((e) => ({ time: iso(e.timeMs), error: e.error })),
  };
}
