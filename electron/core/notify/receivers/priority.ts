/** Rendered priorities for the homelab receivers: a number, or ntfy's names. */

const NTFY_NAMES: Readonly<Record<string, number>> = { min: 1, low: 2, default: 3, high: 4, max: 5, urgent: 5 };

/** ntfy's priority: 1–5 or min, low, default, high, max/urgent; '' is the default (3). */
export function ntfyPriority(s: string): number {
  const t = s.trim().toLowerCase();
  if (t === '') return 3;
  if (t in NTFY_NAMES) return NTFY_NAMES[t]!;
  if (/^[1-5]$/.test(t)) return Number(t);
  throw new Error(`priority: ${JSON.stringify(s)} is not 1-5, min, low, default, high, max or urgent`);
}

/** Gotify's priority: a non-negative integer (0–10 in its clients); '' gives `fallback`. */
export function intPriority(s: string, fallback: number): number {
  const t = s.trim();
  if (t === '') return fallback;
  if (!/^[0-9]{1,9}$/.test(t)) throw new Error(`priority: ${JSON.stringify(s)} is not a non-negative integer`);
  return Number(t);
}
