import { describe, expect, it } from 'vitest';
import type { RulesData } from '../../../../shared/api/rules.js';
import { ALL_STATES, alertCounts, alertingRules, countStates, filterAlertGroups, filtersFromSearch, filtersToSearch, formatAlertValue, sortAlerts } from '../../../../renderer/alerts/alertsData.js';

// A /api/v1/rules?type=alert response as Prometheus documents it.
const response: { status: 'success'; data: RulesData } = {
  status: 'success',
  data: {
    groups: [
      {
        name: 'node',
        file: '/etc/hearth/rules.yml',
        interval: 15,
        limit: 0,
        evaluationTime: 0.0012,
        lastEvaluation: '2024-05-01T12:00:00Z',
        rules: [
          {
            type: 'alerting',
            name: 'HighLoad',
            query: 'node_load1 > 4',
            duration: 300,
            keepFiringFor: 0,
            labels: { severity: 'warning' },
            annotations: { summary: 'Load is high on {{ $labels.instance }}' },
            alerts: [
              { labels: { alertname: 'HighLoad', instance: 'b' }, annotations: {}, state: 'pending', activeAt: '2024-05-01T11:59:00Z', value: '4.5e+00' },
              { labels: { alertname: 'HighLoad', instance: 'a' }, annotations: {}, state: 'firing', activeAt: '2024-05-01T11:50:00Z', value: '7e+00' },
            ],
            health: 'ok',
            evaluationTime: 0.0005,
            lastEvaluation: '2024-05-01T12:00:00Z',
            state: 'firing',
          },
          { type: 'alerting', name: 'Down', query: 'up == 0', duration: 0, keepFiringFor: 0, labels: {}, annotations: {}, alerts: [], health: 'ok', evaluationTime: 0, lastEvaluation: '2024-05-01T12:00:00Z', state: 'inactive' },
          { type: 'recording', name: 'job:up:sum', query: 'sum by (job) (up)', health: 'ok', evaluationTime: 0, lastEvaluation: '2024-05-01T12:00:00Z' },
        ],
      },
      { name: 'only-recording', file: 'r.yml', interval: 60, limit: 0, evaluationTime: 0, lastEvaluation: '', rules: [{ type: 'recording', name: 'x', query: 'y', health: 'unknown', evaluationTime: 0, lastEvaluation: '' }] },
    ],
  },
};

describe('alerts shaping', () => {
  const groups = alertingRules(response.data);

  it('keeps alerting rules only, dropping groups without any', () => {
    expect(groups.map((g) => g.name)).toEqual(['node']);
    expect(groups[0]!.rules.map((r) => r.name)).toEqual(['HighLoad', 'Down']);
  });

  it('counts rule states', () => {
    expect(countStates(groups)).toEqual({ inactive: 1, pending: 0, firing: 1 });
  });

  it('filters by state and by text in names, queries, labels and alert labels', () => {
    expect(filterAlertGroups(groups, { ...ALL_STATES, inactive: false }, '')[0]!.rules.map((r) => r.name)).toEqual(['HighLoad']);
    expect(filterAlertGroups(groups, ALL_STATES, 'up == 0')[0]!.rules.map((r) => r.name)).toEqual(['Down']);
    expect(filterAlertGroups(groups, ALL_STATES, 'instance=a')[0]!.rules.map((r) => r.name)).toEqual(['HighLoad']);
    expect(filterAlertGroups(groups, ALL_STATES, 'severity=critical')).toEqual([]);
  });

  it('lists firing alerts before pending ones', () => {
    expect(sortAlerts(groups[0]!.rules[0]!.alerts!).map((a) => a.labels['instance'])).toEqual(['a', 'b']);
  });

  it('handles the empty response Hearth gives before rules exist', () => {
    expect(alertingRules({ groups: [] })).toEqual([]);
    expect(countStates([])).toEqual({ inactive: 0, pending: 0, firing: 0 });
  });

  it('counts a rule\'s alerts by state', () => {
    expect(alertCounts(groups[0]!.rules[0]!)).toEqual({ firing: 1, pending: 1 });
    expect(alertCounts(groups[0]!.rules[1]!)).toEqual({ firing: 0, pending: 0 });
  });

  it('shows values as Prometheus\'s UI does', () => {
    expect(formatAlertValue('7e+00')).toBe('7');
    expect(formatAlertValue('4.5e+00')).toBe('4.5');
    expect(formatAlertValue('1.2345e-05')).toBe('0.000012345');
    expect(formatAlertValue('NaN')).toBe('NaN');
    expect(formatAlertValue('+Inf')).toBe('+Inf');
    expect(formatAlertValue('')).toBe('');
  });
});

describe('alert filters in the URL', () => {
  it('reads Prometheus\'s state and search parameters; no state means every state', () => {
    const defaults = { annotations: true, span: '1d' };
    expect(filtersFromSearch('')).toEqual({ states: ALL_STATES, q: '', ...defaults });
    expect(filtersFromSearch('?state=firing&state=pending&search=disk')).toEqual({ states: { inactive: false, pending: true, firing: true }, q: 'disk', ...defaults });
    expect(filtersFromSearch('?state=bogus&span=1y')).toEqual({ states: ALL_STATES, q: '', ...defaults });
    expect(filtersFromSearch('?annotations=0&span=7d')).toMatchObject({ annotations: false, span: '7d' });
  });

  it('writes them back, omitting defaults and keeping other parameters', () => {
    const d = { annotations: true, span: '1d' as const };
    expect(filtersToSearch({ states: ALL_STATES, q: '', ...d })).toBe('');
    expect(filtersToSearch({ states: { inactive: false, pending: false, firing: true }, q: 'a b', ...d }, '?g0.expr=up')).toBe('?g0.expr=up&state=firing&search=a+b');
    expect(filtersToSearch({ states: ALL_STATES, q: '', annotations: false, span: '7d' })).toBe('?annotations=0&span=7d');
    const f = { states: { inactive: true, pending: false, firing: true }, q: 'x', annotations: false, span: '7d' as const };
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
  });
});
