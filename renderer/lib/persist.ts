/**
 * localStorage with guards: quota errors, private modes and corrupt JSON never break the app;
 * a bad stored value reads as the fallback.
 */

export function readJson<T>(key: string, fallback: T, valid: (v: unknown) => v is T): T {
  try {
    const raw = window.localStorage.getItem(key);
    if (raw === null) return fallback;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function writeJson(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // NOTE: a full or disabled storage loses the write; the in-memory state stays correct.
  }
}
