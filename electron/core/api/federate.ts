/**
 * /federate: the newest sample of every series that matches a `match[]` selector, within the
 * lookback window before now, in the text format 0.0.4 with timestamps, grouped into untyped
 * families by metric name, with the config's external labels added where a series lacks
 * them (and `instance=""` when no external label names it), as Prometheus's web/federate.go.
 * Staleness markers are left out: the text format cannot carry them.
 * https://prometheus.io/docs/prometheus/latest/federation/
 */

import { formatExpositionFloat } from '../../../shared/text/float.js';
import { isLegacyLabelName, isLegacyMetricName } from '../../../shared/text/names.js';
import { escapeLabelValue } from '../../../shared/text/quote.js';
import { TEXT_CONTENT_TYPE } from '../collector/index.js';
import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import { parseMetricSelector } from '../promql/parser/index.js';
import type { ApiDeps } from './deps.js';
import { readParams } from './params.js';
import { send, sendText } from './respond.js';
import type { RequestContext } from './router.js';

interface Newest {
  labels: Labels;
  name: string;
  t: number;
  v: number;
}

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
    const maxt = deps.now();
    const mint = maxt - deps.lookbackDeltaMs;
    const newest = new Map<string, Newest>();
    if (sets.length > 0) {
      const q = deps.storage.querier(mint, maxt);
      try {
        for (const ms of sets) {
          for (const s of q.select(false, { start: mint, end: maxt }, ...ms)) {
            if (newest.has(s.labels.key)) continue;
            const a = s.samples;
            const i = a.length - 1;
            if (i < 0 || (a.stale !== null && a.stale[i] === 1)) continue;
            const name = s.labels.metricName();
            if (name === '') {
              deps.apiMetrics.federationWarnings.inc();
              deps.logger.warn('Ignoring nameless metric during federation', { metric: s.labels.key.replace(/\xff/g, ' ') });
              continue;
            }
            newest.set(s.labels.key, { labels: s.labels, name, t: a.t[i]!, v: a.v[i]! });
          }
        }
      } catch (e) {
        deps.apiMetrics.federationErrors.inc();
        sendText(ctx.req, ctx.res, 500, (e as Error).message + '\n');
        return;
      } finally {
        q.close();
      }
    }
    const utf8 = /escaping=allow-utf-8/.test(String(ctx.req.headers.accept ?? ''));
    send(ctx.req, ctx.res, 200, render([...newest.values()], externalLabels(deps), utf8), TEXT_CONTENT_TYPE);
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

export function render(samples: Newest[], ext: ReadonlyArray<[string, string]>, utf8: boolean): string {
  samples.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.labels.key < b.labels.key ? -1 : a.labels.key > b.labels.key ? 1 : 0));
  const out: string[] = [];
  let family = '';
  for (const s of samples) {
    const name = metricName(s.name, utf8);
    if (s.name !== family) {
      family = s.name;
      out.push(`# TYPE ${name} untyped\n`);
    }
    const pairs: string[] = [];
    const own = new Set<string>();
    const l = s.labels;
    for (let i = 0; i < l.size; i++) {
      const n = l.name(i);
      if (n === '__name__') continue;
      own.add(n);
      pairs.push(`${labelName(n, utf8)}="${escapeLabelValue(l.value(i))}"`);
    }
    for (const [n, v] of ext) if (!own.has(n)) pairs.push(`${labelName(n, utf8)}="${escapeLabelValue(v)}"`);
    const quoted = name.startsWith('"');
    const head = quoted ? `{${name}${pairs.length > 0 ? ',' + pairs.join(',') : ''}}` : `${name}${pairs.length > 0 ? `{${pairs.join(',')}}` : ''}`;
    out.push(`${head} ${formatExpositionFloat(s.v)} ${s.t}\n`);
  }
  return out.join('');
}

/** A metric name as the text format can carry it: quoted when the scraper accepts UTF-8, else underscores. */
function metricName(n: string, utf8: boolean): string {
  if (isLegacyMetricName(n)) return n;
  return utf8 ? `"${escapeLabelValue(n)}"` : n.replace(/[^a-zA-Z0-9_:]/g, '_').replace(/^[0-9]/, '_$&');
}

function labelName(n: string, utf8: boolean): string {
  if (isLegacyLabelName(n)) return n;
  return utf8 ? `"${escapeLabelValue(n)}"` : n.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^[0-9]/, '_$&');
}
