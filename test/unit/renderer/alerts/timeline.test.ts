import { describe, expect, it } from 'vitest';
import type { AlertHistoryEntry } from '../../../../shared/api/alertHistory.js';
import type { Alert } from '../../../../shared/api/rules.js';
import { axisTicks, historyTimelines, labelsKey, mergeSpans, placeSpans, ruleKey, spansFromChanges, type Span } from '../../../../renderer/alerts/timeline.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const H = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const G = 'rules/node.yml;node';

function entry(h: number, rule: string, labels: Record<string, string>, from: AlertHistoryEntry['from'], to: AlertHistoryEntry['to']): AlertHistoryEntry {
  return { time: iso(T0 + h * H), group: G, rule, labels, from, to, value: '1' };
}

describe('spansFromChanges', () => {
  it('builds pending then firing spans and leaves an active alert open at the window end', () => {
    const spans = spansFromChanges(
      [
        { timeMs: T0 + 3 * H, from: 'pending', to: 'firing' },
        { timeMs: T0 + 2 * H, from: 'inactive', to: 'pending' },
      ],
      T0,
      T0 + 10 * H,
    );
    expect(spans).toEqual([
      { startMs: T0 + 2 * H, endMs: T0 + 3 * H, state: 'pending', open: false },
      { startMs: T0 + 3 * H, endMs: T0 + 10 * H, state: 'firing', open: true },
    ]);
  });

  it('infers the state before the first change from its `from`: firing since before the window', () => {
    const spans = spansFromChanges([{ timeMs: T0 + 4 * H, from: 'firing', to: 'inactive' }], T0, T0 + 10 * H);
    expect(spans).toEqual([{ startMs: T0, endMs: T0 + 4 * H, state: 'firing', open: false }]);
  });

  it('joins a firing span that a duplicate change would split, and ignores changes after the window', () => {
    const spans = spansFromChanges(
      [
        { timeMs: T0 + 1 * H, from: 'inactive', to: 'firing' },
        { timeMs: T0 + 2 * H, from: 'firing', to: 'firing' },
        { timeMs: T0 + 20 * H, from: 'firing', to: 'inactive' },
      ],
      T0,
      T0 + 10 * H,
    );
    expect(spans).toEqual([{ startMs: T0 + 1 * H, endMs: T0 + 10 * H, state: 'firing', open: true }]);
  });

  it('keeps an instant firing (for: 0, resolved at the same time) as a zero-length span', () => {
    const spans = spansFromChanges(
      [
        { timeMs: T0 + H, from: 'inactive', to: 'firing' },
        { timeMs: T0 + H, from: 'firing', to: 'inactive' },
      ],
      T0,
      T0 + 10 * H,
    );
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ startMs: T0 + H, endMs: T0 + H, state: 'firing' });
  });
});

describe('mergeSpans', () => {
  it('lets firing win over pending and joins touching spans', () => {
    const a: Span[] = [{ startMs: 0, endMs: 10, state: 'pending', open: false }, { startMs: 10, endMs: 20, state: 'firing', open: false }];
    const b: Span[] = [{ startMs: 5, endMs: 15, state: 'firing', open: false }, { startMs: 20, endMs: 30, state: 'pending', open: true }];
    expect(mergeSpans([a, b])).toEqual([
      { startMs: 0, endMs: 5, state: 'pending', open: false },
      { startMs: 5, endMs: 20, state: 'firing', open: false },
      { startMs: 20, endMs: 30, state: 'pending', open: true },
    ]);
  });

  it('leaves gaps where no alert is active', () => {
    const m = mergeSpans([[{ startMs: 0, endMs: 1, state: 'firing', open: false }], [{ startMs: 3, endMs: 4, state: 'firing', open: false }]]);
    expect(m.map((s) => [s.startMs, s.endMs])).toEqual([
      [0, 1],
      [3, 4],
    ]);
  });
});

