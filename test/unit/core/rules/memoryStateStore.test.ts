import { describe, expect, it } from 'vitest';
import { MemoryAlertStateStore } from '../../../../electron/core/rules/memoryStateStore.js';
import type { SavedAlert } from '../../../../electron/core/rules/types.js';
import { L } from './support.js';

const alert = (groupKey: string, rule: string): SavedAlert => ({ groupKey, rule, labels: L({ alertname: rule }), state: 'firing', value: 1, activeAtMs: 1, firedAtMs: 2, keepFiringSinceMs: 0, lastSentAtMs: 2 });

describe('MemoryAlertStateStore', () => {
  it('replaces a group\'s alerts on save, keeps the history, and drops groups no longer loaded', () => {
    const s = new MemoryAlertStateStore();
    expect(s.load()).toEqual({ alerts: [], savedAtMs: null });
    s.save('f;a', [alert('f;a', 'A')], [{ timeMs: 5, groupKey: 'f;a', rule: 'A', labels: L({}), from: 'inactive', to: 'firing', value: 1 }], 5);
    s.save('f;b', [alert('f;b', 'B')], [], 6);
    s.save('f;a', [alert('f;a', 'A2')], [], 7);
    expect(s.load().alerts.map((a) => a.rule)).toEqual(['A2', 'B']);
    expect(s.load().savedAtMs).toBe(7);
    expect(s.history).toHaveLength(1);
    s.retainGroups(new Set(['f;a']));
    expect(s.load().alerts.map((a) => a.rule)).toEqual(['A2']);
  });
});
