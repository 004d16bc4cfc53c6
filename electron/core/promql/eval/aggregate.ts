/**
 * Aggregation operators over columnar instant vectors: every input series is mapped to its
 * group once, then values are accumulated per (group, step) in typed arrays, in input
 * order (so compensated sums match Prometheus's step-by-step order).
 */

import { Labels, LabelsBuilder, METRIC_NAME } from '../../model/labels.js';
import type { AggregateExpr } from '../parser/ast.js';
import { QueryError } from '../value.js';
import { kahanSumInc, kahanOutC, kahanOutSum } from '../functions/kahan.js';
import { quantileOf } from '../functions/quantile.js';
import { formatFloatF } from '../functions/format.js';
import type { StepSeries } from './types.js';
import { holdPoints, interruptCheck, newStepSeries } from './types.js';
import { OutputSet } from './binary.js';
import { labelsHashRatio } from './hash.js';

export interface AggregateResult {
  series: StepSeries[];
  /** topk/bottomk of an instant evaluation: the order is significant. */
  ordered: boolean;
}

function groupingLabels(l: Labels, grouping: string[], without: boolean): Labels {
  if (without) return l.without([...grouping, METRIC_NAME]);
  if (grouping.length === 0) return Labels.EMPTY;
  return l.keep(grouping);
}

/** Maps each input series to a group index; returns the groups' labels in first-seen order. */
function assignGroups(input: StepSeries[], grouping: string[], without: boolean): { groupOf: Int32Array; labels: Labels[] } {
  const groupOf = new Int32Array(input.length);
  const index = new Map<string, number>();
  const labels: Labels[] = [];
  for (let i = 0; i < input.length; i++) {
    const g = groupingLabels(input[i]!.labels, grouping, without);
    let id = index.get(g.key);
    if (id === undefined) {
      id = labels.length;
      index.set(g.key, id);
      labels.push(g);
    }
    groupOf[i] = id;
  }
  return { groupOf, labels };
}

