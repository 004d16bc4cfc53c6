import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAVED_AT_KEY, SqliteAlertStateStore } from '../../../../../electron/core/rules/store/index.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import { openWritable } from '../../../../../electron/core/tsdb/schema.js';
import { tempDir } from '../../tsdb/helpers.js';
import { alert, plainAlert, transition } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let tsdb: TSDB;
beforeEach(() => {
  tmp = tempDir('hearth-alertstore-');
  tsdb = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
});
afterEach(() => {
  tsdb.close();
  tmp.cleanup();
});

const G1 = 'rules/a.yml;node';
const G2 = 'rules/b.yml;disk';

function historyRows(): unknown[] {
  const raw = new Database(join(tmp.dir, 'hearth.db'), { readonly: true });
  try {
    return raw.prepare('SELECT time_ms, group_key, rule, labels, from_state, to_state, value FROM alert_history ORDER BY id').raw().all();
  } finally {
    raw.close();
  }
}

describe('SqliteAlertStateStore', () => {
  it('starts empty, then loads what was saved, across a reopen', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    expect(store.load()).toEqual({ alerts: [], savedAtMs: null });
    const a = [
      alert(G1, 'InstanceDown', { instance: 'a:9100' }, { state: 'pending', firedAtMs: 0, value: NaN }),
      alert(G1, 'InstanceDown', { instance: 'b:9100' }, { keepFiringSinceMs: 5_000, value: -Infinity }),
    ];
    store.save(G1, a, [], 10_000);
    store.save(G2, [alert(G2, 'DiskFull', { device: 'sda', note: 'ünïcode "quoted"\n' })], [], 11_000);
    store.close();

    const again = SqliteAlertStateStore.open(tmp.dir);
    const { alerts, savedAtMs } = again.load();
    expect(savedAtMs).toBe(11_000);
    expect(alerts.map(plainAlert)).toEqual([alert(G1, 'InstanceDown', { instance: 'a:9100' }, { state: 'pending', firedAtMs: 0, value: NaN }), a[1]!, alert(G2, 'DiskFull', { device: 'sda', note: 'ünïcode "quoted"\n' })].map(plainAlert));
    again.close();
  });

  it('replaces one group at a time and appends its transitions with it', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    store.save(G1, [alert(G1, 'A', { i: '1' }), alert(G1, 'A', { i: '2' })], [transition(100, G1, 'A', { i: '1' }, 'pending', 'firing')], 100);
    store.save(G2, [alert(G2, 'B', {})], [], 100);
    // i=1 resolved, i=3 new; G2 untouched.
    store.save(G1, [alert(G1, 'A', { i: '2' }), alert(G1, 'A', { i: '3' }, { state: 'pending' })], [transition(200, G1, 'A', { i: '1' }, 'firing', 'inactive', 0), transition(200, G1, 'A', { i: '3' }, 'inactive', 'pending', 7)], 200);
    const { alerts, savedAtMs } = store.load();
    expect(savedAtMs).toBe(200);
    expect(alerts.map((a) => [a.groupKey, a.labels.get('i'), a.state])).toEqual([
      [G1, '2', 'firing'],
      [G1, '3', 'pending'],
      [G2, '', 'firing'],
    ]);
    expect(historyRows()).toEqual([
      [100, G1, 'A', '["alertname","A","i","1"]', 1, 2, 1],
      [200, G1, 'A', '["alertname","A","i","1"]', 2, 0, 0],
      [200, G1, 'A', '["alertname","A","i","3"]', 0, 1, 7],
    ]);
    // Saving nothing empties the group.
    store.save(G1, [], [], 300);
    expect(store.load().alerts.map((a) => a.groupKey)).toEqual([G2]);
    store.close();
  });

  it('records the time of every save, also when the alerts did not change', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    const same = [alert(G1, 'A', {})];
    store.save(G1, same, [], 1_000);
    store.save(G1, same, [transition(2_000, G1, 'A', {}, 'pending', 'firing')], 2_000);
    const fresh = SqliteAlertStateStore.open(tmp.dir);
    expect(fresh.load()).toMatchObject({ savedAtMs: 2_000 });
    expect(fresh.load().alerts).toHaveLength(1);
    expect(historyRows()).toHaveLength(1);
    fresh.close();
    store.close();
  });

  it('drops the groups no longer loaded', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    store.save(G1, [alert(G1, 'A', {})], [], 1);
    store.save(G2, [alert(G2, 'B', {})], [], 1);
    store.retainGroups(new Set([G2, 'other;x']));
    expect(store.load().alerts.map((a) => a.groupKey)).toEqual([G2]);
    // A group dropped and loaded again starts from nothing, and saving the same alerts as
    // before it was dropped writes them again.
    store.save(G1, [alert(G1, 'A', {})], [], 2);
    expect(store.load().alerts.map((a) => a.groupKey)).toEqual([G1, G2]);
    store.retainGroups(new Set());
    expect(store.load().alerts).toEqual([]);
    store.close();
  });

  it('keeps two alerts with the same rule name and labels (a group may repeat a rule name)', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    store.save(G1, [alert(G1, 'A', {}, { state: 'pending', activeAtMs: 5 }), alert(G1, 'A', {}, { activeAtMs: 9 })], [], 1);
    expect(store.load().alerts.map((a) => [a.state, a.activeAtMs])).toEqual([
      ['pending', 5],
      ['firing', 9],
    ]);
    store.close();
  });

  it('writes only what changed, and loads the last save (values as of the last change of anything else)', () => {
    const conn = openWritable(join(tmp.dir, 'hearth.db'));
    conn.exec("CREATE TEMP TRIGGER fail BEFORE INSERT ON main.alert_history WHEN NEW.rule = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    const store = new SqliteAlertStateStore(conn, true);
    let seed = 7;
    const rnd = (n: number) => {
      // mulberry32
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
    };
    type Model = { rule: string; i: string; state: 'pending' | 'firing'; activeAtMs: number; value: number };
    const toAlerts = (ms: Model[]) => ms.map((m) => alert(G1, m.rule, { i: m.i }, { state: m.state, activeAtMs: m.activeAtMs, value: m.value }));
    // The table as the contract says: the nth alert of a rule and label set is one row, whose
    // value is rewritten only with a change of its state or clocks (or when the group is
    // written whole: the first save, and the one after a failure or a drop).
    let table = new Map<string, { sig: string; row: string }>();
    let whole = true;
    const expectTable = (ms: Model[]) => {
      const next = new Map<string, { sig: string; row: string }>();
      for (const m of ms) {
        let key = `${m.rule}/${m.i}`;
        for (let n = 1; next.has(key); n++) key = `${m.rule}/${m.i}#${n}`;
        const sig = `${m.state}/${m.activeAtMs}`;
        const prev = whole ? undefined : table.get(key);
        next.set(key, { sig, row: `${m.rule}/${m.i}/${sig}/${prev && prev.sig === sig ? prev.row.split('/').pop() : m.value}` });
      }
      table = next;
      whole = false;
    };
    const loaded = () => store.load().alerts.map((a) => `${a.rule}/${a.labels.get('i')}/${a.state}/${a.activeAtMs}/${a.value}`).sort();
    let current: Model[] = [];
    let failures = 0;
    let stale = 0;
    for (let step = 1; step <= 300; step++) {
      const next: Model[] = [];
      for (const m of current) {
        const r = rnd(10);
        if (r === 0) continue; // resolved
        if (r === 1) next.push({ ...m, state: 'firing', activeAtMs: step, value: step });
        else if (r < 5) next.push({ ...m, value: step }); // the value alone
        else next.push(m);
      }
      // New alerts, sometimes repeating a rule name and label set (a group may repeat a rule).
      for (let k = rnd(4); k > 0; k--) next.push({ rule: rnd(2) ? 'A' : 'B', i: String(rnd(6)), state: 'pending', activeAtMs: step, value: step });
      if (rnd(12) === 0) {
        expect(() => store.save(G1, toAlerts(next), [transition(step, G1, 'boom', {}, 'inactive', 'pending')], step)).toThrow(/injected failure/);
        failures++;
        whole = true;
      } else {
        store.save(G1, toAlerts(next), [], step);
        expectTable(next);
        current = next;
      }
      if (rnd(25) === 0) {
        store.retainGroups(new Set());
        table = new Map();
        current = [];
        whole = true;
      }
      const want = [...table.values()].map((r) => r.row).sort();
      expect(loaded(), `step ${step}`).toEqual(want);
      stale += current.filter((m) => !want.includes(`${m.rule}/${m.i}/${m.state}/${m.activeAtMs}/${m.value}`)).length;
    }
    // The sequence did what it is for: failures, and values left unwritten.
    expect(failures).toBeGreaterThan(10);
    expect(stale).toBeGreaterThan(100);
    store.close();
  });

  it('refuses an alert of another group or an inactive one, writing nothing', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    store.save(G1, [alert(G1, 'A', { i: '1' })], [], 1);
    expect(() => store.save(G1, [alert(G2, 'B', {})], [], 2)).toThrow(/saving the alerts of group "rules\/a\.yml;node": alert \{alertname="B"\} belongs to group "rules\/b\.yml;disk"/);
    expect(() => store.save(G1, [{ ...alert(G1, 'A', {}), state: 'inactive' as 'firing' }], [], 2)).toThrow(/is "inactive", only pending and firing alerts are saved/);
    expect(() => store.save(G1, [], [transition(2, G1, 'A', {}, 'pending', 'gone' as 'firing')], 2)).toThrow(/unknown alert state "gone"/);
    expect(store.load()).toMatchObject({ savedAtMs: 1, alerts: [{ groupKey: G1 }] });
    expect(historyRows()).toEqual([]);
    store.close();
  });

  it('rolls a failed save back whole, and writes the group again on the next save', () => {
    const conn = openWritable(join(tmp.dir, 'hearth.db'));
    // A failure after the alerts were replaced, inside the same transaction.
    conn.exec("CREATE TEMP TRIGGER fail BEFORE INSERT ON main.alert_history WHEN NEW.rule = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    const store = new SqliteAlertStateStore(conn, true);
    const before = [alert(G1, 'A', { i: '1' })];
    store.save(G1, before, [transition(1, G1, 'A', { i: '1' }, 'pending', 'firing')], 1);
    const after = [alert(G1, 'A', { i: '2' })];
    expect(() => store.save(G1, after, [transition(2, G1, 'A', { i: '2' }, 'inactive', 'firing'), transition(2, G1, 'boom', {}, 'inactive', 'firing')], 2)).toThrow(
      /saving the alerts of group "rules\/a\.yml;node": injected failure/,
    );
    expect(store.load().alerts.map(plainAlert)).toEqual(before.map(plainAlert));
    expect(store.load().savedAtMs).toBe(1);
    expect(historyRows()).toHaveLength(1);
    // The same alerts again: the store must not think they were written.
    store.save(G1, after, [], 3);
    expect(store.load().alerts.map(plainAlert)).toEqual(after.map(plainAlert));
    store.close();
  });

  it('says what is wrong with a damaged row, and needs the TSDB to have created the file', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    store.save(G1, [alert(G1, 'A', {})], [], 1);
    const raw = new Database(join(tmp.dir, 'hearth.db'));
    raw.prepare("UPDATE alert_state SET labels = '{oops'").run();
    expect(() => store.load()).toThrow(/alert_state row \d+ \(group "rules\/a\.yml;node", rule "A"\): labels are not JSON/);
    raw.prepare("UPDATE alert_state SET labels = '[\"a\"]'").run();
    expect(() => store.load()).toThrow(/labels are not a list of name\/value pairs/);
    raw.prepare("UPDATE alert_state SET labels = '[]', state = 7").run();
    expect(() => store.load()).toThrow(/unknown alert state code 7/);
    raw.prepare(`UPDATE meta SET value = 'x' WHERE key = '${SAVED_AT_KEY}'`).run();
    raw.prepare('DELETE FROM alert_state').run();
    expect(store.load()).toEqual({ alerts: [], savedAtMs: null });
    raw.close();
    store.close();
    expect(() => store.load()).toThrow(/closed/);
    expect(() => SqliteAlertStateStore.open(join(tmp.dir, 'nowhere'))).toThrow(/nowhere\/hearth\.db does not exist \(the TSDB creates it: open the TSDB first\)/);
  });
});

describe('history in plain form', () => {
  it('keeps NaN and infinite values', () => {
    const store = SqliteAlertStateStore.open(tmp.dir);
    store.save(G1, [], [transition(1, G1, 'A', {}, 'pending', 'firing', NaN), transition(2, G1, 'A', {}, 'firing', 'inactive', Infinity)], 2);
    expect(historyRows().map((r) => (r as unknown[])[6])).toEqual([null, Infinity]);
    store.close();
  });
});
