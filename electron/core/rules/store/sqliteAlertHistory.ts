/**
 * Reads the alert history (table alert_history, schema version 4) newest first, with filters
 * and pages of bounded cost, on a read-only connection of its own.
 *
 * Which index serves which filter (every statement names its index, so a plan never falls back
 * to a scan of the table or a sort of all matching rows):
 *   - rule given (repeatable): alert_history_by_rule (rule, time_ms); one cursor per rule name;
 *   - else group given: alert_history_by_group (group_key, time_ms); one cursor per group;
 *   - else state given: alert_history_by_state (to_state, time_ms); one cursor per state;
 *   - else: alert_history_by_time (time_ms).
 * Every index ends in the row id, so each cursor reads its rows already in the page order
 * (time, then id, both descending) from the time range's upper end. The cursors are merged, and
 * the filters the chosen index does not serve (group and state after a rule, match[] always)
 * are checked on the rows read. A page reads at most `maxScanned` rows and stops reading after
 * `maxMs`: a filter that matches rarely (or never) costs a bounded page with a `next` position,
 * never a read of the whole history on the event loop. (Reading a row costs 3–10 µs here, about
 * 1.5 µs more when match[] needs its labels decoded; see sqliteAlertHistory.scale.test.ts.)
 */

import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Matcher } from '../../model/matcher.js';
import type { Labels } from '../../model/labels.js';
import { DB_FILE, openReadonly, type SqliteDb } from '../../tsdb/schema.js';
import type { AlertTransition } from '../types.js';
import type { AlertHistoryPage, AlertHistoryQuery, AlertHistorySource, HistoryPosition } from './historyQuery.js';
import { decodeLabels, decodeValue, stateCode, stateOf } from './encoding.js';

/** Default bounds on the rows read for one page, and on the time spent reading them. */
export const DEFAULT_MAX_SCANNED = 10_000;
export const DEFAULT_MAX_MS = 50;
/** Rows read between looks at the clock. */
const CLOCK_EVERY = 256;
/** Rows a cursor reads per statement: small first (a page often needs few), growing to the cap. */
const FIRST_BATCH = 64;
const MAX_BATCH = 2048;

/** id, time_ms, group_key, rule, labels, from_state, to_state, value */
type Row = [number, number, string, string, string, number, number, number | null];

const COLUMNS = 'id, time_ms, group_key, rule, labels, from_state, to_state, value';
// `NOT (time_ms = @hi AND id >= @id)` resumes inside a millisecond: the range bound stays a
// plain BETWEEN on the index, the tie is a check on the few rows of that one millisecond.
const RANGE = 'time_ms BETWEEN @lo AND @hi AND NOT (time_ms = @hi AND id >= @id) ORDER BY time_ms DESC, id DESC LIMIT @n';

export interface SqliteAlertHistoryOptions {
  /** Most rows read for one page (default DEFAULT_MAX_SCANNED; at least the page's limit + 1 is read). */
  readonly maxScanned?: number;
  /**
   * Reading stops after this long, with a `next` position (default DEFAULT_MAX_MS). A page
   * always reads at least one batch, so paging ends. Infinity makes pages depend on rows alone.
   */
  readonly maxMs?: number;
}

export class SqliteAlertHistory implements AlertHistorySource {
  private readonly byTime: Statement;
  private readonly byRule: Statement;
  private readonly byGroup: Statement;
  private readonly byState: Statement;
  private readonly maxScanned: number;
  private readonly maxMs: number;
  private closed = false;

  constructor(
    private readonly db: SqliteDb,
    opts: SqliteAlertHistoryOptions = {},
    private readonly ownsDb = false,
  ) {
    this.byTime = db.prepare(`SELECT ${COLUMNS} FROM alert_history INDEXED BY alert_history_by_time WHERE ${RANGE}`).raw();
    this.byRule = db.prepare(`SELECT ${COLUMNS} FROM alert_history INDEXED BY alert_history_by_rule WHERE rule = @key AND ${RANGE}`).raw();
    this.byGroup = db.prepare(`SELECT ${COLUMNS} FROM alert_history INDEXED BY alert_history_by_group WHERE group_key = @key AND ${RANGE}`).raw();
    this.byState = db.prepare(`SELECT ${COLUMNS} FROM alert_history INDEXED BY alert_history_by_state WHERE to_state = @key AND ${RANGE}`).raw();
    this.maxScanned = Math.max(1, opts.maxScanned ?? DEFAULT_MAX_SCANNED);
    this.maxMs = opts.maxMs ?? DEFAULT_MAX_MS;
  }

  /** A reader of the history in the data directory of an open TSDB. */
  static open(dataDir: string, opts: SqliteAlertHistoryOptions = {}): SqliteAlertHistory {
    return new SqliteAlertHistory(openReadonly(join(dataDir, DB_FILE)), opts, true);
  }

