import { describe, expect, it } from 'vitest';
import { addToHistory, searchHistory } from '../../../../renderer/query/history.js';
import { upsertSaved } from '../../../../renderer/query/saved.js';

describe('query history', () => {
  it('keeps distinct queries, most recent first, bounded', () => {
    let h: string[] = [];
    h = addToHistory(h, 'up');
    h = addToHistory(h, ' rate(x[5m]) ');
    h = addToHistory(h, 'up');
    h = addToHistory(h, '   ');
    expect(h).toEqual(['up', 'rate(x[5m])']);
    expect(addToHistory(['a', 'b', 'c'], 'd', 3)).toEqual(['d', 'a', 'b']);
  });

  it('searches by all terms, exact phrase first', () => {
    const h = ['sum(rate(http_requests_total[5m]))', 'rate(node_cpu_seconds_total[5m])', 'up', 'node_load1 > rate', 'x > 1 and node_load1'];
    expect(searchHistory(h, 'rate node')).toEqual(['rate(node_cpu_seconds_total[5m])', 'node_load1 > rate']);
    expect(searchHistory(h, 'node_load1 >')).toEqual(['node_load1 > rate', 'x > 1 and node_load1']);
    expect(searchHistory(h, 'RATE(NODE')).toEqual(['rate(node_cpu_seconds_total[5m])']);
    expect(searchHistory(h, '')).toEqual(h);
    expect(searchHistory(h, 'nothing')).toEqual([]);
  });
});

describe('saved queries', () => {
  it('are unique by name, sorted, and need a name', () => {
    let s = upsertSaved([], { name: 'b', expr: 'up', savedAt: 1 });
    s = upsertSaved(s, { name: ' a ', expr: 'x', savedAt: 2 });
    s = upsertSaved(s, { name: 'b', expr: 'up == 0', savedAt: 3 });
    expect(s.map((q) => [q.name, q.expr])).toEqual([
      ['a', 'x'],
      ['b', 'up == 0'],
    ]);
    expect(() => upsertSaved(s, { name: ' ', expr: 'x', savedAt: 0 })).toThrow(/name/);
  });
});