describe('historyTimelines', () => {
  it('groups entries by rule and alert, in any order, and sums firing time and firings', () => {
    const entries = [
      entry(5, 'Disk', { instance: 'b' }, 'inactive', 'firing'),
      entry(1, 'Disk', { instance: 'a' }, 'inactive', 'pending'),
      entry(2, 'Disk', { instance: 'a' }, 'pending', 'firing'),
      entry(4, 'Disk', { instance: 'a' }, 'firing', 'inactive'),
      entry(6, 'Disk', { instance: 'b' }, 'firing', 'inactive'),
      entry(3, 'Load', { instance: 'a' }, 'inactive', 'pending'),
      entry(3.5, 'Load', { instance: 'a' }, 'pending', 'inactive'),
    ];
    const t = historyTimelines(entries, { startMs: T0, endMs: T0 + 24 * H });
    const disk = t.get(ruleKey(G, 'Disk'))!;
    expect(disk.alerts.map((a) => a.labels['instance'])).toEqual(['a', 'b']);
    expect(disk.firings).toBe(2);
    expect(disk.firingMs).toBe(3 * H);
    expect(disk.merged.map((s) => s.state)).toEqual(['pending', 'firing', 'firing']);
    const load = t.get(ruleKey(G, 'Load'))!;
    expect(load.firings).toBe(0);
    expect(load.merged).toEqual([{ startMs: T0 + 3 * H, endMs: T0 + 3.5 * H, state: 'pending', open: false }]);
  });

  it('treats label order as irrelevant to an alert identity', () => {
    expect(labelsKey({ a: '1', b: '2' })).toBe(labelsKey({ b: '2', a: '1' }));
    const t = historyTimelines(
      [
        { ...entry(1, 'X', { a: '1', b: '2' }, 'inactive', 'firing') },
        { ...entry(2, 'X', { b: '2', a: '1' }, 'firing', 'inactive') },
      ],
      { startMs: T0, endMs: T0 + 10 * H },
    );
    expect(t.get(ruleKey(G, 'X'))!.alerts).toHaveLength(1);
  });

  it('shows an alert active now without a change in the window over the whole window when firing, from activeAt when pending', () => {
    const current = new Map<string, Alert[]>([
      [
        ruleKey(G, 'Old'),
        [
          { labels: { alertname: 'Old', i: '1' }, annotations: {}, state: 'firing', activeAt: iso(T0 - 48 * H), value: '1' },
          { labels: { alertname: 'Old', i: '2' }, annotations: {}, state: 'pending', activeAt: iso(T0 + 9 * H), value: '1' },
        ],
      ],
    ]);
    const t = historyTimelines([], { startMs: T0, endMs: T0 + 10 * H, current });
    const old = t.get(ruleKey(G, 'Old'))!;
    expect(old.alerts.map((a) => a.spans[0])).toEqual([
      { startMs: T0, endMs: T0 + 10 * H, state: 'firing', open: true },
      { startMs: T0 + 9 * H, endMs: T0 + 10 * H, state: 'pending', open: true },
    ]);
    expect(old.firingMs).toBe(10 * H);
  });

  it('prefers the history over the current alert when both know the alert', () => {
    const current = new Map<string, Alert[]>([[ruleKey(G, 'Y'), [{ labels: { i: '1' }, annotations: {}, state: 'firing', activeAt: iso(T0 + 2 * H), value: '1' }]]]);
    const t = historyTimelines([entry(3, 'Y', { i: '1' }, 'pending', 'firing')], { startMs: T0, endMs: T0 + 10 * H, current });
    expect(t.get(ruleKey(G, 'Y'))!.alerts[0]!.spans.map((s) => [s.state, s.startMs])).toEqual([
      ['pending', T0],
      ['firing', T0 + 3 * H],
    ]);
  });

  it('skips entries whose time does not parse', () => {
    const t = historyTimelines([{ ...entry(1, 'Z', {}, 'inactive', 'firing'), time: 'yesterday' }], { startMs: T0, endMs: T0 + H });
    expect(t.size).toBe(0);
  });
});

describe('placeSpans', () => {
  it('scales spans to the bar and widens instants to the minimum width inside the bar', () => {
    const p = placeSpans(
      [
        { startMs: 0, endMs: 50, state: 'firing', open: false },
        { startMs: 100, endMs: 100, state: 'pending', open: false },
      ],
      0,
      100,
      200,
      2,
    );
    expect(p.map((s) => [s.x, s.width])).toEqual([
      [0, 100],
      [198, 2],
    ]);
  });
  it('drops spans outside the window and answers nothing for an empty window', () => {
    expect(placeSpans([{ startMs: 200, endMs: 300, state: 'firing', open: false }], 0, 100, 100)).toEqual([]);
    expect(placeSpans([{ startMs: 0, endMs: 1, state: 'firing', open: false }], 5, 5, 100)).toEqual([]);
  });
});

describe('axisTicks', () => {
  it('gives at most maxTicks+1 ascending ticks inside the window, on whole hours', () => {
    const start = T0 + 1234567;
    const ticks = axisTicks(start, start + 24 * H, 8);
    expect(ticks.length).toBeGreaterThan(2);
    expect(ticks.length).toBeLessThanOrEqual(9);
    for (const t of ticks) {
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThanOrEqual(start + 24 * H);
      expect(new Date(t).getMinutes()).toBe(0);
    }
    expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
  });
  it('uses day steps for a week', () => {
    const ticks = axisTicks(T0, T0 + 7 * 24 * H, 8);
    for (const t of ticks) expect(new Date(t).getHours()).toBe(0);
    expect(ticks.length).toBeGreaterThanOrEqual(7);
  });
});

describe('labelsKey', () => {
  it('cannot be fooled by separators inside names or values', () => {
    expect(labelsKey({ a: '1:b', c: '2' })).not.toBe(labelsKey({ a: '1', 'b:c': '2' }));
    expect(labelsKey({ a: 'x' })).not.toBe(labelsKey({ ax: '' }));
    expect(labelsKey({})).toBe('');
  });
});
