import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Matcher } from '../../../../../electron/core/model/matcher.js';
import {
  SqliteAlertHistory,
  SqliteAlertStateStore,
  decodeHistoryToken,
  encodeHistoryToken,
  type AlertHistoryQuery,
} from '../../../../../electron/core/rules/store/index.js';
import type { AlertState, AlertTransition } from '../../../../../electron/core/rules/types.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import { tempDir } from '../../tsdb/helpers.js';
import { plainTransition, transition } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let tsdb: TSDB;
let store: SqliteAlertStateStore;
beforeEach(() => {
  tmp = tempDir('hearth-alerthistory-');
  tsdb = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
  store = SqliteAlertStateStore.open(tmp.dir);
});
afterEach(() => {
  store.close();
  tsdb.close();
  tmp.cleanup();
});

const STATES: AlertState[] = ['inactive', 'pending', 'firing'];

/** A small deterministic generator (tests must replay). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Transitions in insertion order, saved in batches as a rule manager would. */
function fill(n: number, seed: number): AlertTransition[] {
  const r = rng(seed);
  const all: AlertTransition[] = [];
  let t = 1_000_000;
  while (all.length < n) {
    // Several transitions often share a millisecond (one evaluation).
    t += r() < 0.5 ? 0 : Math.floor(r() * 5_000);
    const batch: AlertTransition[] = [];
    const k = 1 + Math.floor(r() * 4);
    for (let i = 0; i < k && all.length + batch.length < n; i++) {
      const g = `g${Math.floor(r() * 3)}.yml;grp`;
      const rule = `Rule${Math.floor(r() * 5)}`;
      const from = STATES[Math.floor(r() * 3)]!;
      const to = STATES[(STATES.indexOf(from) + 1 + Math.floor(r() * 2)) % 3]!;
      batch.push(transition(t, g, rule, { instance: `h${Math.floor(r() * 7)}`, severity: r() < 0.3 ? 'page' : 'ticket' }, from, to, Math.floor(r() * 100)));
    }
    store.save(batch[0]!.groupKey, [], batch, t);
    all.push(...batch);
  }
  return all;
}

/** What a query must answer: the matching transitions, newest first (later inserts first within a millisecond). */
function reference(all: readonly AlertTransition[], q: Omit<AlertHistoryQuery, 'limit' | 'after'>): AlertTransition[] {
  const idx = all.map((_, i) => i).reverse();
  idx.sort((a, b) => all[b]!.timeMs - all[a]!.timeMs || b - a);
  return idx
    .map((i) => all[i]!)
    .filter(
      (t) =>
        t.timeMs >= q.startMs &&
        t.timeMs <= q.endMs &&
        (q.rules.length === 0 || q.rules.includes(t.rule)) &&
        (q.groups.length === 0 || q.groups.includes(t.groupKey)) &&
        (q.states.length === 0 || q.states.includes(t.to)) &&
        (q.matcherSets.length === 0 || q.matcherSets.some((set) => set.every((m) => m.matches(t.labels.get(m.name))))),
    );
}

/** Every page of a query, following the tokens (as a client does, through their text form). */
function readAll(h: SqliteAlertHistory, q: Omit<AlertHistoryQuery, 'after'>): { entries: AlertTransition[]; pages: number; maxScanned: number } {
  const entries: AlertTransition[] = [];
  let after = null;
  let pages = 0;
  let maxScanned = 0;
  for (;;) {
    const page = h.query({ ...q, after });
    pages++;
    maxScanned = Math.max(maxScanned, page.scanned);
    expect(page.entries.length).toBeLessThanOrEqual(q.limit);
    entries.push(...page.entries);
    if (page.next === null) break;
    after = decodeHistoryToken(encodeHistoryToken(page.next));
    if (pages > 10_000) throw new Error('paging does not end');
  }
  return { entries, pages, maxScanned };
}

const eq = (name: string, v: string) => new Matcher('=', name, v);

