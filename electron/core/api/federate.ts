/**
 * /federate: the newest sample of every series that matches a `match[]` selector, within the
 * lookback window before now, in the text format 0.0.4 with timestamps, with the config's
 * external labels added where a series lacks them (and `instance=""` when no external label
 * names it), as Prometheus's web/federate.go. The read and the text are the query service's
 * (query/federate.ts), off the event loop.
 * https://prometheus.io/docs/prometheus/latest/federation/
 */

import { TEXT_CONTENT_TYPE } from '../collector/index.js';
import type { Matcher } from '../model/matcher.js';
import { parseMetricSelector } from '../promql/parser/index.js';
import { fromMatchers } from '../query/index.js';
import { abortSignalOf } from './abort.js';
import type { ApiDeps } from './deps.js';
import { readParams } from './params.js';
import { send, sendText } from './respond.js';
import type { RequestContext } from './router.js';

export function federateHandler(deps: ApiDeps) {
  return async (ctx: RequestContext): Promise<void> => {
    const p = await readParams(ctx.req, ctx.url, deps.limits.maxBodyBytes);
    const sets: Matcher[][] = [];
    for (const s of p.getAll('match[]')) {
      try {
        sets.push(parseMetricSelector(s));
      } catch (e) {
        sendText(ctx.req, ctx.res, 400, (e as Error).message + '\n');
        return;
      }
    }
    const utf8 = /escaping=allow-utf-8/.test(String(ctx.req.headers.accept ?? ''));
    const reply = await deps.queries.federateText(
      { timeMs: deps.now(), lookbackDeltaMs: deps.lookbackDeltaMs, matchers: sets.map(fromMatchers), externalLabels: externalLabels(deps), utf8 },
      abortSignalOf(ctx),
    );
    if (!reply.ok) {
      deps.apiMetrics.federationErrors.inc();
      sendText(ctx.req, ctx.res, 500, reply.message + '\n');
      return;
    }
    for (const metric of reply.nameless) {
      deps.apiMetrics.federationWarnings.inc();
      deps.logger.warn('Ignoring nameless metric during federation', { metric });
    }
    send(ctx.req, ctx.res, 200, Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength), TEXT_CONTENT_TYPE);
  };
}

/** The config's external labels, plus `instance=""` unless one of them is `instance`. */
function externalLabels(deps: ApiDeps): Array<[string, string]> {
  const ext = deps.config().global.externalLabels.toObject();
  if (!('instance' in ext)) ext['instance'] = '';
  return Object.keys(ext)
    .sort()
    .map((n) => [n, ext[n]!]);
}
