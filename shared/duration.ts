/**
 * Prometheus durations (`1h30m`, `5m`, `15s`, `100ms`, `1y2w3d`): parsing and printing, as
 * model.ParseDuration and model.Duration.String do. Units: y (365d), w, d, h, m, s, ms.
 * Used by flags, config, the API's step/timeout parameters and the UI.
 */

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['y', 365 * 24 * 3600 * 1000],
  ['w', 7 * 24 * 3600 * 1000],
  ['d', 24 * 3600 * 1000],
  ['h', 3600 * 1000],
  ['m', 60 * 1000],
  ['s', 1000],
  ['ms', 1],
];

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** Milliseconds for a Prometheus duration string; throws with the offending text when invalid. */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  const m = DURATION_RE.exec(s);
  if (s === '' || !m) throw new Error(`not a valid duration string: "${s}"`);
  let ms = 0;
  for (let i = 0; i < UNITS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * UNITS[i]![1];
  }
  if (!Number.isSafeInteger(ms)) throw new Error(`duration out of range: "${s}"`);
  return ms;
}

/** The canonical string of a duration in ms, e.g. 5400000 → "1h30m", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let out = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  for (const [unit, size] of UNITS) {
    if (rest >= size) {
      const n = Math.floor(rest / size);
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
