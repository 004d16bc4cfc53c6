/**
 * The Rules page's shaping: groups with their health summary, filtered by text and health. Pure.
 */

import type { AlertingRule, RecordingRule, RuleGroup } from '../../shared/api/rules';
import { formatRelative, parseApiTime } from '../lib/time';

export type Rule = AlertingRule | RecordingRule;
export type HealthFilter = Record<Rule['health'], boolean>;
export const ALL_HEALTH: HealthFilter = { ok: true, err: true, unknown: true };

export interface GroupSummary {
  group: RuleGroup;
  rules: Rule[];
  ok: number;
  err: number;
  unknown: number;
}

export function summarizeGroups(groups: readonly RuleGroup[], health: HealthFilter, q: string): GroupSummary[] {
  const terms = q.toLowerCase().split(/\s+/).filter(Boolean);
  const out: GroupSummary[] = [];
  for (const g of groups) {
    const s: GroupSummary = { group: g, rules: [], ok: 0, err: 0, unknown: 0 };
    for (const r of g.rules) {
      s[r.health]++;
      const hay = `${r.name} ${r.query} ${g.name} ${g.file}`.toLowerCase();
      if (health[r.health] && terms.every((t) => hay.includes(t))) s.rules.push(r);
    }
    if (s.rules.length > 0 || (terms.length === 0 && health.ok && health.err && health.unknown)) out.push(s);
  }
  return out;
}

export function healthTone(h: Rule['health']): 'green' | 'red' | 'gray' {
  return h === 'ok' ? 'green' : h === 'err' ? 'red' : 'gray';
}

/**
 * The note on an alerting rule whose alerts came back from the database after a restart, e.g.
 * "restored 3 alerts 2m 10s ago"; null when the rule was not restored.
 */
export function restoredNote(r: Rule, nowMs: number): string | null {
  if (r.type !== 'alerting' || !r.restored) return null;
  const n = r.restored.alerts;
  const at = parseApiTime(r.restored.at);
  const what = `restored ${n} alert${n === 1 ? '' : 's'}`;
  return at > 0 ? `${what} ${formatRelative(at, nowMs)}` : what;
}

export interface RulesFilters {
  health: HealthFilter;
  q: string;
}

const HEALTH_KEYS = ['ok', 'err', 'unknown'] as const;

/** The Rules page's filters from its URL: `health` (repeated; none means all) and `search`, as Prometheus's UI names them. */
export function rulesFiltersFromSearch(search: string): RulesFilters {
  const p = new URLSearchParams(search);
  const wanted = p.getAll('health').filter((h): h is Rule['health'] => (HEALTH_KEYS as readonly string[]).includes(h));
  const health = wanted.length === 0 ? { ...ALL_HEALTH } : { ok: wanted.includes('ok'), err: wanted.includes('err'), unknown: wanted.includes('unknown') };
  return { health, q: p.get('search') ?? '' };
}

/** The URL search for the filters ("" for the defaults), keeping other parameters. */
export function rulesFiltersToSearch(f: RulesFilters, current = ''): string {
  const p = new URLSearchParams(current);
  p.delete('health');
  p.delete('search');
  const on = HEALTH_KEYS.filter((h) => f.health[h]);
  if (on.length < HEALTH_KEYS.length) for (const h of on) p.append('health', h);
  if (f.q !== '') p.set('search', f.q);
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}
