/**
 * The route tree as the notify config loader hands it over: plain data, one node per
 * `route` / `routes` item of alertmanager.yml, already validated (label names, regexes,
 * durations, receiver and time-interval names). Route (route.ts) builds the runtime tree
 * from it with Alertmanager's inheritance and defaults.
 * https://prometheus.io/docs/alerting/latest/configuration/#route
 */

export type RouteMatchType = '=' | '!=' | '=~' | '!~';

/**
 * One matcher of a route. The loader turns all three spellings into these: `matchers`
 * (the new syntax) as written; `match: {name: value}` as `=`; and `match_re: {name: re}` as
 * `=~` with the value `^(?:re)$`, because Alertmanager's config.Regexp keeps the anchored
 * form and that is what appears in route keys (`{owner=~"^(?:team-(B|C))$"}`) and so in
 * group keys. A regex value is matched fully anchored, with RE2 syntax, `.` not matching a
 * newline (Alertmanager compiles `^(?:value)$`, unlike Prometheus 3's selectors).
 */
export interface RouteMatcher {
  readonly name: string;
  readonly type: RouteMatchType;
  readonly value: string;
}

export interface RouteConfig {
  /** Absent or '': inherit the parent's (the root must have one: the loader checks). */
  readonly receiver?: string;
  /**
   * Label names to group by; `['...']` groups by all labels. Absent or empty: inherit the
   * parent's (Alertmanager keeps a nil list for `group_by: []`).
   */
  readonly groupBy?: readonly string[];
  /** Whether matching goes on to the next sibling after this route matched. */
  readonly continue: boolean;
  /** All must hold; order does not matter (the route sorts them as Alertmanager does). */
  readonly matchers: readonly RouteMatcher[];
  /** Absent: inherit (defaults at the root: 30s, 5m, 4h). */
  readonly groupWaitMs?: number;
  readonly groupIntervalMs?: number;
  readonly repeatIntervalMs?: number;
  /** Names of `time_intervals` entries. Not inherited: each route has its own (as Alertmanager). */
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
  readonly routes: readonly RouteConfig[];
}
