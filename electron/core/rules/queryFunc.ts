/**
 * Rules query through the query service (off the event loop, with its deadline and limits), as
 * Prometheus's EngineQueryFunc: a vector as it is, a scalar as one sample without labels, and
 * anything else an error.
 */

import { Labels } from '../model/labels.js';
import { QueryError } from '../promql/value.js';
import type { QueryService } from '../query/index.js';
import type { RuleQueryFunc } from './types.js';

export function engineQueryFunc(queries: Pick<QueryService, 'instant'>): RuleQueryFunc {
  return async (expr, timeMs) => {
    const r = await queries.instant(expr, timeMs);
    const v = r.value;
    if (v.type === 'vector') return v.samples;
    if (v.type === 'scalar') return [{ labels: Labels.EMPTY, t: v.t, v: v.v }];
    throw new QueryError('execution', 'rule result is not a vector or scalar');
  };
}
