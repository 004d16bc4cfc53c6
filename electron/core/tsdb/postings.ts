/**
 * The inverted index: label matchers → sorted series ids, answered from the dictionary of
 * label pairs and the postings table, never by scanning series. `=` and literal alternations
 * (Matcher.setValues) look pairs up directly; a regex with a literal prefix reads only that
 * range of the label's values; other regexes and negations read the label's values (not its
 * series) and test each once.
 */

import { interruptTick } from '../model/interrupt.js';
import type { Matcher } from '../model/matcher.js';
import type { SqliteDb } from './schema.js';

/** `prefix.*` / `prefix.+` with a plain-literal prefix → the prefix; anything else → null. */
export function literalPrefix(re: string): string | null {
  const m = /^((?:[^\\.+*?()|[\]{}^$]|\\[.+*?()|[\]{}^$\\/-])+)\.[*+]$/.exec(re);
  if (!m) return null;
  return m[1]!.replace(/\\(.)/g, '$1');
}

export class PostingsIndex {
  private readonly pairByValue;
  private readonly pairsOfName;
  private readonly pairsFrom;
  private readonly postingsOf;
  private readonly allSeries;
  private readonly allPairNames;

  constructor(db: SqliteDb) {
    this.pairByValue = db.prepare('SELECT id FROM label_pairs WHERE name = ? AND value = ?').pluck();
    this.pairsOfName = db.prepare('SELECT id, value FROM label_pairs WHERE name = ?').raw();
    this.pairsFrom = db.prepare('SELECT id, value FROM label_pairs WHERE name = ? AND value >= ? ORDER BY value').raw();
    this.postingsOf = db.prepare('SELECT series_id FROM postings WHERE pair_id = ?').pluck();
    this.allSeries = db.prepare('SELECT id FROM series ORDER BY id').pluck();
    this.allPairNames = db.prepare('SELECT id, name FROM label_pairs ORDER BY name').raw();
  }

  /** Pair ids of label `name` whose value satisfies `accept`, using the cheapest lookup the matcher allows. */
  private pairs(m: Matcher, accept: boolean): number[] {
    const out: number[] = [];
    if (accept && m.type === '=') {
      const id = this.pairByValue.get(m.name, m.value) as number | undefined;
      if (id !== undefined) out.push(id);
      return out;
    }
    if (accept && m.type === '=~' && m.setValues) {
      for (const v of new Set(m.setValues)) {
        const id = this.pairByValue.get(m.name, v) as number | undefined;
        if (id !== undefined) out.push(id);
      }
      return out;
    }
    const prefix = accept && m.type === '=~' ? literalPrefix(m.value) : null;
    if (prefix !== null) {
      for (const [id, value] of this.pairsFrom.iterate(m.name, prefix) as Iterable<[number, string]>) {
        if (!value.startsWith(prefix)) break;
        interruptTick();
        if (m.matches(value)) out.push(id);
      }
      return out;
    }
    for (const [id, value] of this.pairsOfName.iterate(m.name) as Iterable<[number, string]>) {
      interruptTick();
      if (m.matches(value) === accept) out.push(id);
    }
    return out;
  }

  private union(pairIds: number[]): Int32Array {
    if (pairIds.length === 1) return Int32Array.from(this.postingsOf.all(pairIds[0]) as number[]);
    const parts: number[][] = [];
    let total = 0;
    for (const id of pairIds) {
      const p = this.postingsOf.all(id) as number[];
      parts.push(p);
      total += p.length;
    }
    const all = new Int32Array(total);
    let k = 0;
    for (const p of parts) for (const x of p) all[k++] = x;
    all.sort();
    return dedupeSorted(all);
  }

  /** Pair ids and values of label `name`. */
  valuesOf(name: string): Array<[number, string]> {
    return this.pairsOfName.all(name) as Array<[number, string]>;
  }

  /** Distinct label names with their pair ids. */
  allPairs(): Array<[number, string]> {
    return this.allPairNames.all() as Array<[number, string]>;
  }

  /** Series ids holding pair `pairId`. */
  postings(pairId: number): number[] {
    return this.postingsOf.all(pairId) as number[];
  }

  /** Sorted ids of every series whose labels satisfy all matchers (all series when none). */
  select(matchers: readonly Matcher[]): Int32Array {
    let result: Int32Array | null = null;
    const excludes: Int32Array[] = [];
    // Positive sets first, smallest driving the intersection.
    for (const m of matchers) {
      if (m.matchesEmpty()) continue;
      const set = this.union(this.pairs(m, true));
      result = result === null ? set : intersect(result, set);
      if (result.length === 0) return result;
    }
    if (result === null) result = Int32Array.from(this.allSeries.all() as number[]);
    for (const m of matchers) {
      if (!m.matchesEmpty()) continue;
      // Matches series without the label too: drop those whose value is rejected.
      const rejected = this.pairs(m, false);
      if (rejected.length > 0) excludes.push(this.union(rejected));
    }
    for (const ex of excludes) result = subtract(result, ex);
    return result;
  }
}

export function dedupeSorted(a: Int32Array): Int32Array {
  if (a.length < 2) return a;
  let k = 1;
  for (let i = 1; i < a.length; i++) if (a[i] !== a[k - 1]) a[k++] = a[i]!;
  return a.subarray(0, k);
}

export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[k++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, k);
}

export function subtract(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length) {
    const x = a[i]!;
    while (j < b.length && b[j]! < x) j++;
    if (j < b.length && b[j] === x) {
      i++;
      continue;
    }
    out[k++] = x;
    i++;
  }
  return out.subarray(0, k);
}
