/**
 * info(v, {data selector}) (experimental): enriches each series with the data labels of the
 * info series (target_info by default) that share its identifying labels (instance, job),
 * evaluated at the same times as the base series. The newest info sample wins a conflict.
 */

import { Labels, LabelsBuilder, METRIC_NAME } from '../../model/labels.js';
import { Matcher } from '../../model/matcher.js';
import type { Call, Expr, VectorSelector } from '../parser/ast.js';
import { QueryError } from '../value.js';
import { unwrap } from '../eval/args.js';
import { OutputSet, goLabels } from '../eval/binary.js';
import { selectInstant } from '../eval/selectors.js';
import type { EvalValue, Grid, StepSeries } from '../eval/types.js';
import { newStepSeries } from '../eval/types.js';
import type { FunctionContext } from './types.js';

const IDENTIFYING = ['instance', 'job'];

function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * The time the base series' samples are read at, as (@ time or null, offset): the info
 * series are evaluated at the same times. Follows the first selector of the base
 * expression through subqueries, whose @ resets and whose offsets add up.
 */
function referenceTime(ctx: FunctionContext, e: Expr): { at: number | null; offset: number } | null {
  const rec = (n: Expr, at: number | null, offset: number): { at: number | null; offset: number } | null => {
    const u = unwrap(n);
    if (u.kind === 'VectorSelector' || u.kind === 'MatrixSelector') {
      const vs: VectorSelector = u.kind === 'VectorSelector' ? u : u.vectorSelector;
      const p = ctx.timing(vs);
      return p.at !== null ? { at: p.at, offset: p.offset } : { at, offset: offset + p.offset };
    }
    if (u.kind === 'SubqueryExpr') {
      const p = ctx.timing(u);
      return p.at !== null ? rec(u.expr, p.at, p.offset) : rec(u.expr, at, offset + p.offset);
    }
    const kids: Expr[] =
      u.kind === 'Call' ? u.args : u.kind === 'BinaryExpr' ? [u.lhs, u.rhs] : u.kind === 'AggregateExpr' ? [u.expr] : 'expr' in u ? [u.expr] : [];
    for (const k of kids) {
      const r = rec(k, at, offset);
      if (r) return r;
    }
    return null;
  };
  return rec(e, null, 0);
}

