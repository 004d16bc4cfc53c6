/**
 * Label sets: immutable, sorted by name, with a canonical string key.
 *
 * A label with an empty value is the same as no label (as in Prometheus), so the
 * constructors drop empty values. Two label sets are equal exactly when their keys are.
 */

import { isLegacyMetricName, promqlLabelName } from '../../../shared/text/names.js';
import { goQuote } from '../../../shared/text/quote.js';

export const METRIC_NAME = '__name__';

// \xff never occurs in valid UTF-8 text, so it cannot be confused with a name or value.
const SEP = '\xff';

export class Labels {
  static readonly EMPTY = new Labels([]);

  private keyCache: string | undefined;

  /** `flat` is name0, value0, name1, value1, … sorted by name, no empty values, no duplicates. */
  private constructor(private readonly flat: readonly string[]) {}

  /** Trusted constructor: `flat` must already be sorted, deduplicated and free of empty values. */
  static fromSortedFlat(flat: readonly string[]): Labels {
    return flat.length === 0 ? Labels.EMPTY : new Labels(flat);
  }

  static fromObject(obj: Readonly<Record<string, string>>): Labels {
    const names = Object.keys(obj).filter((n) => obj[n] !== '' && obj[n] !== undefined);
    names.sort(compareStrings);
    const flat: string[] = [];
    for (const n of names) flat.push(n, obj[n]!);
    return Labels.fromSortedFlat(flat);
  }

  /** Later pairs override earlier ones with the same name. */
  static fromPairs(pairs: Iterable<readonly [string, string]>): Labels {
    const m = new Map<string, string>();
    for (const [n, v] of pairs) m.set(n, v);
    const names = [...m.keys()].filter((n) => m.get(n) !== '');
    names.sort(compareStrings);
    const flat: string[] = [];
    for (const n of names) flat.push(n, m.get(n)!);
    return Labels.fromSortedFlat(flat);
  }

  get size(): number {
    return this.flat.length >> 1;
  }

  name(i: number): string {
    return this.flat[i << 1]!;
  }

  value(i: number): string {
    return this.flat[(i << 1) + 1]!;
  }

  /** The value of `name`, or '' when the set has no such label (Prometheus's convention). */
  get(name: string): string {
    const f = this.flat;
    for (let i = 0; i < f.length; i += 2) {
      if (f[i] === name) return f[i + 1]!;
    }
    return '';
  }

  has(name: string): boolean {
    const f = this.flat;
    for (let i = 0; i < f.length; i += 2) if (f[i] === name) return true;
    return false;
  }

  metricName(): string {
    return this.get(METRIC_NAME);
  }

  /** Canonical identity of the set; computed once. */
  get key(): string {
    if (this.keyCache === undefined) this.keyCache = this.flat.join(SEP);
    return this.keyCache;
  }

  equals(other: Labels): boolean {
    return this === other || this.key === other.key;
  }

  /** The flat name/value array (read only; shared, not copied). */
  get pairs(): readonly string[] {
    return this.flat;
  }

  forEach(fn: (name: string, value: string) => void): void {
    const f = this.flat;
    for (let i = 0; i < f.length; i += 2) fn(f[i]!, f[i + 1]!);
  }

  toObject(): Record<string, string> {
    const o: Record<string, string> = {};
    this.forEach((n, v) => {
      o[n] = v;
    });
    return o;
  }

  /** A copy without the given label names. */
  without(names: ReadonlySet<string> | readonly string[]): Labels {
    const drop = names instanceof Set ? names : new Set(names as readonly string[]);
    const out: string[] = [];
    const f = this.flat;
    for (let i = 0; i < f.length; i += 2) if (!drop.has(f[i]!)) out.push(f[i]!, f[i + 1]!);
    return out.length === f.length ? this : Labels.fromSortedFlat(out);
  }

  /** A copy with only the given label names. */
  keep(names: ReadonlySet<string> | readonly string[]): Labels {
    const keep = names instanceof Set ? names : new Set(names as readonly string[]);
    const out: string[] = [];
    const f = this.flat;
    for (let i = 0; i < f.length; i += 2) if (keep.has(f[i]!)) out.push(f[i]!, f[i + 1]!);
    return out.length === f.length ? this : Labels.fromSortedFlat(out);
  }

  withoutMetricName(): Labels {
    return this.has(METRIC_NAME) ? this.without([METRIC_NAME]) : this;
  }

  /** A copy with `name` set to `value` (removed when value is ''). */
  with(name: string, value: string): Labels {
    const b = new LabelsBuilder(this);
    b.set(name, value);
    return b.labels();
  }

  /** Prometheus's text form: `name{a="b", c="d"}`, quoting names that are not legacy identifiers. */
  toString(): string {
    const name = this.metricName();
    const parts: string[] = [];
    let nameInBraces = false;
    if (name !== '' && !isLegacyMetricName(name)) {
      parts.push(goQuote(name));
      nameInBraces = true;
    }
    this.forEach((n, v) => {
      if (n === METRIC_NAME) return;
      parts.push(`${promqlLabelName(n)}=${goQuote(v)}`);
    });
    const prefix = nameInBraces ? '' : name;
    if (parts.length === 0) return prefix === '' ? '{}' : prefix;
    return `${prefix}{${parts.join(', ')}}`;
  }
}

/** Mutable helper to derive a label set from another. */
export class LabelsBuilder {
  private readonly m = new Map<string, string>();

  constructor(base?: Labels) {
    if (base) this.reset(base);
  }

  reset(base: Labels): this {
    this.m.clear();
    base.forEach((n, v) => this.m.set(n, v));
    return this;
  }

  get(name: string): string {
    return this.m.get(name) ?? '';
  }

  set(name: string, value: string): this {
    if (value === '') this.m.delete(name);
    else this.m.set(name, value);
    return this;
  }

  del(...names: string[]): this {
    for (const n of names) this.m.delete(n);
    return this;
  }

  labels(): Labels {
    return Labels.fromPairs(this.m);
  }
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders label sets as Prometheus's labels.Compare does: pairwise by name, then value, then length. */
export function compareLabels(a: Labels, b: Labels): number {
  const fa = a.pairs;
  const fb = b.pairs;
  const n = Math.min(fa.length, fb.length);
  for (let i = 0; i < n; i++) {
    if (fa[i] !== fb[i]) return fa[i]! < fb[i]! ? -1 : 1;
  }
  return fa.length - fb.length;
}
