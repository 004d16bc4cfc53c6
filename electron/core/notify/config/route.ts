/** route and inhibit_rules: Alertmanager's Route and InhibitRule, their checks, and the defaults children inherit. */

import { type Decoder, type Node } from '../../config/yamlDecoder.js';
import { goQuote } from '../../../../shared/text/quote.js';
import { compareMatchers, Matcher, parseMatchers, type MatchType } from '../matchers/index.js';
import { durationField, PLAIN, posOf } from './fields.js';
import type { RouteConfig } from '../route/index.js';
import type { InhibitRule, Position, Route } from './types.js';

const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Alertmanager's defaults for the root route (dispatch.DefaultRouteOpts). */
export const DEFAULT_GROUP_WAIT_MS = 30_000;
export const DEFAULT_GROUP_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_REPEAT_INTERVAL_MS = 4 * 3_600_000;

/** A route as written: unset fields stay null until inheritance. */
export interface RawRoute {
  receiver: string;
  receiverPos: Position | null;
  groupBy: string[] | null;
  groupByAll: boolean;
  matchers: Matcher[];
  hasMatchers: boolean;
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  continue: boolean;
  groupWaitMs: number | null;
  groupIntervalMs: number | null;
  repeatIntervalMs: number | null;
  routes: RawRoute[];
  pos: Position | null;
}

