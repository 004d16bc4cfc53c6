/**
 * histogram_quantile, histogram_quantiles and histogram_fraction over classic histograms:
 * bucket series (with an `le` label) are grouped by their other labels once, then each
 * group's buckets are gathered per step. The other histogram_* functions read native
 * histograms only (elementwise entries without a float mapping, in table.ts).
 */

import { Labels, LabelsBuilder, METRIC_NAME } from '../../model/labels.js';
import type { Call } from '../parser/ast.js';
import { bucketFraction, bucketQuantile, type Buckets } from './quantile.js';
import { goFloat, goQuote } from '../eval/annotations.js';
import { stringOf } from '../eval/args.js';
import { OutputSet } from '../eval/binary.js';
import type { EvalValue, Grid, StepSeries } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import { formatOpenMetricsFloat } from './format.js';
import type { FunctionContext } from './types.js';

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
function groupBuckets(ctx: FunctionContext, input: StepSeries[], argPos: Call['args'][number]['pos']): Group[] {
  const groups = new Map<string, Group>();
  for (let i = 0; i < input.length; i++) {
    const s = input[i]!;
    const le = s.labels.get('le');
    const upper = parseGoFloat(le);
    if (upper !== upper) {
      const name = s.labels.get(METRIC_NAME);
      ctx.annotations.warn(
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

/** histogram_quantile(q, buckets) and histogram_quantiles(buckets, label, q...). */
export function histogramQuantile(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const multi = e.func.name === 'histogram_quantiles';
  const n = g.n;
  const vecArg = multi ? e.args[0]! : e.args[1]!;
  const qArgs = multi ? e.args.slice(2) : [e.args[0]!];
  const qs = qArgs.map((a) => ctx.scalarArg(a, g));
  const qLabel = multi ? stringOf(e.args[1]!) : '';
  qs.forEach((q, i) => {
    for (let k = 0; k < n; k++) {
      const x = q[k]!;
      if (!(x >= 0 && x <= 1)) {
        ctx.annotations.warn(`quantile value should be between 0 and 1, got ${goFloat(x)}`, qArgs[i]!.pos);
        break;
      }
    }
  });
  const input = ctx.vectorArg(vecArg, g);
  const groups = groupBuckets(ctx, input, vecArg.pos);
  const out = new OutputSet(n);
  let forced = false;
  for (let qi = 0; qi < qs.length; qi++) {
    const q = qs[qi]!;
    for (const grp of groups) {
      ctx.check();
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
    ctx.annotations.info(
      'input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)',
      vecArg.pos,
    );
  }
  return { kind: 'vector', series: out.result() };
}

export function histogramFraction(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const n = g.n;
  const lower = ctx.scalarArg(e.args[0]!, g);
  const upper = ctx.scalarArg(e.args[1]!, g);
  const vecArg = e.args[2]!;
  const input = ctx.vectorArg(vecArg, g);
  const groups = groupBuckets(ctx, input, vecArg.pos);
  const out = new OutputSet(n);
  for (const grp of groups) {
    ctx.check();
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
  return { kind: 'vector', series: out.result() };
}
