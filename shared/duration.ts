/**
 * Prometheus durations (`1h30m`, `5m`, `15s`, `100ms`, `1y2w3d`): parsing and printing exactly
 * as prometheus/common's model.ParseDuration and model.Duration.String do, with their wording.
 * Units: y (365d), w, d, h, m, s, ms. The one implementation for flags, config, the API's
 * parameters, the PromQL parser and the UI.
 */

const MS_PER: Record<string, number> = {
  y: 365 * 24 * 3600_000,
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
/** Units must appear in this order, each at most once. */
const UNIT_ORDER: Record<string, number> = { y: 1, w: 2, d: 3, h: 4, m: 5, s: 6, ms: 7 };

/** The largest duration Go's time.Duration holds, in ms (2^63 ns). */
const MAX_DURATION_MS = 9223372036854.775;

export class DurationSyntaxError extends Error {}

/** Milliseconds of `1h30m`-style text; throws DurationSyntaxError with Prometheus's wording. */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  if (s === '') throw new DurationSyntaxError('empty duration string');
  let ms = 0;
  let last = 0;
  let i = 0;
  while (i < s.length) {
    const d0 = i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === d0) throw new DurationSyntaxError(`not a valid duration string: ${JSON.stringify(s)}`);
    const v = Number(s.slice(d0, i));
    const u0 = i;
    while (i < s.length && !(s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57)) i++;
    if (i === u0) throw new DurationSyntaxError(`not a valid duration string: ${JSON.stringify(s)}`);
    const unit = s.slice(u0, i);
    const pos = UNIT_ORDER[unit];
    if (pos === undefined) throw new DurationSyntaxError(`unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(s)}`);
    if (pos <= last) throw new DurationSyntaxError(`not a valid duration string: ${JSON.stringify(s)}`);
    last = pos;
    const mult = MS_PER[unit]!;
    if (v > MAX_DURATION_MS / mult) throw new DurationSyntaxError('duration out of range');
    ms += v * mult;
    if (ms > MAX_DURATION_MS) throw new DurationSyntaxError('duration out of range');
  }
  return ms;
}

/** Formats ms like Prometheus's model.Duration: `1h30m`, `90d`, `2w`, `1y`, `500ms`, `0s`. */
export function formatDuration(ms: number): string {
  ms = Math.trunc(ms);
  if (ms === 0) return '0s';
  let r = '';
  const take = (unit: string, mult: number, exact: boolean): void => {
    if (exact && ms % mult !== 0) return;
    const v = Math.floor(ms / mult);
    if (v > 0) {
      r += `${v}${unit}`;
      ms -= v * mult;
    }
  };
  take('y', MS_PER.y!, true);
  take('w', MS_PER.w!, true);
  take('d', MS_PER.d!, false);
  take('h', MS_PER.h!, false);
  take('m', MS_PER.m!, false);
  take('s', MS_PER.s!, false);
  take('ms', 1, false);
  return r;
}
