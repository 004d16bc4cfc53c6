/**
 * GET /api/hearth/v1/alerts/history: every change of an alert's state, newest first, with
 * filters and paging (payload: shared/api/alertHistory.ts). Hearth's own endpoint, in the
 * Prometheus API's manner: the same envelope, time parameters, match[] selectors and
 * bad_data messages as /api/v1/series.
 *
 * The read runs on the event loop: the store bounds what one page may read (rules/store/), so
 * a page costs milliseconds whatever the history's size or the filter.
 */

import type { AlertHistoryData, AlertHistoryEntry } from '../../../../shared/api/alertHistory.js';
import { formatSampleValue } from '../../../../shared/text/float.js';
import { decodeHistoryToken, encodeHistoryToken, type AlertHistoryQuery } from '../../rules/store/historyQuery.js';
import type { AlertState, AlertTransition } from '../../rules/types.js';
import type { ApiDeps } from '../deps.js';
import { limitParam, readParams, timeParamOr, type Params } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';
import { matcherSets } from '../v1/labels.js';

export const DEFAULT_HISTORY_LIMIT = 1000;
export const MAX_HISTORY_LIMIT = 10_000;
/** Without `start`, a page reaches back this far from `end`. */
export const DEFAULT_HISTORY_RANGE_MS = 24 * 3_600_000;

const STATES: readonly AlertState[] = ['inactive', 'pending', 'firing'];

export function alertHistoryHandler(deps: ApiDeps) {
  return async (ctx: RequestContext): Promise<void> => {
    const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
    const q = historyQuery(p, deps.now());
    const source = deps.alertHistory;
    if (!source) throw new ApiError('unavailable', 'alert history is unavailable: this server keeps no alert state store (no storage, or the rule engine is not running)');
    const page = source.query(q);
    const data: AlertHistoryData = { entries: page.entries.map(entry) };
    if (page.next !== null) data.nextToken = encodeHistoryToken(page.next);
    sendSuccess(ctx.req, ctx.res, data);
  };
}

/** The request's filters and page, checked; throws ApiError (bad_data) naming the parameter. */
export function historyQuery(p: Params, nowMs: number): AlertHistoryQuery {
  const states = p.getAll('state').map((s) => {
    if (!(STATES as readonly string[]).includes(s)) throw new ApiError('bad_data', `invalid parameter "state": unknown alert state ${JSON.stringify(s)} (inactive, pending or firing)`);
    return s as AlertState;
  });
  const sets = matcherSets(p);
  const endMs = timeParamOr(p, 'end', nowMs);
  const startMs = timeParamOr(p, 'start', endMs - DEFAULT_HISTORY_RANGE_MS);
  if (endMs < startMs) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
  let limit = DEFAULT_HISTORY_LIMIT;
  if ((p.get('limit') ?? '') !== '') {
    limit = limitParam(p);
    if (limit < 1 || limit > MAX_HISTORY_LIMIT) throw new ApiError('bad_data', `invalid parameter "limit": limit must be between 1 and ${MAX_HISTORY_LIMIT}`);
  }
  const token = p.get('next_token') ?? '';
  let after = null;
  if (token !== '') {
    try {
      after = decodeHistoryToken(token);
    } catch (e) {
      throw new ApiError('bad_data', `invalid parameter "next_token": ${(e as Error).message}`);
    }
  }
  return { rules: p.getAll('rule'), groups: p.getAll('group'), states, matcherSets: sets, startMs, endMs, limit, after };
}

function entry(t: AlertTransition): AlertHistoryEntry {
  return {
    time: new Date(t.timeMs).toISOString(),
    group: t.groupKey,
    rule: t.rule,
    labels: t.labels.toObject(),
    from: t.from,
    to: t.to,
    value: formatSampleValue(t.value),
  };
}
