/**
 * label_replace and label_join: they change label sets only, never values. Series that end
 * up with the same labels are merged when they do not overlap in time (as Prometheus does
 * with delayed name removal), and are an error when they do.
 */

import { LabelsBuilder, METRIC_NAME } from '../../model/labels.js';
import { type AnchoredRegex, compileAnchoredRegex } from '../../model/regex.js';
import type { Call } from '../parser/ast.js';
import { isUtf8Name } from '../../../../shared/text/names.js';
import { QueryError } from '../value.js';
import { stringOf } from '../eval/args.js';
import { mergeSameLabels } from '../eval/names.js';
import type { EvalValue, Grid, StepSeries } from '../eval/types.js';
import type { FunctionContext } from './types.js';

/** Go's regexp.Expand template: $1, ${1}, $name, ${name}, $$. */
export function expandTemplate(tpl: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < tpl.length; i++) {
    const c = tpl[i]!;
    if (c !== '$' || i + 1 >= tpl.length) {
      out += c;
      continue;
    }
    const nx = tpl[i + 1]!;
    if (nx === '$') {
      out += '$';
      i++;
      continue;
    }
    let name = '';
    let j = i + 1;
    if (nx === '{') {
      const end = tpl.indexOf('}', i + 2);
      if (end < 0) {
        out += c;
        continue;
      }
      name = tpl.slice(i + 2, end);
      j = end + 1;
    } else {
      while (j < tpl.length && /[A-Za-z0-9_]/.test(tpl[j]!)) j++;
      name = tpl.slice(i + 1, j);
    }
    if (name === '' || !/^[A-Za-z0-9_]+$/.test(name)) {
      out += c;
      continue;
    }
    if (/^\d+$/.test(name)) out += m[Number(name)] ?? '';
    else out += m.groups?.[name] ?? '';
    i = j - 1;
  }
  return out;
}

export function labelReplace(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const dst = stringOf(e.args[1]!);
  const repl = stringOf(e.args[2]!);
  const src = stringOf(e.args[3]!);
  const regexStr = stringOf(e.args[4]!);
  let re: AnchoredRegex;
  try {
    re = compileAnchoredRegex(regexStr);
  } catch {
    throw new QueryError('execution', `invalid regular expression in label_replace(): ${regexStr}`);
  }
  if (!isUtf8Name(dst)) throw new QueryError('execution', `invalid destination label name in label_replace(): ${dst}`);
  const input = ctx.vectorArg(e.args[0]!, g);
  const b = new LabelsBuilder();
  const out: StepSeries[] = [];
  for (const s of input) {
    const srcVal = s.labels.get(src);
    const m = re.exec(srcVal);
    if (!m) {
      out.push(s);
      continue;
    }
    b.reset(s.labels);
    b.set(dst, expandTemplate(repl, m));
    out.push({ labels: b.labels(), dropName: dst === METRIC_NAME ? false : s.dropName, v: s.v, has: s.has });
  }
  return { kind: 'vector', series: mergeSameLabels(out, g.n) };
}

export function labelJoin(ctx: FunctionContext, e: Call, g: Grid): EvalValue {
  const dst = stringOf(e.args[1]!);
  const sep = stringOf(e.args[2]!);
  const srcs = e.args.slice(3).map((a) => stringOf(a));
  for (const s of srcs) if (!isUtf8Name(s)) throw new QueryError('execution', `invalid source label name in label_join(): ${s}`);
  if (!isUtf8Name(dst)) throw new QueryError('execution', `invalid destination label name in label_join(): ${dst}`);
  const input = ctx.vectorArg(e.args[0]!, g);
  const b = new LabelsBuilder();
  const out: StepSeries[] = [];
  for (const s of input) {
    b.reset(s.labels);
    b.set(dst, srcs.map((x) => s.labels.get(x)).join(sep));
    out.push({ labels: b.labels(), dropName: dst === METRIC_NAME ? false : s.dropName, v: s.v, has: s.has });
  }
  return { kind: 'vector', series: mergeSameLabels(out, g.n) };
}
