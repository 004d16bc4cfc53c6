/**
 * The backtest form and its result: checking what the user typed before it is sent, and turning
 * the answer's alerts into the same pending/firing timelines as the alert history. Pure.
 */

import { DurationSyntaxError, parseDuration } from '../../shared/duration';
import type { BacktestData, BacktestRequest } from '../../shared/api/alertHistory';
import { labelsKey, mergeSpans, type AlertTimeline, type Span } from '../alerts/timeline';
import { parseApiTime } from '../lib/time';

export interface BacktestForm {
  rule: string;
  startMs: number | null;
  endMs: number | null;
  /** A Prometheus duration, or empty for the global evaluation interval. */
  interval: string;
}

export type FormField = 'rule' | 'start' | 'end' | 'interval';

export type Checked = { ok: true; request: BacktestRequest } | { ok: false; errors: Partial<Record<FormField, string>> };

/** Backtests longer than this are refused here: a year of evaluations is not a quick try. */
export const MAX_BACKTEST_RANGE_MS = 31 * 86_400_000;

const sec = (ms: number) => (ms / 1000).toFixed(3);

export function checkBacktestForm(f: BacktestForm, nowMs: number): Checked {
  const errors: Partial<Record<FormField, string>> = {};
  if (f.rule.trim() === '') errors.rule = 'the rule is empty: write one alerting rule (alert, expr, and optionally for, labels, annotations)';
  else if (!/^\s*-?\s*alert\s*:/m.test(f.rule)) errors.rule = 'only alerting rules can be backtested: the rule needs an "alert:" field';
  if (f.startMs === null) errors.start = 'the start is not a valid time';
  if (f.endMs === null) errors.end = 'the end is not a valid time';
  if (f.startMs !== null && f.endMs !== null) {
    if (f.endMs <= f.startMs) errors.end = 'the end must be after the start';
    else if (f.endMs - f.startMs > MAX_BACKTEST_RANGE_MS) errors.end = 'the range is longer than 31 days';
    else if (f.startMs > nowMs) errors.start = 'the start is in the future: there is no data to evaluate yet';
  }
  const interval = f.interval.trim();
  if (interval !== '') {
    try {
      const ms = parseDuration(interval);
      if (ms <= 0) errors.interval = 'the interval must be greater than zero';
      else if (f.startMs !== null && f.endMs !== null && f.endMs > f.startMs && (f.endMs - f.startMs) / ms > 100_000) {
        errors.interval = `the interval is too short for the range: ${Math.ceil((f.endMs - f.startMs) / ms)} evaluations (at most 100000)`;
      }
    } catch (err) {
      if (!(err instanceof DurationSyntaxError)) throw err;
      errors.interval = `invalid interval: ${err.message}`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const request: BacktestRequest = { rule: f.rule, start: sec(f.startMs!), end: sec(f.endMs!) };
  if (interval !== '') request.interval = interval;
  return { ok: true, request };
}

export interface BacktestResult {
  alerts: AlertTimeline[];
  merged: Span[];
  /** Alerts that reached firing. */
  fired: number;
  /** Alerts still pending or firing at the end of the range. */
  activeAtEnd: number;
  firingMs: number;
}

/** Spans of each backtest alert: pending from activeAt until it fired or resolved, firing until it resolved or the end. */
export function backtestTimeline(data: BacktestData, startMs: number, endMs: number): BacktestResult {
  const alerts: AlertTimeline[] = [];
  let fired = 0;
  let activeAtEnd = 0;
  for (const a of data.alerts ?? []) {
    const active = Math.max(parseApiTime(a.activeAt) || startMs, startMs);
    const firedAt = parseApiTime(a.firedAt);
    const resolvedAt = parseApiTime(a.resolvedAt);
    const end = resolvedAt > 0 ? Math.min(resolvedAt, endMs) : endMs;
    const open = resolvedAt === 0;
    const spans: Span[] = [];
    if (firedAt > 0) {
      fired++;
      if (firedAt > active) spans.push({ startMs: active, endMs: Math.min(firedAt, end), state: 'pending', open: false });
      spans.push({ startMs: Math.max(firedAt, startMs), endMs: end, state: 'firing', open });
    } else {
      spans.push({ startMs: active, endMs: end, state: 'pending', open });
    }
    if (open) activeAtEnd++;
    alerts.push({ key: labelsKey(a.labels) + (a.activeAt ?? ''), labels: a.labels, spans });
  }
  alerts.sort((x, y) => x.spans[0]!.startMs - y.spans[0]!.startMs || x.key.localeCompare(y.key));
  const merged = mergeSpans(alerts.map((a) => a.spans));
  let firingMs = 0;
  for (const s of merged) if (s.state === 'firing') firingMs += s.endMs - s.startMs;
  return { alerts, merged, fired, activeAtEnd, firingMs };
}
