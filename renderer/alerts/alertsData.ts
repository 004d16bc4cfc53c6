/**
 * The Alerts page's shaping: alerting rules by group with their state, filtered by state and
 * text, and state counts. Pure.
 */

import type { Alert, AlertingRule, RuleGroup, RulesData } from '../../shared/api/rules';

export type RuleState = AlertingRule['state'];
export type StateFilter = Record<RuleState, boolean>;
export const ALL_STATES: StateFilter = { inactive: true, pending: true, firing: true };

export interface AlertGroup {
  name: string;
  file: string;
  rules: AlertingRule[];
}

export interface StateCounts {
  inactive: number;
  pending: number;
  firing: number;
}

export function alertingRules(data: RulesData): AlertGroup[] {
  return data.groups
    .map((g: RuleGroup) => ({ name: g.name, file: g.file, rules: g.rules.filter((r): r is AlertingRule => r.type === 'alerting') }))
    .filter((g) => g.rules.length > 0);
}

export function countStates(groups: readonly AlertGroup[]): StateCounts {
  const c: StateCounts = { inactive: 0, pending: 0, firing: 0 };
  for (const g of groups) for (const r of g.rules) c[r.state]++;
  return c;
}

function ruleText(r: AlertingRule): string {
  const parts = [r.name, r.query, ...Object.entries(r.labels).map(([k, v]) => `${k}=${v}`), ...Object.values(r.annotations)];
  for (const a of r.alerts ?? []) parts.push(...Object.entries(a.labels).map(([k, v]) => `${k}=${v}`));
  return parts.join(' ').toLowerCase();
}

/** Groups with only the rules in an enabled state that contain every term of `q`; empty groups dropped. */
export function filterAlertGroups(groups: readonly AlertGroup[], states: StateFilter, q: string): AlertGroup[] {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  return groups
    .map((g) => ({ ...g, rules: g.rules.filter((r) => states[r.state] && terms.every((t) => ruleText(r).includes(t))) }))
    .filter((g) => g.rules.length > 0);
}

/** Firing first, then pending; each by how long it has been active (oldest first). */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  const rank = (a: Alert) => (a.state === 'firing' ? 0 : 1);
  return alerts.slice().sort((a, b) => rank(a) - rank(b) || (a.activeAt ?? '').localeCompare(b.activeAt ?? ''));
}

export function stateTone(s: RuleState | Alert['state']): 'red' | 'yellow' | 'green' {
  return s === 'firing' ? 'red' : s === 'pending' ? 'yellow' : 'green';
}
