import { compareGoStrings, type LabelSet, labelSetString } from './labelSet.js';
import { CompiledMatcher, compareMatchers, matchersString } from './routeMatcher.js';
import type { RouteConfig } from './types.js';

/**
 * Alertmanager's dispatch.Route: the routing tree at run time, each node with its options
 * resolved against its parent's (NewRoute), the alerts' path through it (Match), and the
 * keys that name a node (Key, ID) and its aggregation groups.
 */

/** The options an alert gets from the route it matched. */
export interface RouteOpts {
  readonly receiver: string;
  /** Label names to group by, in Go's string order; empty with groupByAll. */
  readonly groupBy: readonly string[];
  readonly groupByAll: boolean;
  readonly groupWaitMs: number;
  readonly groupIntervalMs: number;
  readonly repeatIntervalMs: number;
  readonly muteTimeIntervals: readonly string[];
  readonly activeTimeIntervals: readonly string[];
}

/** The root's defaults (Alertmanager's DefaultRouteOpts). */
export const DEFAULT_ROUTE_OPTS: RouteOpts = Object.freeze({
  receiver: '',
  groupBy: [],
  groupByAll: false,
  groupWaitMs: 30_000,
  groupIntervalMs: 5 * 60_000,
  repeatIntervalMs: 4 * 3_600_000,
  muteTimeIntervals: [],
  activeTimeIntervals: [],
});

export class Route {
  readonly opts: RouteOpts;
  /** Sorted as Alertmanager sorts them (name, value, type): the key depends on it. */
  readonly matchers: readonly CompiledMatcher[];
  readonly continue: boolean;
  readonly routes: readonly Route[];
  private readonly groupBySet: ReadonlySet<string>;
  private keyCache: string | null = null;
  private idCache: string | null = null;

  /** Throws on what the config loader should have refused (a bad regex, '...' with names). */
  constructor(
    config: RouteConfig,
    readonly parent: Route | null = null,
  ) {
    const base = parent ? parent.opts : DEFAULT_ROUTE_OPTS;
    let groupBy = base.groupBy;
    let groupByAll = base.groupByAll;
    const names = config.groupBy ?? [];
    if (names.includes('...')) {
      if (names.length > 1) throw new Error('cannot have wildcard group_by (`...`) and other other labels at the same time');
      groupBy = [];
      groupByAll = true;
    } else if (names.length > 0) {
      groupBy = [...new Set(names)].sort(compareGoStrings);
      groupByAll = false;
    }
    this.opts = Object.freeze({
      receiver: config.receiver ? config.receiver : base.receiver,
      groupBy,
      groupByAll,
      groupWaitMs: config.groupWaitMs ?? base.groupWaitMs,
      groupIntervalMs: config.groupIntervalMs ?? base.groupIntervalMs,
      repeatIntervalMs: config.repeatIntervalMs ?? base.repeatIntervalMs,
      muteTimeIntervals: [...config.muteTimeIntervals],
      activeTimeIntervals: [...config.activeTimeIntervals],
    });
    this.groupBySet = new Set(groupBy);
    this.matchers = config.matchers.map((m) => new CompiledMatcher(m.name, m.type, m.value)).sort(compareMatchers);
    this.continue = config.continue;
    this.routes = config.routes.map((c) => new Route(c, this));
  }

  /**
   * The routes an alert with `labels` goes to: depth first, left to right. A child that
   * matches ends the search among its siblings unless it has `continue`; a route none of
   * whose children match is itself the match. Empty when this route's matchers fail.
   */
  match(labels: LabelSet): Route[] {
    const out: Route[] = [];
    this.collect(labels, out);
    return out;
  }

  /** Appends this subtree's matches to `out`; returns whether this route matched at all. */
  private collect(labels: LabelSet, out: Route[]): boolean {
    for (const m of this.matchers) if (!m.matches(labels)) return false;
    const before = out.length;
    for (const child of this.routes) {
      if (child.collect(labels, out) && !child.continue) break;
    }
    if (out.length === before) out.push(this);
    return true;
  }

  /** `{}/{severity="page"}`: the matchers of every route from the root. Not unique in general. */
  key(): string {
    if (this.keyCache === null) this.keyCache = (this.parent ? this.parent.key() + '/' : '') + matchersString(this.matchers);
    return this.keyCache;
  }

  /** The key plus this route's index among its parent's children (`{}/{severity="page"}/0`): unique. */
  id(): string {
    if (this.idCache === null) this.idCache = this.parent ? `${this.key()}/${this.parent.routes.indexOf(this)}` : this.key();
    return this.idCache;
  }

  /** Visits this route, then its subtrees in order (Alertmanager's Walk). */
  walk(visit: (r: Route) => void): void {
    visit(this);
    for (const r of this.routes) r.walk(visit);
  }

  /**
   * The labels an alert is grouped by on this route: those named in group_by that the
   * alert has (a missing one is left out, not set to ''), or all of them with '...'.
   * Keys in Go's order.
   */
  groupLabels(labels: LabelSet): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of Object.keys(labels).sort(compareGoStrings)) {
      if (this.opts.groupByAll || this.groupBySet.has(name)) out[name] = labels[name]!;
    }
    return out;
  }

  /** The aggregation group's key, `routeKey:{groupLabels}` (webhook `groupKey`). */
  groupKey(labels: LabelSet): string {
    return `${this.key()}:${labelSetString(this.groupLabels(labels))}`;
  }
}
