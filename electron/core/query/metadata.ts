/**
 * The metadata reads behind /api/v1/labels, /api/v1/label/NAME/values and /api/v1/series,
 * answered as the `data` JSON of the API's envelope. They run where queries run (a worker
 * thread in the server): over a large database they read as much as a heavy query does.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#querying-metadata
 */

import { withInterrupt } from '../model/interrupt.js';
import { compareLabels, type Labels } from '../model/labels.js';
import { QueryError } from '../promql/value.js';
import type { Queryable } from '../storage/interface.js';
import { Budget, toMatchers } from './budget.js';
import { labelsJson } from './json.js';
import type { JobLimits, MetadataReply, MetadataRequest } from './request.js';

const TRUNCATED = 'results truncated due to limit';
const utf8 = new TextEncoder();
/** Series between deadline checks: a check costs a clock read. */
const CHECK_EVERY = 1024;

export function readMetadata(store: Queryable, req: MetadataRequest, signal: { readonly aborted: boolean }, limits: JobLimits): MetadataReply {
  const budget = new Budget(WHAT[req.kind], signal, limits);
  try {
    budget.check();
    const q = store.querier(req.startMs, req.endMs);
    try {
      // Matching inside the store polls the same budget (a regex over every value of a label).
      return withInterrupt(() => budget.check(), () => (req.kind === 'series' ? series(q, req, budget) : strings(q, req, budget)));
    } finally {
      q.close();
    }
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, kind: e.kind, message: e.message };
    return { ok: false, kind: 'internal', message: e instanceof Error ? e.message : String(e) };
  }
}

const WHAT: Record<MetadataRequest['kind'], string> = {
  labelNames: 'label names request',
  labelValues: 'label values request',
  series: 'series request',
};

type Querier = ReturnType<Queryable['querier']>;

function strings(q: Querier, req: Extract<MetadataRequest, { kind: 'labelNames' | 'labelValues' }>, budget: Budget): MetadataReply {
  const read = (ms: ReturnType<typeof toMatchers>) => (req.kind === 'labelNames' ? q.labelNames(...ms) : q.labelValues(req.name, ...ms));
  let items: string[];
  if (req.matchers.length === 0) items = read([]);
  else {
    const all = new Set<string>();
    for (const set of req.matchers) {
      for (const s of read(toMatchers(set))) all.add(s);
      budget.check();
    }
    items = [...all].sort();
  }
  const cut = req.limit > 0 && items.length > req.limit;
  if (cut) items = items.slice(0, req.limit);
  const json = JSON.stringify(items);
  budget.add(json.length);
  return { ok: true, data: utf8.encode(json), warnings: cut ? [TRUNCATED] : [] };
}

function series(q: Querier, req: Extract<MetadataRequest, { kind: 'series' }>, budget: Budget): MetadataReply {
  const seen = new Map<string, Labels>();
  for (const set of req.matchers) {
    const found = q.select(false, { start: req.startMs, end: req.endMs, func: 'series' }, ...toMatchers(set));
    for (let i = 0; i < found.length; i++) {
      if (i % CHECK_EVERY === 0) budget.check();
      const s = found[i]!;
      seen.set(s.labels.key, s.labels);
    }
  }
  budget.check();
  let sorted = [...seen.values()].sort(compareLabels);
  const cut = req.limit > 0 && sorted.length > req.limit;
  if (cut) sorted = sorted.slice(0, req.limit);
  const parts: string[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const j = labelsJson(sorted[i]!);
    budget.add(j.length + 1);
    parts[i] = j;
  }
  return { ok: true, data: utf8.encode(`[${parts.join(',')}]`), warnings: cut ? [TRUNCATED] : [] };
}
