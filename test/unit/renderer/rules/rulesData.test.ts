import { describe, expect, it } from 'vitest';
import type { RuleGroup } from '../../../../shared/api/rules.js';
import { ALL_HEALTH, restoredNote, rulesFiltersFromSearch, rulesFiltersToSearch, summarizeGroups } from '../../../../renderer/rules/rulesData.js';

const groups: RuleGroup[] = [
  {
    name: 'g1',
    file: 'a.yml',
    interval: 30,
    limit: 0,
    evaluationTime: 0.002,
    lastEvaluation: '2024-05-01T12:00:00Z',
    rules: [
      { type: 'recording', name: 'job:up:sum', query: 'sum by (job) (up)', health: 'ok', evaluationTime: 0.001, lastEvaluation: '2024-05-01T12:00:00Z' },
      { type: 'recording', name: 'bad', query: 'foo / bar', health: 'err', lastError: 'many-to-many matching not allowed', evaluationTime: 0.001, lastEvaluation: '2024-05-01T12:00:00Z' },
    ],
  },
];

describe('rules shaping', () => {
  it('counts health per group', () => {
    expect(summarizeGroups(groups, ALL_HEALTH, '')[0]).toMatchObject({ ok: 1, err: 1, unknown: 0 });
  });
  it('filters rules by health and text, dropping groups left empty by a filter', () => {
    expect(summarizeGroups(groups, { ok: false, err: true, unknown: false }, '')[0]!.rules.map((r) => r.name)).toEqual(['bad']);
    expect(summarizeGroups(groups, ALL_HEALTH, 'sum by')[0]!.rules.map((r) => r.name)).toEqual(['job:up:sum']);
    expect(summarizeGroups(groups, ALL_HEALTH, 'nothing')).toEqual([]);
  });
});

describe('restored note', () => {
  const alerting = {
    type: 'alerting' as const,
    name: 'Down',
    query: 'up == 0',
    duration: 300,
    keepFiringFor: 0,
    labels: {},
    annotations: {},
    health: 'ok' as const,
    evaluationTime: 0,
    lastEvaluation: '2024-05-01T12:00:00Z',
    state: 'firing' as const,
  };
  it('says how many alerts came back from the database and when', () => {
    const now = Date.parse('2024-05-01T12:02:10Z');
    expect(restoredNote({ ...alerting, restored: { at: '2024-05-01T12:00:00Z', alerts: 3 } }, now)).toBe('restored 3 alerts 2m 10s ago');
    expect(restoredNote({ ...alerting, restored: { at: '2024-05-01T12:00:00Z', alerts: 1 } }, now)).toBe('restored 1 alert 2m 10s ago');
  });
  it('is absent on rules that were not restored and on recording rules', () => {
    expect(restoredNote(alerting, 0)).toBeNull();
    expect(restoredNote(groups[0]!.rules[0]!, 0)).toBeNull();
  });
});

describe('rules filters in the URL', () => {
  it('reads health and search; no health means every health', () => {
    expect(rulesFiltersFromSearch('')).toEqual({ health: ALL_HEALTH, q: '' });
    expect(rulesFiltersFromSearch('?health=err&search=disk')).toEqual({ health: { ok: false, err: true, unknown: false }, q: 'disk' });
    expect(rulesFiltersFromSearch('?health=bad')).toEqual({ health: ALL_HEALTH, q: '' });
  });
  it('writes them back, omitting defaults, and round-trips', () => {
    expect(rulesFiltersToSearch({ health: ALL_HEALTH, q: '' })).toBe('');
    const f = { health: { ok: true, err: false, unknown: true }, q: 'node load' };
    expect(rulesFiltersToSearch(f)).toBe('?health=ok&health=unknown&search=node+load');
    expect(rulesFiltersFromSearch(rulesFiltersToSearch(f))).toEqual(f);
  });
});
