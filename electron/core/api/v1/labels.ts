/**
 * /api/v1/labels, /api/v1/label/<name>/values and /api/v1/series.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#querying-metadata
 */

import { isLegacyLabelName, isUtf8Name } from '../../../../shared/text/names.js';
import type { Matcher } from '../../model/matcher.js';
import { parseMetricSelector } from '../../promql/parser/index.js';
import { fromMatchers, type MetadataRequest } from '../../query/index.js';
import { abortSignalOf } from '../abort.js';
import type { ApiDeps } from '../deps.js';
import { MAX_TIME_MS, MIN_TIME_MS, limitParam, readParams, timeParamOr, type Params } from '../params.js';
import { ApiError, sendSuccessBytes } from '../respond.js';
import type { RequestContext } from '../router.js';

/** The `match[]` selectors; a bad one is refused with the parser's message, as Prometheus does. */
export function matcherSets(p: Params): Matcher[][] {
  return p.getAll('match[]').map((s) => {
    let ms: Matcher[];
    try {
      ms = parseMetricSelector(s);
    } catch (e) {
      throw new ApiError('bad_data', (e as Error).message);
    }
    // A selector every series matches would read the whole database.
    if (!ms.some((m) => !m.matches(''))) throw new ApiError('bad_data', 'match[] must contain at least one non-empty matcher');
    return ms;
  });
}

function range(p: Params): { start: number; end: number } {
  return { start: timeParamOr(p, 'start', MIN_TIME_MS), end: timeParamOr(p, 'end', MAX_TIME_MS) };
}

/**
 * Label names in the path may be escaped as Prometheus 3 does for UTF-8 names
 * (`U__` prefix, `_` as `__`, other characters as `_<hex code point>_`).
 */
export function unescapeLabelName(s: string): string {
  if (!s.startsWith('U__')) return s;
  let out = '';
  for (let i = 3; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '_') {
      out += c;
      continue;
    }
    if (s[i + 1] === '_') {
      out += '_';
      i++;
      continue;
    }
    const end = s.indexOf('_', i + 1);
    const hex = end < 0 ? '' : s.slice(i + 1, end);
    if (!/^[0-9a-fA-F]{1,6}$/.test(hex)) return s;
    out += String.fromCodePoint(parseInt(hex, 16));
    i = end;
  }
  return out;
}

/**
 * The reads run in the query service (worker threads in the server); parameters are checked
 * here first, so that bad input is refused without queueing.
 */
export function labelHandlers(deps: ApiDeps) {
  const answer = async (ctx: RequestContext, req: MetadataRequest): Promise<void> => {
    const reply = await deps.queries.metadataJson(req, abortSignalOf(ctx));
    if (!reply.ok) throw new ApiError(reply.kind, reply.message);
    sendSuccessBytes(ctx.req, ctx.res, reply.data, { warnings: reply.warnings, infos: [] });
  };

  return {
    async labelNames(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const { start, end } = range(p);
      const sets = matcherSets(p);
      const limit = limitParam(p);
      await answer(ctx, { kind: 'labelNames', startMs: start, endMs: end, matchers: sets.map(fromMatchers), limit });
    },

    async labelValues(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const name = unescapeLabelName(ctx.pathParams['name'] ?? '');
      if (name === '' || (!isLegacyLabelName(name) && !isUtf8Name(name))) {
        throw new ApiError('bad_data', `invalid label name: "${name}"`);
      }
      const { start, end } = range(p);
      const sets = matcherSets(p);
      const limit = limitParam(p);
      await answer(ctx, { kind: 'labelValues', name, startMs: start, endMs: end, matchers: sets.map(fromMatchers), limit });
    },

    async series(ctx: RequestContext): Promise<void> {
      const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
      const sets = matcherSets(p);
      if (sets.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
      const { start, end } = range(p);
      const limit = limitParam(p);
      await answer(ctx, { kind: 'series', startMs: start, endMs: end, matchers: sets.map(fromMatchers), limit });
    },
  };
}
