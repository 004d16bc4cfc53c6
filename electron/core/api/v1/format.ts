/**
 * /api/v1/format_query (the query pretty-printed) and /api/v1/parse_query (its syntax tree).
 * Both run in the query service, which caps the answer (query/syntax.ts).
 * https://prometheus.io/docs/prometheus/latest/querying/api/#formatting-query-expressions
 */

import type { ApiDeps } from '../deps.js';
import { readParams } from '../params.js';
import { ApiError, sendSuccessBytes } from '../respond.js';
import type { RequestContext } from '../router.js';
import type { SyntaxRequest } from '../../query/index.js';
import { abortSignalOf } from '../abort.js';
import { queryParam } from './query.js';

export function formatHandlers(deps: ApiDeps) {
  const run = async (ctx: RequestContext, kind: SyntaxRequest['kind']): Promise<void> => {
    const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
    const query = queryParam(p, deps.limits.maxQueryLength);
    const reply = await deps.queries.syntaxJson({ kind, query }, abortSignalOf(ctx));
    if (!reply.ok) {
      throw new ApiError(reply.kind, reply.kind === 'bad_data' ? `invalid parameter "query": ${reply.message}` : reply.message);
    }
    sendSuccessBytes(ctx.req, ctx.res, reply.data);
  };
  return {
    formatQuery: (ctx: RequestContext) => run(ctx, 'format'),
    parseQuery: (ctx: RequestContext) => run(ctx, 'parse'),
  };
}
