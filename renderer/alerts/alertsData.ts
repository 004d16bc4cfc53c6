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

/** Alerts of one rule in each state, for the badges beside its name. */
export function alertCounts(r: AlertingRule): { firing: number; pending: number } {
  const c = { firing: 0, pending: 0 };
  for (const a of r.alerts ?? []) c[a.state]++;
  return c;
}

/** A sample value as Prometheus's UI shows it: "7e+00" as 7, and NaN or ±Inf as written. */
export function formatAlertValue(v: string): string {
  const n = Number(v);
  return v.trim() === '' || Number.isNaN(n) ? v : String(n);
}

/** The history's window choices. */
export const HISTORY_SPANS = { '1d': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type HistorySpan = keyof typeof HISTORY_SPANS;

export interface AlertFilters {
  states: StateFilter;
  q: string;
  /** Whether each alert's annotations show under its labels. */
  annotations: boolean;
  span: HistorySpan;
}

const STATE_KEYS = ['inactive', 'pending', 'firing'] as const;

/**
 * The filters from the page's URL, under the Prometheus UI's parameter names where it has them:
 * `state` (repeated; none means every state) and `search`; Hearth's own `annotations=0` and
 * `span` (1d, 7d).
 */
export function filtersFromSearch(search: string): AlertFilters {
  const p = new URLSearchParams(search);
  const wanted = p.getAll('state').filter((s): s is RuleState => (STATE_KEYS as readonly string[]).includes(s));
  const states = wanted.length === 0 ? { ...ALL_STATES } : { inactive: wanted.includes('inactive'), pending: wanted.includes('pending'), firing: wanted.includes('firing') };
  const span = p.get('span');
  return { states, q: p.get('search') ?? '', annotations: p.get('annotations') !== '0', span: span !== null && span in HISTORY_SPANS ? (span as HistorySpan) : '1d' };
}

/** The URL search for the filters ("" when they are all defaults), keeping other parameters. */
export function filtersToSearch(f: AlertFilters, current = ''): string {
  const p = new URLSearchParams(current);
  for (const k of ['state', 'search', 'annotations', 'span']) p.delete(k);
  const on = STATE_KEYS.filter((s) => f.states[s]);
  if (on.length < STATE_KEYS.length) for (const s of on) p.append('state', s);
  if (f.q !== '') p.set('search', f.q);
  if (!f.annotations) p.set('annotations', '0');
  if (f.span !== '1d') p.set('span', f.span);
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}
