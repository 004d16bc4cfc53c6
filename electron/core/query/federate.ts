/**
 * The read and the text behind /federate: the newest sample of every series that matches a
 * `match[]` selector, within the lookback window before the request's time, in the text
 * format 0.0.4 with timestamps, grouped into untyped families by metric name, with the
 * external labels added where a series lacks them, as Prometheus's web/federate.go.
 * Staleness markers are left out: the text format cannot carry them. Series without a metric
 * name are left out too and reported back, so that the API can count and log them.
 * https://prometheus.io/docs/prometheus/latest/federation/
 */

import { formatExpositionFloat } from '../../../shared/text/float.js';
import { isLegacyLabelName, isLegacyMetricName } from '../../../shared/text/names.js';
import { escapeLabelValue } from '../../../shared/text/quote.js';
import { withInterrupt } from '../model/interrupt.js';
import type { Labels } from '../model/labels.js';
import { QueryError } from '../promql/value.js';
import type { Queryable } from '../storage/interface.js';
import { Budget, toMatchers } from './budget.js';
import type { FederateReply, FederateRequest, JobLimits } from './request.js';

export interface Newest {
  labels: Labels;
  name: string;
  t: number;
  v: number;
}

const utf8 = new TextEncoder();
/** Series between deadline checks. */
const CHECK_EVERY = 1024;

export function federate(store: Queryable, req: FederateRequest, signal: { readonly aborted: boolean }, limits: JobLimits): FederateReply {
  const budget = new Budget('federation', signal, limits);
  const maxt = req.timeMs;
  const mint = maxt - req.lookbackDeltaMs;
  const newest = new Map<string, Newest>();
  const nameless: string[] = [];
  try {
    if (req.matchers.length > 0) {
      const q = store.querier(mint, maxt);
      try {
        for (const set of req.matchers) {
          const found = withInterrupt(() => budget.check(), () => q.select(false, { start: mint, end: maxt }, ...toMatchers(set)));
          for (let j = 0; j < found.length; j++) {
            if (j % CHECK_EVERY === 0) budget.check();
            const s = found[j]!;
            if (newest.has(s.labels.key)) continue;
            const a = s.samples;
            const i = a.length - 1;
            if (i < 0 || (a.stale !== null && a.stale[i] === 1)) continue;
            const name = s.labels.metricName();
            if (name === '') {
              nameless.push(s.labels.key.replace(/\xff/g, ' '));
              continue;
            }
            newest.set(s.labels.key, { labels: s.labels, name, t: a.t[i]!, v: a.v[i]! });
          }
        }
      } finally {
        q.close();
      }
    }
    budget.check();
    return { ok: true, body: utf8.encode(render([...newest.values()], req.externalLabels, req.utf8, budget)), nameless };
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, kind: e.kind, message: e.message };
    return { ok: false, kind: 'internal', message: e instanceof Error ? e.message : String(e) };
  }
}

/** The text format; `budget` (when given) refuses a body past the response limit. */
export function render(samples: Newest[], ext: ReadonlyArray<readonly [string, string]>, utf8: boolean, budget?: Budget): string {
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
    const line = `${head} ${formatExpositionFloat(s.v)} ${s.t}\n`;
    budget?.add(line.length);
    out.push(line);
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
