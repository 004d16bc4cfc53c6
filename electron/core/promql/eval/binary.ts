/**
 * Binary operators over columnar instant vectors. Vector matching is resolved once per
 * series (join signatures interned to integers); the per-step work is a loop over typed
 * arrays. Cardinality errors are raised at the first step where they occur, with
 * Prometheus's wording.
 */

import { Labels, LabelsBuilder, METRIC_NAME, compareLabels } from '../../model/labels.js';
import type { BinaryExpr, BinaryOp, VectorMatching } from '../parser/ast.js';
import { isComparisonOp } from '../parser/ast.js';
import { QueryError } from '../value.js';
import { goPow } from '../functions/math.js';
import type { StepSeries } from './types.js';
import { holdPoints, interruptCheck, newStepSeries } from './types.js';

export const METADATA_LABELS = ['__name__', '__type__', '__unit__'];

/** Arithmetic on two floats; comparisons return their left operand (kept or not via `keep`). */
export let binKeep = true;
export function binFloat(op: BinaryOp, l: number, r: number): number {
  binKeep = true;
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
    case '==':
      binKeep = l === r;
      return l;
    case '!=':
      binKeep = l !== r;
      return l;
    case '>':
      binKeep = l > r;
      return l;
    case '<':
      binKeep = l < r;
      return l;
    case '>=':
      binKeep = l >= r;
      return l;
    case '<=':
      binKeep = l <= r;
      return l;
    default:
      throw new QueryError('internal', `operator ${op} not allowed on floats`);
  }
}

/** Scalar op scalar: comparisons yield 1 or 0. */
export function scalarBinop(op: BinaryOp, l: number, r: number): number {
  const v = binFloat(op, l, r);
  if (isComparisonOp(op)) return binKeep ? 1 : 0;
  return v;
}

export function changesMetricSchema(op: BinaryOp): boolean {
  return op === '+' || op === '-' || op === '*' || op === '/' || op === '%' || op === '^' || op === 'atan2';
}

/** Vector op scalar (or scalar op vector when `scalarLeft`). */
export function vectorScalar(
  op: BinaryOp,
  series: StepSeries[],
  scalar: Float64Array,
  scalarLeft: boolean,
  returnBool: boolean,
  n: number,
): StepSeries[] {
  const cmp = isComparisonOp(op);
  const drop = changesMetricSchema(op) || returnBool;
  const out: StepSeries[] = [];
  for (const s of series) {
    interruptCheck();
    const o = newStepSeries(s.labels, n, s.dropName || drop);
    let any = false;
    for (let k = 0; k < n; k++) {
      if (s.has[k] === 0) continue;
      const x = s.v[k]!;
      const c = scalar[k]!;
      let val = scalarLeft ? binFloat(op, c, x) : binFloat(op, x, c);
      if (cmp && scalarLeft) val = x;
      if (returnBool) {
        val = binKeep ? 1 : 0;
      } else if (!binKeep) continue;
      o.v[k] = val;
      o.has[k] = 1;
      any = true;
    }
    if (any) out.push(o);
  }
  return out;
}

/** Go's labels.Labels.String(): every label (the name too) inside braces. */
export function goLabels(l: Labels): string {
  const parts: string[] = [];
  l.forEach((n, v) => parts.push(`${n}=${JSON.stringify(v)}`));
  return `{${parts.join(', ')}}`;
}

/** Join signature of a series for the matching. */
function signature(l: Labels, m: VectorMatching): string {
  if (m.on) return l.keep(m.matchingLabels).key;
  return l.without([...m.matchingLabels, METRIC_NAME]).key;
}

/** Labels.MatchLabels: the labels the matching looks at. */
function matchLabels(l: Labels, m: VectorMatching): Labels {
  if (m.on) return l.keep(m.matchingLabels);
  return l.without([...m.matchingLabels, METRIC_NAME]);
}

function internSigs(series: StepSeries[], m: VectorMatching, ids: Map<string, number>): Int32Array {
  const out = new Int32Array(series.length);
  for (let i = 0; i < series.length; i++) {
    const key = signature(series[i]!.labels, m);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    out[i] = id;
  }
  return out;
}

/** Collects output series by label set; two values for one label set at one step are an error. */
export class OutputSet {
  private readonly byKey = new Map<string, { s: StepSeries; sig: number }>();
  readonly list: StepSeries[] = [];

  constructor(private readonly n: number) {}

