/**
 * Saved queries: named expressions kept in localStorage. Names are unique; saving under an
 * existing name replaces that entry.
 */

export interface SavedQuery {
  name: string;
  expr: string;
  /** ms since the epoch */
  savedAt: number;
}

export function upsertSaved(list: readonly SavedQuery[], q: SavedQuery): SavedQuery[] {
  const name = q.name.trim();
  if (name === '') throw new Error('a saved query needs a name');
  const out = list.filter((s) => s.name !== name);
  out.push({ ...q, name });
  out.sort((a, b) => a.name.localeCompare(b.name));
  return out;
}
