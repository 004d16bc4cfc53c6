/**
 * A test-only reader of alertmanager.yml's `route` (the real loader lives with the notify
 * config): match, match_re (kept as Alertmanager keeps it, `^(?:re)$`), matchers in the
 * plain `name op "value"` form with optional braces, group_by, the three durations in
 * whole s/m/h, continue, and the time-interval lists.
 */

import { parse as parseYaml } from 'yaml';
import type { RouteConfig, RouteMatcher, RouteMatchType } from '../../../../../electron/core/notify/route/types.js';

type RawRoute = Record<string, unknown>;

export function routeFromYaml(text: string): RouteConfig {
  return toRoute(parseYaml(text) as RawRoute);
}

function toRoute(r: RawRoute): RouteConfig {
  const matchers: RouteMatcher[] = [];
  for (const [name, value] of Object.entries((r.match as Record<string, string>) ?? {})) matchers.push({ name, type: '=', value: String(value) });
  for (const [name, value] of Object.entries((r.match_re as Record<string, string>) ?? {})) matchers.push({ name, type: '=~', value: `^(?:${String(value)})$` });
  for (const m of (r.matchers as string[]) ?? []) matchers.push(parseMatcher(m));
  return {
    receiver: r.receiver as string | undefined,
    groupBy: r.group_by as string[] | undefined,
    continue: r.continue === true,
    matchers,
    groupWaitMs: duration(r.group_wait),
    groupIntervalMs: duration(r.group_interval),
    repeatIntervalMs: duration(r.repeat_interval),
    muteTimeIntervals: (r.mute_time_intervals as string[]) ?? [],
    activeTimeIntervals: (r.active_time_intervals as string[]) ?? [],
    routes: ((r.routes as RawRoute[]) ?? []).map(toRoute),
  };
}

function parseMatcher(text: string): RouteMatcher {
  const m = /^\{?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*\}?$/.exec(text.trim());
  if (!m) throw new Error(`test support cannot read matcher ${text}`);
  return { name: m[1]!, type: m[2] as RouteMatchType, value: JSON.parse(`"${m[3]}"`) as string };
}

function duration(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)(s|m|h)$/.exec(String(v));
  if (!m) throw new Error(`test support cannot read duration ${String(v)}`);
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}
