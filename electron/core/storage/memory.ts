/**
 * An in-memory store behind the storage interface: the PromQL test runner loads the
 * `.test` files into it, and unit tests use it wherever the real TSDB is not the subject.
 * Samples live in growable typed arrays per series; a batch becomes visible on commit.
 */

import { compareLabels, type Labels } from '../model/labels.js';
import { interruptTick } from '../model/interrupt.js';
import type { Matcher } from '../model/matcher.js';
import { StorageError } from './errors.js';
import type { Appender, Querier, SampleArrays, SelectHints, Series, SeriesRef, Storage } from './interface.js';

class MemSeries {
  t = new Float64Array(16);
  v = new Float64Array(16);
  stale: Uint8Array | null = null;
  length = 0;

  constructor(
    readonly ref: SeriesRef,
    readonly labels: Labels,
  ) {}

  lastT(): number {
    return this.length === 0 ? -Infinity : this.t[this.length - 1]!;
  }

  push(t: number, v: number, stale: boolean): void {
    if (this.length === this.t.length) {
      const n = this.length * 2;
      const nt = new Float64Array(n);
      nt.set(this.t);
      const nv = new Float64Array(n);
      nv.set(this.v);
      this.t = nt;
      this.v = nv;
      if (this.stale) {
        const ns = new Uint8Array(n);
        ns.set(this.stale);
        this.stale = ns;
      }
    }
    if (stale) {
      if (!this.stale) this.stale = new Uint8Array(this.t.length);
      this.stale[this.length] = 1;
    }
    this.t[this.length] = t;
    this.v[this.length] = stale ? NaN : v;
    this.length++;
  }

  /** Samples with mint <= t <= maxt, as views (no copy). */
  range(mint: number, maxt: number): SampleArrays {
    const lo = lowerBound(this.t, this.length, mint);
    let hi = lowerBound(this.t, this.length, maxt);
    if (hi < this.length && this.t[hi] === maxt) hi++;
    // An empty range (mint > maxt, e.g. hints outside the querier's range) selects nothing.
    if (hi < lo) hi = lo;
    const stale = this.stale ? this.stale.subarray(lo, hi) : null;
    return {
      t: this.t.subarray(lo, hi),
      v: this.v.subarray(lo, hi),
      stale: stale && stale.includes(1) ? stale : null,
      length: hi - lo,
    };
  }
}

/** First index i in [0, n) with a[i] >= x, or n. */
function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matchesAll(labels: Labels, matchers: readonly Matcher[]): boolean {
  for (const m of matchers) if (!m.matches(labels.get(m.name))) return false;
  return true;
}

interface Pending {
  ref: SeriesRef;
  labels: Labels;
  t: number;
  v: number;
  stale: boolean;
}

export class MemoryStorage implements Storage {
  private readonly byKey = new Map<string, MemSeries>();
  private readonly byRef: MemSeries[] = [];

  appender(): Appender {
    const pending: Pending[] = [];
    // The newest time per series within this batch, to reject out-of-order samples early.
    const lastInBatch = new Map<MemSeries, number>();
    let done = false;
    const check = (labels: Labels, ref: SeriesRef, t: number): MemSeries => {
      if (done) throw new Error('appender already committed or rolled back');
      let s = ref > 0 ? this.byRef[ref - 1] : undefined;
      if (!s || (ref > 0 && s.labels !== labels && !s.labels.equals(labels))) s = this.getOrCreate(labels);
      const last = Math.max(s.lastT(), lastInBatch.get(s) ?? -Infinity);
      if (t < last) throw new StorageError('out_of_order');
      if (t === last) throw new StorageError('duplicate_sample');
      lastInBatch.set(s, t);
      return s;
    };
    return {
      append: (ref, labels, t, v) => {
        const s = check(labels, ref, t);
        pending.push({ ref: s.ref, labels, t, v, stale: false });
        return s.ref;
      },
      appendStale: (ref, labels, t) => {
        const s = check(labels, ref, t);
        pending.push({ ref: s.ref, labels, t, v: NaN, stale: true });
        return s.ref;
      },
      commit: () => {
        done = true;
        for (const p of pending) this.byRef[p.ref - 1]!.push(p.t, p.v, p.stale);
        pending.length = 0;
      },
      rollback: () => {
        done = true;
        pending.length = 0;
      },
    };
  }

  private getOrCreate(labels: Labels): MemSeries {
    let s = this.byKey.get(labels.key);
    if (!s) {
      s = new MemSeries(this.byRef.length + 1, labels);
      this.byRef.push(s);
      this.byKey.set(labels.key, s);
    }
    return s;
  }

  querier(mint: number, maxt: number): Querier {
    const all = this.byRef;
    return {
      select: (sorted: boolean, hints: SelectHints | null, ...matchers: Matcher[]): Series[] => {
        const lo = Math.max(mint, hints?.start ?? mint);
        const hi = Math.min(maxt, hints?.end ?? maxt);
        const metaOnly = hints?.func === 'series';
        const out: Series[] = [];
        for (const s of all) {
          interruptTick();
          if (!matchesAll(s.labels, matchers)) continue;
          const samples = s.range(lo, hi);
          if (samples.length === 0 && !metaOnly) continue;
          out.push({ labels: s.labels, samples });
        }
        if (sorted) out.sort((a, b) => compareLabels(a.labels, b.labels));
        return out;
      },
      labelValues: (name: string, ...matchers: Matcher[]): string[] => {
        const vals = new Set<string>();
        for (const s of all) {
          interruptTick();
          if (!matchesAll(s.labels, matchers)) continue;
          if (s.range(mint, maxt).length === 0) continue;
          const v = s.labels.get(name);
          if (v !== '') vals.add(v);
        }
        return [...vals].sort();
      },
      labelNames: (...matchers: Matcher[]): string[] => {
        const names = new Set<string>();
        for (const s of all) {
          interruptTick();
          if (!matchesAll(s.labels, matchers)) continue;
          if (s.range(mint, maxt).length === 0) continue;
          s.labels.forEach((n) => names.add(n));
        }
        return [...names].sort();
      },
      close: () => {},
    };
  }

  startTime(): number | null {
    let min = Infinity;
    for (const s of this.byRef) if (s.length > 0 && s.t[0]! < min) min = s.t[0]!;
    return min === Infinity ? null : min;
  }

  /** Drops every series (the `clear` command of the PromQL test files). */
  clear(): void {
    this.byKey.clear();
    this.byRef.length = 0;
  }

  close(): void {}
}
