/**
 * Timelines of alert states: the alert history's state changes (and a backtest's alerts) turned
 * into pending and firing spans over a window, per alert and merged per rule, and placed on a
 * bar of a given width. Pure; times in ms.
 */

import type { AlertHistoryEntry } from '../../shared/api/alertHistory';
import type { Alert } from '../../shared/api/rules';
import { parseApiTime } from '../lib/time';

export type SpanState = 'pending' | 'firing';

export interface Span {
  startMs: number;
  endMs: number;
  state: SpanState;
  /** Still in this state at the window's end (the bar runs off its right edge). */
  open: boolean;
}

export interface AlertTimeline {
  /** Identity of the alert: its group, rule and labels. */
  key: string;
  labels: Record<string, string>;
  spans: Span[];
}

export interface RuleTimeline {
  /** `${file};${group}`, as the history names groups. */
  group: string;
  rule: string;
  alerts: AlertTimeline[];
  /** The rule's alerts merged: firing wherever one fires, else pending wherever one is pending. */
  merged: Span[];
  /** How many times an alert of the rule started firing inside the window. */
  firings: number;
  /** Time inside the window during which at least one alert fired. */
  firingMs: number;
}

/**
 * A label set's identity, independent of key order; length-prefixed so no name or value can
 * fake a boundary. Skips the sort when the keys already come sorted (the API writes them so).
 */
export function labelsKey(labels: Record<string, string>): string {
  const ks = Object.keys(labels);
  for (let i = 1; i < ks.length; i++) {
    if (ks[i - 1]! > ks[i]!) {
      ks.sort();
      break;
    }
  }
  let s = '';
  for (const k of ks) {
    const v = labels[k]!;
    s += `${k.length}:${k}${v.length}:${v}`;
  }
  return s;
}

export function ruleKey(group: string, rule: string): string {
  return `${group}\u0000${rule}`;
}

interface Change {
  timeMs: number;
  from: AlertHistoryEntry['from'];
  to: AlertHistoryEntry['to'];
}

/**
 * One alert's spans from its changes, clipped to [startMs, endMs]. The state before the first
 * change is that change's `from` (the history only holds changes inside the window).
 */
export function spansFromChanges(changes: readonly Change[], startMs: number, endMs: number): Span[] {
  const sorted = changes.slice().sort((a, b) => a.timeMs - b.timeMs);
  const spans: Span[] = [];
  if (sorted.length === 0) return spans;
  let state = sorted[0]!.from;
  let since = startMs;
  const close = (untilMs: number, open: boolean) => {
    if (state === 'inactive') return;
    const s = Math.max(since, startMs);
    const e = Math.min(untilMs, endMs);
    if (e < s) return;
    const last = spans[spans.length - 1];
    // A firing alert re-sent as firing (or a duplicate change) continues its span.
    if (last && last.state === state && last.endMs === s) last.endMs = e;
    else spans.push({ startMs: s, endMs: e, state, open: false });
    spans[spans.length - 1]!.open = open;
  };
  for (const c of sorted) {
    if (c.timeMs > endMs) break;
    close(c.timeMs, false);
    state = c.to;
    since = c.timeMs;
  }
  close(endMs, true);
  return spans;
}

/**
 * Merges several alerts' spans into one row: firing wins over pending. Sweeps the boundaries
 * once, O(n log n) in the number of spans.
 */
export function mergeSpans(rows: ReadonlyArray<readonly Span[]>): Span[] {
  const events: Array<{ t: number; firing: number; pending: number; open: boolean }> = [];
  for (const spans of rows) {
    for (const s of spans) {
      const f = s.state === 'firing' ? 1 : 0;
      events.push({ t: s.startMs, firing: f, pending: 1 - f, open: false });
      events.push({ t: s.endMs, firing: -f, pending: f - 1, open: s.open });
    }
  }
  // Starts before ends at the same instant, so touching spans do not leave a gap.
  events.sort((a, b) => a.t - b.t || b.firing + b.pending - (a.firing + a.pending));
  const out: Span[] = [];
  let firing = 0;
  let pending = 0;
  let cur: SpanState | null = null;
  let since = 0;
  for (let i = 0; i < events.length; ) {
    const t = events[i]!.t;
    let open = false;
    for (; i < events.length && events[i]!.t === t; i++) {
      firing += events[i]!.firing;
      pending += events[i]!.pending;
      open ||= events[i]!.open;
    }
    const next: SpanState | null = firing > 0 ? 'firing' : pending > 0 ? 'pending' : null;
    if (next === cur) continue;
    if (cur !== null) pushMerged(out, { startMs: since, endMs: t, state: cur, open: false });
    cur = next;
    since = t;
    if (cur === null && open && out.length > 0) out[out.length - 1]!.open = true;
  }
  return out;
}

function pushMerged(out: Span[], s: Span): void {
  const last = out[out.length - 1];
  if (last && last.state === s.state && last.endMs === s.startMs) last.endMs = s.endMs;
  else out.push(s);
}

