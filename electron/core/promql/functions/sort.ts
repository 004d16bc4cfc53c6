/**
 * sort, sort_desc, sort_by_label and sort_by_label_desc: they order an instant query's
 * result (a range query's result is always ordered by labels, so there they do nothing).
 */

import { compareLabels } from '../../model/labels.js';
import type { Call } from '../parser/ast.js';
import { stringOf } from '../eval/args.js';
import type { EvalValue, Grid, OrderedVector, StepSeries } from '../eval/types.js';
import type { FunctionContext } from './types.js';

export function sort(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const series = ctx.vectorArg(e.args[0]!, g);
  if (g.n !== 1) return { kind: 'vector', series };
  const labels = e.args.slice(1).map((a) => stringOf(a));
  const sorted = sortSeries(e.func.name, series, labels);
  return { kind: 'vector', series: sorted, ordered: true } as OrderedVector;
}

function sortSeries(name: string, series: StepSeries[], labels: string[]): StepSeries[] {
  const list = series.slice();
  if (name === 'sort' || name === 'sort_desc') {
    const desc = name === 'sort_desc';
    list.sort((a, b) => {
      const x = a.v[0]!;
      const y = b.v[0]!;
      if (x !== x) return y !== y ? 0 : 1;
      if (y !== y) return -1;
      return desc ? y - x : x - y;
    });
    return list;
  }
  const desc = name === 'sort_by_label_desc';
  list.sort((a, b) => {
    for (const l of labels) {
      const x = a.labels.get(l);
      const y = b.labels.get(l);
      if (x === y) continue;
      const less = natLess(x, y);
      return desc ? (less ? 1 : -1) : less ? -1 : 1;
    }
    const c = compareLabels(a.labels, b.labels);
    return desc ? -c : c;
  });
  return list;
}

/**
 * Natural string order (github.com/facette/natsort): digit runs compare as numbers, the
 * rest as text. Returns true when a sorts before b.
 */
export function natLess(a: string, b: string): boolean {
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < ca.length && i < cb.length; i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const xt = x.replace(/^0+(?=\d)/, '');
      const yt = y.replace(/^0+(?=\d)/, '');
      if (xt.length !== yt.length) return xt.length < yt.length;
      if (xt !== yt) return xt < yt;
      return x.length < y.length;
    }
    return x < y;
  }
  return ca.length < cb.length;
}

function chunks(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}
