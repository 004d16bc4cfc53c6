/**
 * promtool's duplicate-rules lint: rules of one file that produce the same series name
 * (record or alert name) with the same labels (the group's labels overridden by the rule's,
 * as they are applied), which would write over each other.
 */

import type { RuleFileSpec } from '../types.js';

export interface DuplicateRule {
  readonly metric: string;
  /** Sorted by name. */
  readonly labels: ReadonlyArray<readonly [string, string]>;
}

/** Each duplicated (metric, labels) once, in promtool's order: by metric, then labels. */
export function findDuplicateRules(file: RuleFileSpec): DuplicateRule[] {
  const all: DuplicateRule[] = [];
  for (const g of file.groups) {
    for (const r of g.rules) {
      const merged = new Map<string, string>(Object.entries(g.labels));
      for (const [k, v] of Object.entries(r.labels)) merged.set(k, v);
      const labels = [...merged].sort((a, b) => compareBytes(a[0], b[0]));
      all.push({ metric: r.kind === 'alerting' ? r.alert : r.record, labels });
    }
  }
  all.sort(compare);
  const out: DuplicateRule[] = [];
  for (let i = 1; i < all.length; i++) {
    if (compare(all[i - 1]!, all[i]!) !== 0) continue;
    if (out.length === 0 || compare(out[out.length - 1]!, all[i]!) !== 0) out.push(all[i]!);
  }
  return out;
}

function compare(a: DuplicateRule, b: DuplicateRule): number {
  const c = compareBytes(a.metric, b.metric);
  if (c !== 0) return c;
  const n = Math.min(a.labels.length, b.labels.length);
  for (let i = 0; i < n; i++) {
    const x = a.labels[i]!;
    const y = b.labels[i]!;
    const d = compareBytes(x[0], y[0]) || compareBytes(x[1], y[1]);
    if (d !== 0) return d;
  }
  return a.labels.length - b.labels.length;
}

/** Go's strings.Compare orders UTF-8 bytes, i.e. code points; UTF-16 units differ above U+FFFF. */
function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}
