/**
 * A page stays cheap however large the history: 250,000 transitions by default (HISTORY_ROWS=
 * 1000000 for the figures reported: about 11 days at one every second; inserting them takes
 * 12–20 s here), 200 rules in 20 groups, 50 instances; then the first and a later page of
 * 1000 entries under each kind of filter, including one that matches nothing (bounded by the
 * rows a page may read). Pages are timed without the reader's time bound (so that they are
 * whole); the default reader is then shown to cut a fruitless read short. The times are
 * printed; the bounds asserted are loose, for a busy machine.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matcher } from '../../../../../electron/core/model/matcher.js';
import { DEFAULT_MAX_MS, DEFAULT_MAX_SCANNED, SqliteAlertHistory, type AlertHistoryQuery } from '../../../../../electron/core/rules/store/index.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import { tempDir } from '../../tsdb/helpers.js';

const ROWS = Number(process.env['HISTORY_ROWS'] ?? 250_000);
const T0 = 1_760_000_000_000;
const PAGE_BOUND_MS = 150;

let tmp: { dir: string; cleanup: () => void };
let reader: SqliteAlertHistory;
let bounded: SqliteAlertHistory;

beforeAll(() => {
  // Off the disk where there is a RAM disk: the test is about reading, not about this disk's syncs.
  const base = existsSync('/dev/shm') ? '/dev/shm' : undefined;
  tmp = base ? tempDirIn(base) : tempDir('hearth-historyscale-');
  const db = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
  db.close();
  const raw = new Database(join(tmp.dir, 'hearth.db'));
  const t0 = performance.now();
  raw.exec(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS - 1})
    INSERT INTO alert_history (time_ms, group_key, rule, labels, from_state, to_state, value)
    SELECT ${T0} + i * 1000 + (i % 7), 'rules/g' || (i % 20) || '.yml;group' || (i % 20), 'Rule' || (i % 200),
      '["alertname","Rule' || (i % 200) || '","instance","host' || (i % 50) || ':9100","severity","' || CASE WHEN i % 10 = 0 THEN 'page' ELSE 'ticket' END || '"]',
      i % 3, (i + 1) % 3, i * 0.5
    FROM n;
  `);
  console.log(`history: ${ROWS} transitions inserted in ${(performance.now() - t0).toFixed(0)} ms`);
  raw.close();
  reader = SqliteAlertHistory.open(tmp.dir, { maxMs: Infinity });
  bounded = SqliteAlertHistory.open(tmp.dir);
}, 300_000);

afterAll(() => {
  reader?.close();
  bounded?.close();
  tmp?.cleanup();
});

function tempDirIn(base: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(base, 'hearth-historyscale-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const all = { rules: [], groups: [], states: [], matcherSets: [], startMs: -Infinity, endMs: Infinity, limit: 1000, after: null };
const cases: Array<[string, AlertHistoryQuery, 'full' | 'partial' | 'empty']> = [
  ['no filter', all, 'full'],
  ['last 24 h', { ...all, startMs: T0 + (ROWS - 86_400) * 1000, endMs: T0 + ROWS * 1000 }, 'full'],
  ['one rule', { ...all, rules: ['Rule7'] }, 'full'],
  ['three rules', { ...all, rules: ['Rule1', 'Rule2', 'Rule3'] }, 'full'],
  ['one group, state firing', { ...all, groups: ['rules/g3.yml;group3'], states: ['firing'] }, 'full'],
  ['state pending', { ...all, states: ['pending'] }, 'full'],
  ['match[] severity="page", instance=~"host1.*" (1 in 50 rows)', { ...all, matcherSets: [[new Matcher('=', 'severity', 'page'), new Matcher('=~', 'instance', 'host1.*')]] }, 'partial'],
  ['match[] that matches nothing', { ...all, matcherSets: [[new Matcher('=', 'instance', 'nowhere')]] }, 'empty'],
];

describe(`a history of ${ROWS} transitions`, () => {
  it.each(cases)('serves a page of 1000 quickly: %s', (_name, q, kind) => {
    const first = reader.query(q);
    // Warm runs: median of 5, for the first page and the page after it.
    const times: number[] = [];
    const later: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      const p = reader.query(q);
      times.push(performance.now() - t);
      t = performance.now();
      reader.query({ ...q, after: p.next });
      later.push(performance.now() - t);
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]!;
    console.log(`${_name}: first page ${median(times).toFixed(1)} ms, next page ${median(later).toFixed(1)} ms, ${first.entries.length} entries, ${first.scanned} rows read`);
    if (kind === 'full') expect(first.entries).toHaveLength(1000);
    else if (kind === 'partial') expect(first.entries.length).toBeGreaterThan(0);
    else expect(first.entries).toHaveLength(0);
    expect(first.next).not.toBeNull();
    expect(first.scanned).toBeLessThanOrEqual(DEFAULT_MAX_SCANNED);
    expect(median(times)).toBeLessThan(PAGE_BOUND_MS);
    expect(median(later)).toBeLessThan(PAGE_BOUND_MS);
  });

  it('stops a fruitless read at its time bound', () => {
    const q = cases[cases.length - 1]![1];
    bounded.query(q);
    const t = performance.now();
    const page = bounded.query(q);
    const ms = performance.now() - t;
    console.log(`bounded reader, match[] that matches nothing: ${ms.toFixed(1)} ms, ${page.scanned} rows read`);
    expect(page.entries).toEqual([]);
    expect(page.next).not.toBeNull();
    expect(page.scanned).toBeLessThanOrEqual(DEFAULT_MAX_SCANNED);
    expect(ms).toBeLessThan(DEFAULT_MAX_MS + 100);
  });
});
