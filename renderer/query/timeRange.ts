/**
 * Graph time ranges: presets, the automatic step, and the query window for a panel. Pure.
 */

import { formatDuration, parseDuration } from '../../shared/duration';

export const RANGE_PRESETS: readonly string[] = ['5m', '15m', '30m', '1h', '3h', '6h', '12h', '1d', '2d', '1w', '2w', '4w', '8w', '26w', '1y'];

/** Steps a graph snaps to, so refreshes and neighbouring panels land on the same timestamps. */
const NICE_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
].map((s) => s * 1000);

/** Points across the graph for "auto" resolution; Prometheus's UI aims at about 250. */
export const AUTO_POINTS = 250;
/** The API refuses more than 11,000 points per series. */
export const MAX_POINTS = 11_000;

export const STEP_CHOICES_MS: readonly number[] = NICE_STEPS_MS;

/** The smallest nice step giving at most about `points` points over `rangeMs`. */
export function autoStepMs(rangeMs: number, points = AUTO_POINTS): number {
  const raw = rangeMs / points;
  for (const s of NICE_STEPS_MS) if (s >= raw) return s;
  return Math.ceil(raw / 86_400_000) * 86_400_000;
}

/** The step a panel queries with: its fixed step, raised if it would exceed MAX_POINTS. */
export function effectiveStepMs(rangeMs: number, stepMs: number | null): number {
  const min = Math.ceil(rangeMs / MAX_POINTS / 1000) * 1000;
  return Math.max(stepMs ?? autoStepMs(rangeMs), min, 1);
}

export interface QueryWindow {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/**
 * The range query for a graph: points on multiples of the step, so they are the same instants
 * from one refresh to the next. A graph that follows now ends on the first multiple at or after
 * now (so the newest samples show); a fixed end is kept as given.
 */
export function queryWindow(rangeMs: number, endMs: number | null, stepMs: number | null, nowMs: number): QueryWindow {
  const step = effectiveStepMs(rangeMs, stepMs);
  const end = endMs ?? Math.ceil(nowMs / step) * step;
  const start = Math.floor((end - rangeMs) / step) * step;
  return { startMs: start, endMs: end, stepMs: step };
}

/** Parses a range typed by the user ("1h", "90m", "2d12h"); null when invalid or zero. */
export function parseRange(s: string): number | null {
  try {
    const ms = parseDuration(s.trim());
    return ms > 0 ? ms : null;
  } catch {
    return null;
  }
}

export function formatRange(ms: number): string {
  return formatDuration(ms);
}

/** The next preset up or down from `rangeMs` (the − and + buttons). */
export function stepPreset(rangeMs: number, dir: 1 | -1): number {
  const ms = RANGE_PRESETS.map((p) => parseDuration(p));
  if (dir > 0) return ms.find((m) => m > rangeMs) ?? rangeMs * 2;
  return [...ms].reverse().find((m) => m < rangeMs) ?? Math.max(1000, Math.floor(rangeMs / 2));
}
