/**
 * /api/v1/format_query (the query pretty-printed) and /api/v1/parse_query (its syntax tree).
 * https://prometheus.io/docs/prometheus/latest/querying/api/#formatting-query-expressions
 */

import { parseExpr, prettify, type Expr } from '../../promql/parser/index.js';
import type { ApiDeps } from '../deps.js';
import { readParams } from '../params.js';
import { ApiError, sendSuccess } from '../respond.js';
import type { RequestContext } from '../router.js';
import { translateAst } from './ast.js';
import { queryParam } from './query.js';

export function formatHandlers(deps: ApiDeps) {
  const parsed = async (ctx: RequestContext): Promise<Expr> => {
    const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
    const q = queryParam(p, deps.limits.maxQueryLength);
    try {
      return parseExpr(q);
    } catch (e) {
      throw new ApiError('bad_data', `invalid parameter "query": ${(e as Error).message}`);
    }
  };
  return {
    async formatQuery(ctx: RequestContext): Promise<void> {
      sendSuccess(ctx.req, ctx.res, prettify(await parsed(ctx)));
    },
    async parseQuery(ctx: RequestContext): Promise<void> {
      sendSuccess(ctx.req, ctx.res, translateAst(await parsed(ctx)));
    },
  };
}