/** Firing starts and firing time of merged spans, within the window. */
export function firingStats(merged: readonly Span[], alerts: readonly AlertTimeline[], startMs: number): { firings: number; firingMs: number } {
  let firingMs = 0;
  for (const s of merged) if (s.state === 'firing') firingMs += s.endMs - s.startMs;
  let firings = 0;
  for (const a of alerts) for (const s of a.spans) if (s.state === 'firing' && s.startMs > startMs) firings++;
  return { firings, firingMs };
}

export interface HistoryTimelineOptions {
  startMs: number;
  endMs: number;
  /**
   * The rules' current alerts by ruleKey(group, rule): an alert active now without a change in
   * the window has been in its state the whole window.
   */
  current?: ReadonlyMap<string, readonly Alert[]>;
}

/** Rule timelines from history entries (any order), keyed by ruleKey(group, rule). */
export function historyTimelines(entries: readonly AlertHistoryEntry[], o: HistoryTimelineOptions): Map<string, RuleTimeline> {
  const byAlert = new Map<string, { group: string; rule: string; labels: Record<string, string>; changes: Change[] }>();
  for (const e of entries) {
    const t = parseApiTime(e.time);
    if (t === 0) continue;
    const k = ruleKey(e.group, e.rule) + '\u0000' + labelsKey(e.labels);
    let a = byAlert.get(k);
    if (!a) byAlert.set(k, (a = { group: e.group, rule: e.rule, labels: e.labels, changes: [] }));
    a.changes.push({ timeMs: t, from: e.from, to: e.to });
  }
  const rules = new Map<string, RuleTimeline>();
  const ruleOf = (group: string, rule: string): RuleTimeline => {
    const rk = ruleKey(group, rule);
    let r = rules.get(rk);
    if (!r) rules.set(rk, (r = { group, rule, alerts: [], merged: [], firings: 0, firingMs: 0 }));
    return r;
  };
  for (const [k, a] of byAlert) {
    const spans = spansFromChanges(a.changes, o.startMs, o.endMs);
    if (spans.length > 0) ruleOf(a.group, a.rule).alerts.push({ key: k, labels: a.labels, spans });
  }
  for (const [rk, alerts] of o.current ?? []) {
    const sep = rk.indexOf('\u0000');
    const group = rk.slice(0, sep);
    const rule = rk.slice(sep + 1);
    for (const al of alerts) {
      const k = rk + '\u0000' + labelsKey(al.labels);
      if (byAlert.has(k)) continue;
      const since = Math.max(o.startMs, parseApiTime(al.activeAt) || o.startMs);
      // Without a change in the window, a firing alert fired before it began.
      const start = al.state === 'firing' ? o.startMs : since;
      if (start > o.endMs) continue;
      ruleOf(group, rule).alerts.push({ key: k, labels: al.labels, spans: [{ startMs: start, endMs: o.endMs, state: al.state, open: true }] });
    }
  }
  for (const r of rules.values()) {
    r.alerts.sort((a, b) => (a.spans[0]?.startMs ?? 0) - (b.spans[0]?.startMs ?? 0) || a.key.localeCompare(b.key));
    r.merged = mergeSpans(r.alerts.map((a) => a.spans));
    Object.assign(r, firingStats(r.merged, r.alerts, o.startMs));
  }
  return rules;
}

/** A span placed on a bar: x and width in the bar's units, at least `minWidth` wide so instants show. */
export interface PlacedSpan extends Span {
  x: number;
  width: number;
}

export function placeSpans(spans: readonly Span[], startMs: number, endMs: number, width: number, minWidth = 1): PlacedSpan[] {
  const range = endMs - startMs;
  if (!(range > 0) || !(width > 0)) return [];
  const out: PlacedSpan[] = [];
  for (const s of spans) {
    const a = Math.max(s.startMs, startMs);
    const b = Math.min(s.endMs, endMs);
    if (b < a) continue;
    let x = ((a - startMs) / range) * width;
    let w = ((b - a) / range) * width;
    if (w < minWidth) {
      w = Math.min(minWidth, width);
      x = Math.min(x, width - w);
    }
    out.push({ ...s, x, width: w });
  }
  return out;
}

/** Evenly spaced tick times for a window's axis, on whole hours or days in local time. */
export function axisTicks(startMs: number, endMs: number, maxTicks: number): number[] {
  const range = endMs - startMs;
  if (!(range > 0) || maxTicks < 1) return [];
  const steps = [3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000, 2 * 86_400_000, 7 * 86_400_000];
  const step = steps.find((s) => range / s <= maxTicks) ?? Math.ceil(range / maxTicks / 86_400_000) * 86_400_000;
  const d = new Date(startMs);
  // Align to the local hour (or midnight for day steps) at or after the start.
  if (step >= 86_400_000) d.setHours(0, 0, 0, 0);
  else d.setMinutes(0, 0, 0);
  let t = d.getTime();
  while (t < startMs) t = step >= 86_400_000 ? nextLocalDay(t, step / 86_400_000) : t + step;
  const out: number[] = [];
  for (; t <= endMs && out.length <= maxTicks; t = step >= 86_400_000 ? nextLocalDay(t, step / 86_400_000) : t + step) out.push(t);
  return out;
}

function nextLocalDay(t: number, days: number): number {
  const d = new Date(t);
  d.setDate(d.getDate() + days);
  return d.getTime();
}
