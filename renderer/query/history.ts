/**
 * Query history: the most recent distinct expressions first, persisted in localStorage.
 * The list operations are pure so they are unit tested.
 */

export const HISTORY_MAX = 250;

/** `expr` moved (or added) to the front; blanks ignored; at most `max` entries. */
export function addToHistory(list: readonly string[], expr: string, max = HISTORY_MAX): string[] {
  const e = expr.trim();
  if (e === '') return list.slice();
  const out = [e];
  for (const x of list) if (x !== e && out.length < max) out.push(x);
  return out;
}

/**
 * Entries containing every whitespace-separated term of `q` (case-insensitive). Entries that
 * contain the query as typed, as one piece, come first; otherwise the most recent first.
 */
export function searchHistory(list: readonly string[], q: string): string[] {
  const needle = q.trim().toLowerCase();
  const terms = needle.split(/\s+/).filter(Boolean);
  if (terms.length === 0) return list.slice();
  const exact: string[] = [];
  const loose: string[] = [];
  for (const e of list) {
    const low = e.toLowerCase();
    if (!terms.every((t) => low.includes(t))) continue;
    (low.includes(needle) ? exact : loose).push(e);
  }
  return exact.concat(loose);
}