  query(q: AlertHistoryQuery): AlertHistoryPage {
    if (this.closed) throw new Error('alert history reader is closed');
    if (!(q.limit >= 1)) throw new Error(`alert history: limit must be at least 1, got ${q.limit}`);
    const lo = q.startMs;
    let hi = q.endMs;
    let hiId = Number.MAX_SAFE_INTEGER;
    if (q.after && q.after.timeMs <= hi) {
      hi = q.after.timeMs;
      hiId = q.after.id;
    }
    if (lo > hi) return { entries: [], next: null, scanned: 0 };

    const rules = unique(q.rules);
    const groups = unique(q.groups);
    const states = unique(q.states.map(stateCode));
    // The driving index and what is left to check on each row.
    let cursors: Cursor[];
    let groupFilter: ReadonlySet<string> | null = groups.length > 0 ? new Set(groups) : null;
    let stateFilter: ReadonlySet<number> | null = states.length > 0 ? new Set(states) : null;
    if (rules.length > 0) cursors = rules.map((k) => new Cursor(this.byRule, k, lo, hi, hiId));
    else if (groups.length > 0) {
      cursors = groups.map((k) => new Cursor(this.byGroup, k, lo, hi, hiId));
      groupFilter = null;
    } else if (states.length > 0) {
      cursors = states.map((k) => new Cursor(this.byState, k, lo, hi, hiId));
      stateFilter = null;
    } else cursors = [new Cursor(this.byTime, null, lo, hi, hiId)];
    const sets = q.matcherSets.filter((s) => s.length > 0);

    const deadline = performance.now() + this.maxMs;
    const merge = new CursorHeap(cursors);
    const budget = Math.max(this.maxScanned, q.limit + 1);
    const entries: AlertTransition[] = [];
    let scanned = 0;
    let last: Row | null = null;
    let lastEmitted: Row | null = null;
    for (;;) {
      if (scanned >= budget || (scanned % CLOCK_EVERY === 0 && scanned > 0 && performance.now() > deadline)) {
        // Everything up to the last row read is settled: the next page starts after it.
        return { entries, next: position(last!), scanned };
      }
      const row = merge.pop();
      if (row === null) return { entries, next: null, scanned };
      scanned++;
      last = row;
      if (groupFilter && !groupFilter.has(row[2])) continue;
      if (stateFilter && !stateFilter.has(row[6])) continue;
      let labels: Labels | null = null;
      if (sets.length > 0) {
        labels = decodeLabels(row[4], where(row));
        if (!matchesAny(sets, labels)) continue;
      }
      if (entries.length === q.limit) {
        // One more matches: the page is full, and the next one starts after its last entry.
        return { entries, next: position(lastEmitted!), scanned };
      }
      lastEmitted = row;
      entries.push(toTransition(row, labels));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDb) this.db.close();
  }
}

/** One index range read newest first, a batch at a time. */
class Cursor {
  private rows: Row[] = [];
  private i = 0;
  private batch = FIRST_BATCH;
  private done = false;

  constructor(
    private readonly stmt: Statement,
    private readonly key: string | number | null,
    private readonly lo: number,
    private hi: number,
    private hiId: number,
  ) {}

  /** The next row in page order without taking it, or null at the end of the range. */
  peek(): Row | null {
    if (this.i < this.rows.length) return this.rows[this.i]!;
    if (this.done) return null;
    const params: Record<string, number | string> = { lo: this.lo, hi: this.hi, id: this.hiId, n: this.batch };
    if (this.key !== null) params['key'] = this.key;
    this.rows = this.stmt.all(params) as Row[];
    this.i = 0;
    if (this.rows.length < this.batch) this.done = true;
    this.batch = Math.min(this.batch * 2, MAX_BATCH);
    if (this.rows.length === 0) return null;
    const end = this.rows[this.rows.length - 1]!;
    this.hi = end[1];
    this.hiId = end[0];
    return this.rows[0]!;
  }

  take(): void {
    this.i++;
  }
}

/** Whether row a comes before row b in page order (newer, or same time and inserted later). */
function before(a: Row, b: Row): boolean {
  return a[1] > b[1] || (a[1] === b[1] && a[0] > b[0]);
}

/** A binary heap of cursors by their next row: pop() gives the rows of all cursors in page order. */
class CursorHeap {
  private readonly h: Cursor[] = [];

  constructor(cursors: readonly Cursor[]) {
    for (const c of cursors) if (c.peek() !== null) this.push(c);
  }

  pop(): Row | null {
    const top = this.h[0];
    if (top === undefined) return null;
    const row = top.peek()!;
    top.take();
    const lastC = this.h.pop()!;
    if (this.h.length > 0 && lastC !== top) {
      this.h[0] = lastC;
      this.down(0);
    }
    if (top.peek() !== null) this.push(top);
    return row;
  }

  private push(c: Cursor): void {
    const h = this.h;
    h.push(c);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i]!.peek()!, h[p]!.peek()!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.h;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!.peek()!, h[m]!.peek()!)) m = l;
      if (r < h.length && before(h[r]!.peek()!, h[m]!.peek()!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function position(r: Row): HistoryPosition {
  return { timeMs: r[1], id: r[0] };
}

function where(r: Row): string {
  return `alert_history row ${r[0]}`;
}

function matchesAny(sets: ReadonlyArray<readonly Matcher[]>, labels: Labels): boolean {
  for (const set of sets) {
    let ok = true;
    for (const m of set) {
      if (!m.matches(labels.get(m.name))) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
}

function toTransition(r: Row, labels: Labels | null): AlertTransition {
  const w = where(r);
  return {
    timeMs: r[1],
    groupKey: r[2],
    rule: r[3],
    labels: labels ?? decodeLabels(r[4], w),
    from: stateOf(r[5], w),
    to: stateOf(r[6], w),
    value: decodeValue(r[7]),
  };
}
