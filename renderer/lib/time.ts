/**
 * Time formatting for the console. Times are ms since the epoch; the API edge uses seconds.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2024-05-01 13:45:10" in UTC, the form Prometheus's UI uses in URLs (end_input, moment_input). */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** Parses "YYYY-MM-DD HH:mm[:ss]" (UTC) or an ISO 8601 string or a Unix timestamp in seconds; null when invalid. */
export function parseUtc(s: string): number | null {
  const t = s.trim();
  if (t === '') return null;
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z)?$/.exec(t);
  if (m) {
    const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, m[6] ? +m[6] : 0, m[7] ? +m[7].padEnd(3, '0') : 0);
    return Number.isFinite(ms) ? ms : null;
  }
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/** Local wall-clock time for <input type="datetime-local"> ("YYYY-MM-DDTHH:mm:ss"). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function fromLocalInput(s: string): number | null {
  if (s === '') return null;
  const ms = new Date(s).getTime();
  return Number.isFinite(ms) ? ms : null;
}

/** Local "YYYY-MM-DD HH:mm:ss" for tables and tooltips. */
export function formatLocal(ms: number, withMs = false): string {
  const d = new Date(ms);
  const base = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withMs ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
}

/** "3.2s ago", "5m ago", "in 2h", "never" for the zero time Prometheus reports. */
export function formatRelative(ms: number, nowMs: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return 'never';
  const d = nowMs - ms;
  const abs = Math.abs(d);
  let s: string;
  if (abs < 1000) s = `${Math.round(abs)}ms`;
  else if (abs < 60_000) s = `${(abs / 1000).toFixed(abs < 10_000 ? 1 : 0)}s`;
  else if (abs < 3_600_000) s = `${Math.floor(abs / 60_000)}m ${Math.floor((abs % 60_000) / 1000)}s`;
  else if (abs < 86_400_000) s = `${Math.floor(abs / 3_600_000)}h ${Math.floor((abs % 3_600_000) / 60_000)}m`;
  else s = `${Math.floor(abs / 86_400_000)}d ${Math.floor((abs % 86_400_000) / 3_600_000)}h`;
  return d >= 0 ? `${s} ago` : `in ${s}`;
}

/** An RFC 3339 time from the API as ms; 0 for Go's zero time or garbage. */
export function parseApiTime(s: string | undefined): number {
  if (!s || s.startsWith('0001-01-01')) return 0;
  const ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : 0;
}

/** A duration in seconds for humans: 0.0123 → "12.3ms", 1.5 → "1.5s", 90 → "1m 30s". */
export function formatSeconds(sec: number): string {
  if (!Number.isFinite(sec)) return String(sec);
  const abs = Math.abs(sec);
  if (abs === 0) return '0s';
  if (abs < 1e-3) return `${+(sec * 1e6).toPrecision(3)}µs`;
  if (abs < 1) return `${+(sec * 1e3).toPrecision(3)}ms`;
  if (abs < 60) return `${+sec.toPrecision(3)}s`;
  if (abs < 3600) return `${Math.floor(sec / 60)}m ${Math.round(sec % 60)}s`;
  if (abs < 86400) return `${Math.floor(sec / 3600)}h ${Math.round((sec % 3600) / 60)}m`;
  return `${Math.floor(sec / 86400)}d ${Math.round((sec % 86400) / 3600)}h`;
}
