/**
 * Units for graphs: inferred from the metric names in an expression (Prometheus naming
 * conventions: _seconds, _bytes, _ratio, _total), or chosen by the user; and the formatters
 * that print values in them. Pure.
 */

import { formatSI } from '../../shared/format';
import { LEGACY_METRIC_NAME_PATTERN } from '../../shared/text/names';

export type Unit = 'none' | 'seconds' | 'bytes' | 'bytesPerSecond' | 'ratio' | 'percent';
export type UnitChoice = 'auto' | Unit;

export const UNIT_LABELS: Record<UnitChoice, string> = {
  auto: 'Auto',
  none: 'Number (SI)',
  seconds: 'Seconds',
  bytes: 'Bytes (IEC)',
  bytesPerSecond: 'Bytes/s',
  ratio: 'Ratio → %',
  percent: 'Percent (0–100)',
};

const NAME_RE = new RegExp(LEGACY_METRIC_NAME_PATTERN, 'g');
const RATE_FNS = /\b(rate|irate|deriv)\s*\(/;
const COUNTING = /\b(count|count_over_time|count_values|changes|resets|absent|absent_over_time|present_over_time)\s*\(/;

/** The unit a metric name implies on its own, or null when it implies none. */
function nameUnit(name: string, rated: boolean): Unit | null {
  if (/_(time|timestamp)_seconds$/.test(name) || /_count$/.test(name)) return null;
  if (/_seconds(_bucket|_sum)?$/.test(name)) return 'seconds';
  // seconds per second (CPU time, …) is a plain ratio
  if (/_seconds_total$/.test(name)) return rated ? 'none' : 'seconds';
  if (/_bytes(_bucket|_sum)?$/.test(name)) return 'bytes';
  if (/_bytes_total$/.test(name)) return rated ? 'bytesPerSecond' : 'bytes';
  if (/_ratio$/.test(name)) return 'ratio';
  return null;
}

/**
 * The unit of an expression's result when every unit-bearing metric name in it agrees, e.g.
 * `rate(node_network_receive_bytes_total[5m])` → bytes per second; 'none' when they disagree,
 * when none carries a unit, or when the expression counts series or changes.
 */
export function inferUnit(expr: string, resultNames: readonly string[] = []): Unit {
  if (COUNTING.test(expr)) return 'none';
  const rated = RATE_FNS.test(expr);
  // Label matchers and grouping clauses hold label names and values, not metric names.
  const stripped = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""').replace(/\{[^}]*\}/g, '').replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const names = new Set<string>(resultNames);
  for (const m of stripped.matchAll(NAME_RE)) names.add(m[0]);
  let unit: Unit | null = null;
  for (const n of names) {
    const u = nameUnit(n, rated);
    if (u === null) continue;
    if (unit !== null && unit !== u) return 'none';
    unit = u;
  }
  return unit ?? 'none';
}

const IEC = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

function formatBytes(v: number): string {
  const abs = Math.abs(v);
  if (abs < 1024) return `${+v.toPrecision(3)} B`;
  let i = 0;
  let x = abs;
  while (x >= 1024 && i < IEC.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${+x.toPrecision(3)} ${IEC[i]}`;
}

function formatDurationSeconds(v: number): string {
  const abs = Math.abs(v);
  if (abs === 0) return '0s';
  if (abs < 1e-6) return `${+(v * 1e9).toPrecision(3)}ns`;
  if (abs < 1e-3) return `${+(v * 1e6).toPrecision(3)}µs`;
  if (abs < 1) return `${+(v * 1e3).toPrecision(3)}ms`;
  if (abs < 60) return `${+v.toPrecision(3)}s`;
  if (abs < 3600) return `${+(v / 60).toPrecision(3)}m`;
  if (abs < 86400) return `${+(v / 3600).toPrecision(3)}h`;
  return `${+(v / 86400).toPrecision(3)}d`;
}

/** A value printed in its unit, compactly (axes, tooltips). */
export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined) return '—';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'seconds':
      return formatDurationSeconds(v);
    case 'bytes':
      return formatBytes(v);
    case 'bytesPerSecond':
      return `${formatBytes(v)}/s`;
    case 'ratio':
      return `${+(v * 100).toPrecision(3)}%`;
    case 'percent':
      return `${+v.toPrecision(3)}%`;
    default:
      return formatSI(v);
  }
}