  /** The output series for `labels`, created on first use. */
  get(labels: Labels, dropName: boolean, sig = -1): { s: StepSeries; sig: number } {
    let e = this.byKey.get(labels.key);
    if (!e) {
      holdPoints((this.list.length + 1) * this.n);
      e = { s: newStepSeries(labels, this.n, dropName), sig };
      this.byKey.set(labels.key, e);
      this.list.push(e.s);
    } else if (dropName) {
      e.s.dropName = true;
    }
    return e;
  }

  /** Adds a whole series, merging with an existing one of the same labels. */
  addSeries(s: StepSeries): void {
    const e = this.byKey.get(s.labels.key);
    if (!e) {
      this.byKey.set(s.labels.key, { s, sig: -1 });
      this.list.push(s);
      return;
    }
    const d = e.s;
    for (let k = 0; k < this.n; k++) {
      if (s.has[k] === 0) continue;
      if (d.has[k] !== 0) throw new QueryError('execution', 'vector cannot contain metrics with the same labelset');
      d.v[k] = s.v[k]!;
      d.has[k] = 1;
    }
    if (s.dropName) d.dropName = true;
  }

  result(): StepSeries[] {
    return this.list.filter((s) => s.has.some((x) => x !== 0));
  }
}

/** and / or / unless. */
export function setOperation(op: 'and' | 'or' | 'unless', lhs: StepSeries[], rhs: StepSeries[], m: VectorMatching, n: number): StepSeries[] {
  const ids = new Map<string, number>();
  const lsig = internSigs(lhs, m, ids);
  const rsig = internSigs(rhs, m, ids);
  const nsig = ids.size;
  const out = new OutputSet(n);
  if (op === 'or') {
    const lPresent = new Uint8Array(nsig * n);
    for (let i = 0; i < lhs.length; i++) {
      const s = lhs[i]!;
      const base = lsig[i]! * n;
      for (let k = 0; k < n; k++) if (s.has[k] !== 0) lPresent[base + k] = 1;
      out.addSeries(copySeries(s, n, null, 0));
    }
    for (let j = 0; j < rhs.length; j++) {
      const s = rhs[j]!;
      out.addSeries(copySeries(s, n, lPresent, rsig[j]! * n, true));
    }
    return out.result();
  }
  const rPresent = new Uint8Array(nsig * n);
  for (let j = 0; j < rhs.length; j++) {
    const s = rhs[j]!;
    const base = rsig[j]! * n;
    for (let k = 0; k < n; k++) if (s.has[k] !== 0) rPresent[base + k] = 1;
  }
  for (let i = 0; i < lhs.length; i++) {
    interruptCheck();
    const s = lhs[i]!;
    out.addSeries(copySeries(s, n, rPresent, lsig[i]! * n, op === 'unless'));
  }
  return out.result();
}

/** A copy of s keeping step k where mask[base+k] is set (or unset when `invert`); all steps without a mask. */
function copySeries(s: StepSeries, n: number, mask: Uint8Array | null, base: number, invert = false): StepSeries {
  const o = newStepSeries(s.labels, n, s.dropName);
  for (let k = 0; k < n; k++) {
    if (s.has[k] === 0) continue;
    if (mask) {
      const m = mask[base + k] !== 0;
      if (m === invert) continue;
    }
    o.v[k] = s.v[k]!;
    o.has[k] = 1;
  }
  return o;
}