/** Valid under Alertmanager's default (UTF-8) label name rule. */
function validUtf8Name(s: string): boolean {
  return s !== '' && !/[\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

function matcherList(d: Decoder, v: Node): Matcher[] {
  const out: Matcher[] = [];
  const items = d.seq(v, '[]string') ?? [];
  for (const it of items) {
    const s = d.str(it) ?? '';
    try {
      out.push(...parseMatchers(s));
    } catch (e) {
      d.fail(it ?? v, (e as Error).message);
    }
  }
  return out;
}

/** match: label → value, as equality matchers. */
function matchMap(d: Decoder, v: Node, type: MatchType): Matcher[] {
  const out: Matcher[] = [];
  for (const p of d.pairs(v, type === '=' ? 'map[string]string' : 'config.MatchRegexps') ?? []) {
    const k = d.str(p.key as Node) ?? '';
    if (!CLASSIC_LABEL.test(k)) d.fail(p.key as Node, `invalid label name ${goQuote(k)}`);
    if (type === '=~' && d.isNull(p.value as Node)) d.fail(p.key as Node, `invalid regexp value for ${goQuote(k)}`);
    const val = d.str(p.value as Node) ?? '';
    try {
      const m = new Matcher(type, k, val);
      // Alertmanager keeps a match_re value in its anchored form, and that form shows in
      // route and group keys: {owner=~"^(?:team-(B|C))$"}.
      out.push(type === '=~' ? new Matcher(type, k, `^(?:${val})$`) : m);
    } catch (e) {
      d.fail(p.value as Node, (e as Error).message);
    }
  }
  return out;
}

export function decodeRoute(d: Decoder, v: Node): RawRoute {
  const r: RawRoute = {
    receiver: '',
    receiverPos: null,
    groupBy: null,
    groupByAll: false,
    matchers: [],
    hasMatchers: false,
    muteTimeIntervals: [],
    activeTimeIntervals: [],
    continue: false,
    groupWaitMs: null,
    groupIntervalMs: null,
    repeatIntervalMs: null,
    routes: [],
    pos: posOf(d, v),
  };
  let groupByNode: Node = v;
  let match: Matcher[] = [];
  let matchRe: Matcher[] = [];
  let matchers: Matcher[] = [];
  let intervalNode: Node = v;
  let repeatNode: Node = v;
  d.fields(v, PLAIN, {
    receiver: (x) => {
      r.receiver = d.str(x) ?? '';
      r.receiverPos = posOf(d, x);
    },
    group_by: (x) => {
      groupByNode = x;
      r.groupBy = d.strList(x) ?? null;
    },
    match: (x) => (match = matchMap(d, x, '=')),
    match_re: (x) => (matchRe = matchMap(d, x, '=~')),
    matchers: (x) => (matchers = matcherList(d, x)),
    mute_time_intervals: (x) => (r.muteTimeIntervals = d.strList(x) ?? []),
    active_time_intervals: (x) => (r.activeTimeIntervals = d.strList(x) ?? []),
    continue: (x) => (r.continue = d.bool(x) ?? false),
    routes: (x) => {
      for (const c of d.seq(x, '[]*config.Route') ?? []) r.routes.push(decodeRoute(d, c));
    },
    group_wait: (x) => (r.groupWaitMs = durationField(d, x) ?? null),
    group_interval: (x) => {
      intervalNode = x;
      r.groupIntervalMs = durationField(d, x) ?? null;
    },
    repeat_interval: (x) => {
      repeatNode = x;
      r.repeatIntervalMs = durationField(d, x) ?? null;
    },
  });
  r.hasMatchers = match.length + matchRe.length + matchers.length > 0;
  r.matchers = [...match, ...matchRe, ...matchers].sort(compareMatchers);
  const names: string[] = [];
  for (const l of r.groupBy ?? []) {
    if (l === '...') r.groupByAll = true;
    else {
      if (!validUtf8Name(l)) d.fail(groupByNode, `invalid label name ${goQuote(l)} in group_by list`);
      names.push(l);
    }
  }
  if (names.length > 0 && r.groupByAll) d.fail(groupByNode, 'cannot have wildcard group_by (`...`) and other labels at the same time');
  const seen = new Set<string>();
  for (const l of names) {
    if (seen.has(l)) d.fail(groupByNode, `duplicated label ${goQuote(l)} in group_by`);
    seen.add(l);
  }
  if (r.groupBy !== null) r.groupBy = names;
  if (r.groupIntervalMs === 0) d.fail(intervalNode, 'group_interval cannot be zero');
  if (r.repeatIntervalMs === 0) d.fail(repeatNode, 'repeat_interval cannot be zero');
  return r;
}

/** The tree as written, in notify/route's RouteConfig shape (its Route applies inheritance itself). */
export function toRouteConfig(r: RawRoute): RouteConfig {
  return {
    receiver: r.receiver === '' ? undefined : r.receiver,
    groupBy: r.groupByAll ? ['...'] : (r.groupBy ?? undefined),
    continue: r.continue,
    matchers: r.matchers.map((m) => ({ name: m.name, type: m.type, value: m.value })),
    groupWaitMs: r.groupWaitMs ?? undefined,
    groupIntervalMs: r.groupIntervalMs ?? undefined,
    repeatIntervalMs: r.repeatIntervalMs ?? undefined,
    muteTimeIntervals: r.muteTimeIntervals,
    activeTimeIntervals: r.activeTimeIntervals,
    routes: r.routes.map(toRouteConfig),
  };
}

/** The route tree with Alertmanager's inheritance applied (dispatch.NewRoute). */
export function resolveRoute(r: RawRoute, parent: Route | null): Route {
  const out: Route = {
    receiver: r.receiver !== '' ? r.receiver : (parent?.receiver ?? ''),
    groupBy: r.groupBy ?? (parent ? [...parent.groupBy] : []),
    groupByAll: r.groupBy !== null ? r.groupByAll : (parent?.groupByAll ?? false),
    matchers: r.matchers,
    muteTimeIntervals: r.muteTimeIntervals,
    activeTimeIntervals: r.activeTimeIntervals,
    continue: r.continue,
    groupWaitMs: r.groupWaitMs ?? parent?.groupWaitMs ?? DEFAULT_GROUP_WAIT_MS,
    groupIntervalMs: r.groupIntervalMs ?? parent?.groupIntervalMs ?? DEFAULT_GROUP_INTERVAL_MS,
    repeatIntervalMs: r.repeatIntervalMs ?? parent?.repeatIntervalMs ?? DEFAULT_REPEAT_INTERVAL_MS,
    routes: [],
    pos: r.pos,
  };
  out.routes = r.routes.map((c) => resolveRoute(c, out));
  return out;
}

export function decodeInhibitRule(d: Decoder, v: Node): InhibitRule {
  const rule: InhibitRule = { name: '', sourceMatchers: [], targetMatchers: [], equal: [] };
  const src: Matcher[][] = [[], [], []];
  const tgt: Matcher[][] = [[], [], []];
  let equalNode: Node = v;
  d.fields(v, PLAIN, {
    name: (x) => (rule.name = d.str(x) ?? ''),
    source_match: (x) => (src[0] = matchMap(d, x, '=')),
    source_match_re: (x) => (src[1] = matchMap(d, x, '=~')),
    source_matchers: (x) => (src[2] = matcherList(d, x)),
    target_match: (x) => (tgt[0] = matchMap(d, x, '=')),
    target_match_re: (x) => (tgt[1] = matchMap(d, x, '=~')),
    target_matchers: (x) => (tgt[2] = matcherList(d, x)),
    equal: (x) => {
      equalNode = x;
      rule.equal = d.strList(x) ?? [];
    },
  });
  for (const l of rule.equal) if (!validUtf8Name(l)) d.fail(equalNode, `invalid label name ${goQuote(l)} in equal list`);
  rule.sourceMatchers = src.flat();
  rule.targetMatchers = tgt.flat();
  return rule;
}
