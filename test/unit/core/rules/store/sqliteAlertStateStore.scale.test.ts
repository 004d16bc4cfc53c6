/**
 * What a save costs on the event loop: a group of 10 alerts (most evaluations: nothing changed,
 * or one value did) and a group at 10,000 alerts (a rule's limit reached), with a transition
 * per changed alert. The times are printed; the bounds asserted are loose, for a busy machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAlertStateStore } from '../../../../../electron/core/rules/store/index.js';
import type { SavedAlert } from '../../../../../electron/core/rules/types.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import { tempDir } from '../../tsdb/helpers.js';
import { alert, transition } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let tsdb: TSDB;
let store: SqliteAlertStateStore;
beforeAll(() => {
  tmp = tempDir('hearth-savescale-');
  tsdb = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
  store = SqliteAlertStateStore.open(tmp.dir);
});
afterAll(() => {
  store.close();
  tsdb.close();
  tmp.cleanup();
});

function alerts(group: string, n: number, value: number): SavedAlert[] {
  return Array.from({ length: n }, (_, i) => alert(group, 'Many', { instance: `host${i}:9100`, job: 'node' }, { value }));
}

function median(f: (i: number) => void, runs = 7): number {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f(i);
    ts.push(performance.now() - t);
  }
  return ts.sort((a, b) => a - b)[runs >> 1]!;
}

describe('the cost of a save', () => {
  it('is small for a usual group, and bounded at 10,000 alerts', () => {
    const few = alerts('f;few', 10, 1);
    const unchanged = median((i) => store.save('f;few', few, [], i));
    const oneValue = median((i) => store.save('f;few', [...few.slice(1), { ...few[0]!, value: i }], [transition(i, 'f;few', 'Many', { instance: 'host0:9100' }, 'pending', 'firing')], i));
    // The first save of a group writes it whole, with a transition per alert.
    const first = alerts('f;many', 10_000, 0);
    const whole = median(() => {
      store.retainGroups(new Set(['f;few']));
      store.save('f;many', first, first.map((a) => ({ ...a, timeMs: 0, from: 'inactive' as const, to: 'firing' as const })), 0);
    }, 3);
    // Later ones: every value moved (not written), then every alert's clock moved (all rewritten).
    const moved = [1, 2, 3, 4, 5].map((v) => alerts('f;many', 10_000, v));
    const values = median((i) => store.save('f;many', moved[i]!, [], i), 5);
    const clocks = moved.map((as, v) => as.map((a) => ({ ...a, lastSentAtMs: 10_000 + v })));
    const rewritten = median((i) => store.save('f;many', clocks[i]!, [], i), 5);
    console.log(
      `save: 10 alerts unchanged ${unchanged.toFixed(2)} ms, 10 alerts with one changed ${oneValue.toFixed(2)} ms; ` +
        `10,000 alerts: first save ${whole.toFixed(1)} ms, values moved ${values.toFixed(1)} ms, every clock moved ${rewritten.toFixed(1)} ms`,
    );
    const loaded = store.load().alerts;
    expect(loaded).toHaveLength(10_010);
    // Values alone were not written; the clocks were, with the value of that save.
    expect(loaded.find((a) => a.groupKey === 'f;many')).toMatchObject({ lastSentAtMs: 10_004, value: 5 });
    expect(unchanged).toBeLessThan(20);
    expect(oneValue).toBeLessThan(20);
    expect(values).toBeLessThan(200);
    expect(whole).toBeLessThan(2_000);
    expect(rewritten).toBeLessThan(1_000);
  });
});