/** sum, avg, count, min, max, group, stddev, stdvar, quantile. */
export function aggregate(e: AggregateExpr, input: StepSeries[], param: Float64Array | null, n: number): StepSeries[] {
  const { groupOf, labels } = assignGroups(input, e.grouping, e.without);
  const G = labels.length;
  const size = G * n;
  holdPoints(size);
  const seen = new Uint8Array(size);
  const val = new Float64Array(size);
  const comp = new Float64Array(size);
  const count = new Float64Array(size);
  const mean = new Float64Array(size);
  const incremental = e.op === 'avg' ? new Uint8Array(size) : null;
  const dropName = new Uint8Array(size);
  const op = e.op;
  let qvals: number[][] | null = null;
  if (op === 'quantile') qvals = new Array<number[]>(size);

  for (let si = 0; si < input.length; si++) {
    interruptCheck();
    const s = input[si]!;
    const gbase = groupOf[si]! * n;
    const sDrop = s.dropName ? 1 : 0;
    const sv = s.v;
    const sh = s.has;
    if (op === 'sum') {
      // The hot path, with the compensated sum inlined.
      for (let k = 0; k < n; k++) {
        if (sh[k] === 0) continue;
        const f = sv[k]!;
        const x = gbase + k;
        if (seen[x] === 0) {
          seen[x] = 1;
          val[x] = f;
          comp[x] = 0;
          dropName[x] = sDrop;
          continue;
        }
        if (sDrop) dropName[x] = 1;
        const sum = val[x]!;
        const t = sum + f;
        if (t === Infinity || t === -Infinity) comp[x] = 0;
        else if (Math.abs(sum) >= Math.abs(f)) comp[x] = comp[x]! + (sum - t + f);
        else comp[x] = comp[x]! + (f - t + sum);
        val[x] = t;
      }
      continue;
    }
    for (let k = 0; k < n; k++) {
      if (sh[k] === 0) continue;
      const f = sv[k]!;
      const x = gbase + k;
      if (seen[x] === 0) {
        seen[x] = 1;
        val[x] = f;
        mean[x] = f;
        comp[x] = 0;
        count[x] = 1;
        dropName[x] = sDrop;
        switch (op) {
          case 'stddev':
          case 'stdvar':
            val[x] = f !== f || f === Infinity || f === -Infinity ? NaN : 0;
            break;
          case 'group':
            val[x] = 1;
            break;
          case 'quantile':
            qvals![x] = [f];
            break;
        }
        continue;
      }
      if (sDrop) dropName[x] = 1;
      switch (op) {
        case 'avg': {
          const c = ++count[x]!;
          if (incremental![x] === 0) {
            kahanSumInc(f, val[x]!, comp[x]!);
            if (kahanOutSum !== Infinity && kahanOutSum !== -Infinity) {
              val[x] = kahanOutSum;
              comp[x] = kahanOutC;
              break;
            }
            incremental![x] = 1;
            mean[x] = val[x]! / (c - 1);
            comp[x] = comp[x]! / (c - 1);
          }
          const q = (c - 1) / c;
          kahanSumInc(f / c, q * mean[x]!, q * comp[x]!);
          mean[x] = kahanOutSum;
          comp[x] = kahanOutC;
          break;
        }
        case 'max': {
          const cur = val[x]!;
          if (cur < f || cur !== cur) val[x] = f;
          break;
        }
        case 'min': {
          const cur = val[x]!;
          if (cur > f || cur !== cur) val[x] = f;
          break;
        }
        case 'count':
          count[x]!++;
          break;
        case 'stddev':
        case 'stdvar': {
          const c = ++count[x]!;
          const d = f - mean[x]!;
          mean[x] = mean[x]! + d / c;
          val[x] = val[x]! + d * (f - mean[x]!);
          break;
        }
        case 'quantile':
          qvals![x]!.push(f);
          break;
        case 'group':
          break;
        default:
          throw new QueryError('internal', `unexpected aggregation ${op}`);
      }
    }
  }

  const out: StepSeries[] = [];
  let scratch = new Float64Array(16);
  for (let g = 0; g < G; g++) {
    const o = newStepSeries(labels[g]!, n);
    let any = false;
    for (let k = 0; k < n; k++) {
      const x = g * n + k;
      if (seen[x] === 0) continue;
      let r: number;
      switch (op) {
        case 'sum':
          r = val[x]! + comp[x]!;
          break;
        case 'avg':
          r = incremental![x] ? mean[x]! + comp[x]! : val[x]! / count[x]! + comp[x]! / count[x]!;
          break;
        case 'count':
          r = count[x]!;
          break;
        case 'stdvar':
          r = val[x]! / count[x]!;
          break;
        case 'stddev':
          r = Math.sqrt(val[x]! / count[x]!);
          break;
        case 'quantile': {
          const vs = qvals![x]!;
          if (scratch.length < vs.length) scratch = new Float64Array(vs.length * 2);
          for (let i = 0; i < vs.length; i++) scratch[i] = vs[i]!;
          r = quantileOf(param ? param[k]! : NaN, scratch, vs.length);
          break;
        }
        default:
          r = val[x]!;
      }
      o.v[k] = r;
      o.has[k] = 1;
      if (dropName[x]) o.dropName = true;
      any = true;
    }
    if (any) out.push(o);
  }
  return out;
}

/** count_values: one output series per distinct value (formatted as Go's 'f' -1). */
export function countValues(e: AggregateExpr, label: string, input: StepSeries[], n: number): StepSeries[] {
  const grouping = e.without ? e.grouping : [...e.grouping, label].sort();
  const out = new Map<string, StepSeries>();
  const b = new LabelsBuilder();
  for (const s of input) {
    interruptCheck();
    for (let k = 0; k < n; k++) {
      if (s.has[k] === 0) continue;
      b.reset(s.labels);
      b.set(label, formatFloatF(s.v[k]!));
      const g = groupingLabels(b.labels(), grouping, e.without);
      let o = out.get(g.key);
      if (!o) {
        o = newStepSeries(g, n);
        out.set(g.key, o);
      }
      o.v[k] = (o.has[k] ? o.v[k]! : 0) + 1;
      o.has[k] = 1;
    }
  }
  return [...out.values()];
}

/** Validates the k of topk/bottomk/limitk over all steps; returns false when no step has k >= 1. */
export function checkK(param: Float64Array): boolean {
  let max = -Infinity;
  let min = Infinity;
  let nan = false;
  for (let i = 0; i < param.length; i++) {
    const p = param[i]!;
    if (p !== p) nan = true;
    else {
      if (p > max) max = p;
      if (p < min) min = p;
    }
  }
  if (!nan && max < 1) return false;
  if (nan && max !== -Infinity && max < 1) return false;
  if (nan) throw new QueryError('execution', 'Parameter value is NaN');
  if (min <= -9223372036854775808) throw new QueryError('execution', `Scalar value ${min} underflows int64`);
  if (max >= 9223372036854774784) throw new QueryError('execution', `Scalar value ${max} overflows int64`);
  return true;
}

