/**
 * histogram_quantile, histogram_quantiles and histogram_fraction over classic histograms:
 * bucket series (with an `le` label) are grouped by their other labels once, then each
 * group's buckets are gathered per step.
 */

import { Labels, LabelsBuilder, METRIC_NAME } from '../../model/labels.js';
import type { Call } from '../parser/ast.js';
import { QueryError } from '../value.js';
import { bucketFraction, bucketQuantile, type Buckets } from '../functions/quantile.js';
import { formatOpenMetricsFloat } from '../functions/instantFns.js';
import { goFloat, goQuote } from './annotations.js';
import { OutputSet } from './binary.js';
import type { Evaluator } from './evaluator.js';
import { stringOf } from './evaluator.js';
import type { Grid, StepSeries } from './types.js';
import { newStepSeries } from './types.js';

/** Go's strconv.ParseFloat for the forms `le` values take; NaN marks a syntax error. */
export function parseGoFloat(s: string): number {
  const t = s.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (t === 'nan' || t === '+nan' || t === '-nan') return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return NaN;
  return Number(s);
}

interface Group {
  labels: Labels;
  members: number[];
  uppers: number[];
}

/** Groups bucket series; warns once per bad `le`. */
function groupBuckets(ev: Evaluator, input: StepSeries[], argPos: Call['args'][number]['pos']): Group[] {
  const groups = new Map<string, Group>();
  for (let i = 0; i < input.length; i++) {
    const s = input[i]!;
    const le = s.labels.get('le');
    const upper = parseGoFloat(le);
    if (upper !== upper) {
      const name = s.labels.get(METRIC_NAME);
      ev.annotations.warn(
        `bucket label "le" is missing or has a malformed value of ${goQuote(le)}${name ? ` for metric name ${goQuote(name)}` : ''}`,
        argPos,
      );
      continue;
    }
    const key = s.labels.without(['le']).key;
    let g = groups.get(key);
    if (!g) {
      g = { labels: s.labels.without([METRIC_NAME, 'le']), members: [], uppers: [] };
      groups.set(key, g);
    }
    g.members.push(i);
    g.uppers.push(upper);
  }
  return [...groups.values()];
}

function bucketsAt(g: Group, input: StepSeries[], k: number): Buckets | null {
  const upper: number[] = [];
  const count: number[] = [];
  for (let m = 0; m < g.members.length; m++) {
    const s = input[g.members[m]!]!;
    if (s.has[k] === 0) continue;
    upper.push(g.uppers[m]!);
    count.push(s.v[k]!);
  }
  return upper.length === 0 ? null : { upper, count };
}

export function histogramQuantile(ev: Evaluator, e: Call, g: Grid): StepSeries[] {
  const multi = e.func.name === 'histogram_quantiles';
  const n = g.n;
  const vecArg = multi ? e.args[0]! : e.args[1]!;
  const qArgs = multi ? e.args.slice(2) : [e.args[0]!];
  const qs = qArgs.map((a) => ev.scalarArg(a, g));
  const qLabel = multi ? stringOf(e.args[1]!) : '';
  qs.forEach((q, i) => {
    for (let k = 0; k < n; k++) {
      const x = q[k]!;
      if (!(x >= 0 && x <= 1)) {
        ev.annotations.warn(`quantile value should be between 0 and 1, got ${goFloat(x)}`, qArgs[i]!.pos);
        break;
      }
    }
  });
  const input = ev.vectorArg(vecArg, g);
  const groups = groupBuckets(ev, input, vecArg.pos);
  const out = new OutputSet(n);
  let forced = false;
  for (let qi = 0; qi < qs.length; qi++) {
    const q = qs[qi]!;
    for (const grp of groups) {
      ev.check();
      const series = new Map<string, StepSeries>();
      for (let k = 0; k < n; k++) {
        const b = bucketsAt(grp, input, k);
        if (!b) continue;
        const r = bucketQuantile(q[k]!, b);
        if (r.forcedMonotonic) forced = true;
        let labels = grp.labels;
        if (multi) {
          const lb = new LabelsBuilder(labels);
          lb.set(qLabel, formatOpenMetricsFloat(q[k]!));
          labels = lb.labels();
        }
        let o = series.get(labels.key);
        if (!o) {
          o = newStepSeries(labels, n, true);
          series.set(labels.key, o);
        }
        o.v[k] = r.value;
        o.has[k] = 1;
      }
      for (const o of series.values()) out.addSeries(o);
    }
  }
  if (forced) {
    ev.annotations.info(
      'input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)',
      vecArg.pos,
    );
  }
  return out.result();
}

export function histogramFraction(ev: Evaluator, e: Call, g: Grid): StepSeries[] {
  const n = g.n;
  const lower = ev.scalarArg(e.args[0]!, g);
  const upper = ev.scalarArg(e.args[1]!, g);
  const vecArg = e.args[2]!;
  const input = ev.vectorArg(vecArg, g);
  const groups = groupBuckets(ev, input, vecArg.pos);
  const out = new OutputSet(n);
  for (const grp of groups) {
    ev.check();
    const o = newStepSeries(grp.labels, n, true);
    let any = false;
    for (let k = 0; k < n; k++) {
      const b = bucketsAt(grp, input, k);
      if (!b) continue;
      o.v[k] = bucketFraction(lower[k]!, upper[k]!, b);
      o.has[k] = 1;
      any = true;
    }
    if (any) out.addSeries(o);
  }
  return out.result();
}

export function assertNoDuplicates(series: StepSeries[]): void {
  const seen = new Set<string>();
  for (const s of series) {
    if (seen.has(s.labels.key)) throw new QueryError('execution', 'vector cannot contain metrics with the same labelset');
    seen.add(s.labels.key);
  }
}
