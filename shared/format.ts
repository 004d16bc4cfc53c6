/**
 * Number formatting shared by the API and the UI. Go's and Prometheus's float forms are in
 * text/float.ts.
 */

import { formatSampleValue } from './text/float.js';

/** A Unix timestamp in seconds as the API prints it: milliseconds → seconds with up to 3 decimals. */
export function msToApiSeconds(ms: number): number {
  return ms / 1000;
}

/** Compact SI formatting for axes and tooltips: 1234567 → "1.23M", 0.00012 → "120µ". */
export function formatSI(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return formatSampleValue(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  const prefixes: ReadonlyArray<readonly [number, string]> = [
    [1e24, 'Y'], [1e21, 'Z'], [1e18, 'E'], [1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'],
    [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'], [1e-12, 'p'],
  ];
  for (const [scale, p] of prefixes) {
    if (abs >= scale) return `${trimNumber((v / scale).toPrecision(digits))}${p}`;
  }
  return v.toExponential(digits - 1);
}

function trimNumber(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}