export function info(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const n = g.n;
  const base = ctx.vectorArg(e.args[0]!, g);
  const dataMatchers = new Map<string, Matcher[]>();
  let nameMatchers: Matcher[];
  if (e.args.length > 1) {
    const sel = unwrap(e.args[1]!);
    if (sel.kind !== 'VectorSelector') throw new QueryError('bad_data', 'info(): the second argument must be a label selector');
    nameMatchers = [];
    for (const m of sel.matchers) {
      const list = dataMatchers.get(m.name) ?? [];
      list.push(m);
      dataMatchers.set(m.name, list);
      if (m.name === METRIC_NAME) nameMatchers.push(m);
    }
  } else {
    nameMatchers = [new Matcher('=', METRIC_NAME, 'target_info')];
  }
  const positiveName = nameMatchers.some((m) => m.type === '=' || m.type === '=~');
  const ignored = base.map((s) => {
    if (!positiveName) return false;
    const name = s.labels.get(METRIC_NAME);
    return nameMatchers.every((m) => m.matches(name));
  });

  const idValues = new Map<string, Set<string>>();
  base.forEach((s, i) => {
    if (ignored[i]) return;
    for (const l of IDENTIFYING) {
      const v = s.labels.get(l);
      if (v === '') continue;
      let set = idValues.get(l);
      if (!set) idValues.set(l, (set = new Set()));
      set.add(v);
    }
  });
  const hasName = dataMatchers.has(METRIC_NAME);
  const nameSel = dataMatchers.get(METRIC_NAME) ?? [];
  dataMatchers.delete(METRIC_NAME);

  // Info series and their values (the sample time, for conflict resolution) per step.
  const infoSeries: StepSeries[] = [];
  const infoNames: string[] = [];
  if (idValues.size > 0) {
    const matchers: Matcher[] = [];
    if (!hasName) matchers.push(new Matcher('=', METRIC_NAME, 'target_info'));
    // Negated name matchers alone still pick among info metrics only.
    else if (!nameSel.some((m) => m.type === '=' || m.type === '=~')) matchers.push(new Matcher('=~', METRIC_NAME, '.+_info'));
    for (const [name, vals] of idValues) matchers.push(new Matcher('=~', name, [...vals].map(quoteMeta).join('|')));
    matchers.push(...nameSel);
    for (const ms of dataMatchers.values()) matchers.push(...ms);
    const ref = referenceTime(ctx, e.args[0]!);
    const offset = ref?.offset ?? 0;
    const at = ref?.at ?? null;
    const lookback = ctx.lookback;
    const start = (at ?? g.start) - lookback + 1 - offset;
    const end = (at ?? g.end) - offset;
    const found = ctx.selectSeries({ start, end, func: 'info' }, matchers);
    for (const s of found) {
      ctx.check();
      const o = newStepSeries(s.labels, n);
      if (!selectInstant(s.samples, g, offset, at, lookback, o, true)) continue;
      infoSeries.push(o);
      infoNames.push(s.labels.get(METRIC_NAME));
    }
  }
  const distinctNames = [...new Set(infoNames)];
  const sig = (l: Labels, name: string): string => `${name}\xff${l.keep(IDENTIFYING).key}`;
  const infoSig = infoSeries.map((s, i) => sig(s.labels, infoNames[i]!));
  const baseSigs = base.map((s) => distinctNames.map((name) => sig(s.labels, name)));
  const allMatchEmpty = [...dataMatchers.values()].every((ms) => ms.every((m) => m.matches('')));

  const out = new OutputSet(n);
  const right = new Map<string, number>();
  const b = new LabelsBuilder();
  for (let k = 0; k < n; k++) {
    ctx.check();
    right.clear();
    for (let i = 0; i < infoSeries.length; i++) {
      const s = infoSeries[i]!;
      if (s.has[k] === 0) continue;
      const prev = right.get(infoSig[i]!);
      if (prev === undefined) {
        right.set(infoSig[i]!, i);
        continue;
      }
      const pt = infoSeries[prev]!.v[k]!;
      const ct = s.v[k]!;
      if (ct > pt) right.set(infoSig[i]!, i);
      else if (ct === pt) {
        throw new QueryError(
          'execution',
          `found duplicate series for info metric: existing ${goLabels(infoSeries[prev]!.labels)} @ ${pt * 1000}, new ${goLabels(s.labels)} @ ${ct * 1000}`,
        );
      }
    }
    for (let bi = 0; bi < base.length; bi++) {
      const bs = base[bi]!;
      if (bs.has[k] === 0) continue;
      let labels: Labels = bs.labels;
      if (!ignored[bi]) {
        const add = new Map<string, string>();
        let seen = 0;
        for (const s of baseSigs[bi]!) {
          const ii = right.get(s);
          if (ii === undefined) continue;
          seen++;
          infoSeries[ii]!.labels.forEach((name, value) => {
            if (name === METRIC_NAME) return;
            if (dataMatchers.size > 0 && !dataMatchers.has(name)) return;
            const cur = add.get(name);
            if (cur !== undefined && cur !== value) throw new QueryError('execution', `conflicting label: ${name}`);
            if (bs.labels.has(name)) return;
            add.set(name, value);
          });
        }
        if (seen === 0 && !allMatchEmpty) continue;
        if (add.size > 0) {
          b.reset(bs.labels);
          for (const [name, value] of add) b.set(name, value);
          labels = b.labels();
        }
      }
      const o = out.get(labels, bs.dropName).s;
      if (o.has[k] !== 0) throw new QueryError('execution', 'vector cannot contain metrics with the same labelset');
      o.v[k] = bs.v[k]!;
      o.has[k] = 1;
    }
  }
  return { kind: 'vector', series: out.result() };
}