describe('SqliteAlertHistory', () => {
  it('answers every filter as a plain scan would, page by page, newest first', () => {
    const all = fill(3_000, 1);
    const h = SqliteAlertHistory.open(tmp.dir);
    const small = SqliteAlertHistory.open(tmp.dir, { maxScanned: 50, maxMs: Infinity });
    const tMin = all[0]!.timeMs;
    const tMax = all[all.length - 1]!.timeMs;
    const mid = Math.floor((tMin + tMax) / 2);
    const filters: Array<Omit<AlertHistoryQuery, 'limit' | 'after'>> = [
      { rules: [], groups: [], states: [], matcherSets: [], startMs: -Infinity, endMs: Infinity },
      { rules: [], groups: [], states: [], matcherSets: [], startMs: mid, endMs: all[2000]!.timeMs },
      { rules: ['Rule1'], groups: [], states: [], matcherSets: [], startMs: tMin, endMs: tMax },
      { rules: ['Rule1', 'Rule3', 'Rule1', 'Nope'], groups: [], states: [], matcherSets: [], startMs: tMin, endMs: tMax },
      { rules: ['Rule2'], groups: ['g1.yml;grp'], states: ['firing'], matcherSets: [], startMs: tMin, endMs: tMax },
      { rules: [], groups: ['g0.yml;grp', 'g2.yml;grp'], states: ['inactive'], matcherSets: [], startMs: tMin, endMs: mid },
      { rules: [], groups: [], states: ['pending', 'firing'], matcherSets: [], startMs: tMin, endMs: tMax },
      { rules: [], groups: [], states: [], matcherSets: [[eq('severity', 'page'), new Matcher('=~', 'instance', 'h[12]')], [eq('alertname', 'Rule4')]], startMs: tMin, endMs: tMax },
      { rules: [], groups: [], states: [], matcherSets: [[new Matcher('!~', 'instance', '.+')]], startMs: tMin, endMs: tMax },
      { rules: [], groups: [], states: [], matcherSets: [], startMs: all[500]!.timeMs, endMs: all[500]!.timeMs },
    ];
    for (const f of filters) {
      const want = reference(all, f).map(plainTransition);
      for (const limit of [13, 1000]) {
        for (const reader of [h, small]) {
          const got = readAll(reader, { ...f, limit });
          expect(got.entries.map(plainTransition), `${JSON.stringify({ ...f, matcherSets: f.matcherSets.map(String) })} limit ${limit}`).toEqual(want);
          if (reader === small) expect(got.maxScanned).toBeLessThanOrEqual(Math.max(50, limit + 1));
        }
      }
    }
    // A filter matching nothing: bounded pages that end.
    const none = readAll(small, { rules: [], groups: [], states: [], matcherSets: [[eq('instance', 'nowhere')]], startMs: tMin, endMs: tMax, limit: 10 });
    expect(none.entries).toEqual([]);
    expect(none.pages).toBe(Math.ceil(all.length / 50) + (all.length % 50 === 0 ? 1 : 0));
    // Bounded by time instead: a page stops at the first look at the clock past its deadline.
    const hurried = SqliteAlertHistory.open(tmp.dir, { maxMs: 0 });
    const f = filters[7]!;
    const got = readAll(hurried, { ...f, limit: 1000 });
    expect(got.entries.map(plainTransition)).toEqual(reference(all, f).map(plainTransition));
    expect(got.maxScanned).toBe(256);
    expect(got.pages).toBeGreaterThan(all.length / 256);
    hurried.close();
    small.close();
    h.close();
  });

  it('stops a full page at the limit and names the position after its last entry', () => {
    const all = fill(10, 2);
    const h = SqliteAlertHistory.open(tmp.dir);
    const q = { rules: [], groups: [], states: [], matcherSets: [], startMs: -Infinity, endMs: Infinity };
    const want = reference(all, q);
    const first = h.query({ ...q, limit: 4, after: null });
    expect(first.entries.map(plainTransition)).toEqual(want.slice(0, 4).map(plainTransition));
    expect(first.next).not.toBeNull();
    const rest = h.query({ ...q, limit: 100, after: first.next });
    expect(rest.entries.map(plainTransition)).toEqual(want.slice(4).map(plainTransition));
    expect(rest.next).toBeNull();
    // Exactly the limit left: no next page.
    const exact = h.query({ ...q, limit: 6, after: first.next });
    expect(exact.entries).toHaveLength(6);
    expect(exact.next).toBeNull();
    // A range with nothing in it.
    expect(h.query({ ...q, startMs: 5, endMs: 4, limit: 1, after: null })).toEqual({ entries: [], next: null, scanned: 0 });
    expect(() => h.query({ ...q, limit: 0, after: null })).toThrow(/limit must be at least 1/);
    h.close();
    expect(() => h.query({ ...q, limit: 1, after: null })).toThrow(/closed/);
  });

  it('sees saves made after it opened', () => {
    const h = SqliteAlertHistory.open(tmp.dir);
    const q = { rules: [], groups: [], states: [], matcherSets: [], startMs: -Infinity, endMs: Infinity, limit: 10, after: null };
    expect(h.query(q).entries).toEqual([]);
    store.save('f;g', [], [transition(5, 'f;g', 'A', {}, 'inactive', 'pending')], 5);
    expect(h.query(q).entries.map((e) => e.to)).toEqual(['pending']);
    h.close();
  });
});