/** Arithmetic and comparison operators between two instant vectors. */
export function vectorBinop(e: BinaryExpr, lhsIn: StepSeries[], rhsIn: StepSeries[], n: number): StepSeries[] {
  const m = e.matching!;
  const op = e.op;
  const fillL = m.fillValues.lhs;
  const fillR = m.fillValues.rhs;
  if ((lhsIn.length === 0 && rhsIn.length === 0) || ((lhsIn.length === 0 || rhsIn.length === 0) && fillL === null && fillR === null)) {
    return [];
  }
  const swapped = m.card === 'one-to-many';
  const L = swapped ? rhsIn : lhsIn;
  const R = swapped ? lhsIn : rhsIn;
  // As in Prometheus, the fills apply to the sides after the swap: fill_right to a missing
  // "one" side, fill_left to a missing "many" side.
  const fillOne = fillR;
  const fillMany = fillL;
  const ids = new Map<string, number>();
  const lsig = internSigs(L, m, ids);
  const rsig = internSigs(R, m, ids);
  const nsig = ids.size;

  // The one-side series present per signature and step; two at once is many-to-many.
  const rAt = new Int32Array(nsig * n).fill(-1);
  for (let j = 0; j < R.length; j++) {
    const s = R[j]!;
    const base = rsig[j]! * n;
    for (let k = 0; k < n; k++) {
      if (s.has[k] === 0) continue;
      const prev = rAt[base + k]!;
      if (prev !== -1) {
        const a = s.labels;
        const b = R[prev]!.labels;
        const [x, y] = compareLabels(a, b) <= 0 ? [a, b] : [b, a];
        const side = swapped ? 'left' : 'right';
        throw new QueryError(
          'execution',
          `found duplicate series for the match group ${goLabels(matchLabels(a, m))} on the ${side} hand-side of the operation: [${goLabels(x)}, ${goLabels(y)}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      rAt[base + k] = j;
    }
  }

  const cmp = isComparisonOp(op);
  const returnBool = e.returnBool;
  const oneToOne = m.card === 'one-to-one';
  const matched = new Int32Array(nsig * n).fill(-1);
  const out = new OutputSet(n);
  const labelCache = new Map<number, Labels>();
  const resultLabels = (i: number, j: number, ls: Labels, rs: Labels): Labels => {
    // One-to-one results depend on the many side only; group_x results on both.
    const key = oneToOne ? i : i * (R.length + 1) + (j + 1);
    let l = labelCache.get(key);
    if (!l) {
      l = resultMetric(ls, rs, op, m);
      labelCache.set(key, l);
    }
    return l;
  };

  const apply = (ls: StepSeries | null, lsLabels: Labels, lv: number, rv: number, rsLabels: Labels, sig: number, k: number, i: number, j: number, lDrop: boolean): void => {
    if (oneToOne) {
      const prev = matched[sig * n + k]!;
      if (prev !== -1 && prev !== i) {
        throw new QueryError('execution', 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      }
    }
    matched[sig * n + k] = i;
    let fl = lv;
    let fr = rv;
    if (swapped) {
      fl = rv;
      fr = lv;
    }
    let val = binFloat(op, fl, fr);
    const keep = binKeep;
    if (returnBool) val = keep ? 1 : 0;
    else if (cmp && !keep) return;
    const labels = ls ? resultLabels(i, j, lsLabels, rsLabels) : resultMetric(lsLabels, rsLabels, op, m);
    const entry = out.get(labels, returnBool || (cmp && lDrop), sig);
    const d = entry.s;
    if (d.has[k] !== 0) {
      if (!oneToOne && entry.sig === sig) {
        throw new QueryError('execution', 'multiple matches for labels: grouping labels must ensure unique matches');
      }
      throw new QueryError('execution', 'vector cannot contain metrics with the same labelset');
    }
    d.v[k] = val;
    d.has[k] = 1;
  };

  for (let i = 0; i < L.length; i++) {
    interruptCheck();
    const s = L[i]!;
    const sig = lsig[i]!;
    const base = sig * n;
    for (let k = 0; k < n; k++) {
      if (s.has[k] === 0) continue;
      const j = rAt[base + k]!;
      if (j >= 0) {
        const r = R[j]!;
        apply(s, s.labels, s.v[k]!, r.v[k]!, r.labels, sig, k, i, j, s.dropName);
      } else if (fillOne !== null) {
        apply(s, s.labels, s.v[k]!, fillOne, matchLabels(s.labels, m), sig, k, i, -1, s.dropName);
      }
    }
  }
  if (fillMany !== null) {
    for (let j = 0; j < R.length; j++) {
      const r = R[j]!;
      const base = rsig[j]! * n;
      let lsLabels: Labels | null = null;
      for (let k = 0; k < n; k++) {
        if (r.has[k] === 0 || rAt[base + k] !== j || matched[base + k] !== -1) continue;
        lsLabels ??= matchLabels(r.labels, m);
        apply(null, lsLabels, fillMany, r.v[k]!, r.labels, rsig[j]!, k, -2 - j, j, false);
      }
    }
  }
  return out.result();
}

/** Prometheus's resultMetric: the labels of a binary operation's output sample. */
export function resultMetric(lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching): Labels {
  const b = new LabelsBuilder(lhs);
  if (changesMetricSchema(op)) b.del(...METADATA_LABELS);
  if (m.card === 'one-to-one') {
    if (m.on) {
      const keep = new Set(m.matchingLabels);
      const all = lhs.pairs;
      for (let i = 0; i < all.length; i += 2) if (!keep.has(all[i]!)) b.del(all[i]!);
    } else {
      b.del(...m.matchingLabels);
    }
  }
  for (const ln of m.include) {
    const v = rhs.get(ln);
    if (v !== '') b.set(ln, v);
    else b.del(ln);
  }
  return b.labels();
}