/**
 * topk, bottomk, limitk, limit_ratio: selects whole samples per (group, step). The output
 * series keep their input labels. For an instant evaluation the result is ordered as
 * Prometheus orders it (group by group, by value for topk/bottomk).
 */
export function aggregateK(e: AggregateExpr, input: StepSeries[], param: Float64Array, n: number): AggregateResult {
  const op = e.op;
  const { groupOf, labels } = assignGroups(input, e.grouping, e.without);
  const G = labels.length;
  const selected: Uint8Array[] = input.map(() => new Uint8Array(n));
  const orderAt0: number[] = [];
  // Per group heap of input indices, rebuilt per step.
  const heaps: number[][] = Array.from({ length: G }, () => []);
  let offsets: Float64Array | null = null;
  if (op === 'limit_ratio') {
    offsets = new Float64Array(input.length);
    for (let i = 0; i < input.length; i++) offsets[i] = labelsHashRatio(input[i]!.labels);
  }
  for (let k = 0; k < n; k++) {
    interruptCheck();
    const p = param[k]!;
    for (const h of heaps) h.length = 0;
    let kk = 0;
    let r = 0;
    if (op === 'limit_ratio') {
      if (p === 0 || p !== p) continue;
      r = p < -1 ? -1 : p > 1 ? 1 : p;
    } else {
      kk = Math.min(Math.trunc(p), input.length);
      if (!(kk >= 1)) continue;
    }
    for (let i = 0; i < input.length; i++) {
      const s = input[i]!;
      if (s.has[k] === 0) continue;
      const h = heaps[groupOf[i]!]!;
      const f = s.v[k]!;
      switch (op) {
        case 'limitk':
          if (h.length < kk) h.push(i);
          break;
        case 'limit_ratio': {
          const off = offsets![i]!;
          if ((r >= 0 && off < r) || (r < 0 && off >= 1 + r)) h.push(i);
          break;
        }
        case 'topk':
        case 'bottomk': {
          if (h.length < kk) {
            h.push(i);
            continue;
          }
          // Replace the current worst element when f is better (NaN is always worst).
          let worst = 0;
          for (let q = 1; q < h.length; q++) {
            if (worse(op, input[h[q]!]!.v[k]!, input[h[worst]!]!.v[k]!)) worst = q;
          }
          const wv = input[h[worst]!]!.v[k]!;
          const better = op === 'topk' ? wv < f || (wv !== wv && f === f) : wv > f || (wv !== wv && f === f);
          if (better) h[worst] = i;
          break;
        }
      }
    }
    for (let g = 0; g < G; g++) {
      const h = heaps[g]!;
      if (op === 'topk' || op === 'bottomk') {
        h.sort((a, b) => {
          const va = input[a]!.v[k]!;
          const vb = input[b]!.v[k]!;
          // Descending for topk, ascending for bottomk; NaN last either way.
          if (va !== va) return vb !== vb ? 0 : 1;
          if (vb !== vb) return -1;
          return op === 'topk' ? vb - va : va - vb;
        });
      }
      for (const i of h) selected[i]![k] = 1;
      if (k === 0 && n === 1) orderAt0.push(...h);
    }
  }
  const out = new OutputSet(n);
  const build = (i: number): StepSeries => {
    const s = input[i]!;
    const o = newStepSeries(s.labels, n, s.dropName);
    const sel = selected[i]!;
    for (let k = 0; k < n; k++) {
      if (sel[k] === 0) continue;
      o.v[k] = s.v[k]!;
      o.has[k] = 1;
    }
    return o;
  };
  if (n === 1) {
    const list = orderAt0.map(build);
    const seen = new Set<string>();
    for (const s of list) {
      if (seen.has(s.labels.key)) throw new QueryError('execution', 'vector cannot contain metrics with the same labelset');
      seen.add(s.labels.key);
    }
    return { series: list, ordered: op === 'topk' || op === 'bottomk' };
  }
  for (let i = 0; i < input.length; i++) {
    if (selected[i]!.some((x) => x !== 0)) out.addSeries(build(i));
  }
  return { series: out.result(), ordered: false };
}

function worse(op: string, a: number, b: number): boolean {
  // True when a is a worse candidate than b (NaN is the worst).
  if (a !== a) return b === b;
  if (b !== b) return false;
  return op === 'topk' ? a < b : a > b;
}
