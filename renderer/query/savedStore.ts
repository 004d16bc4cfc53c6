/** The saved-queries store, persisted in localStorage. */

import { create } from 'zustand';
import { readJson, writeJson } from '../lib/persist';
import { upsertSaved, type SavedQuery } from './saved';

const KEY = 'hearth.savedQueries';
const isList = (v: unknown): v is SavedQuery[] =>
  Array.isArray(v) &&
  v.every((x) => typeof x === 'object' && x !== null && typeof (x as SavedQuery).name === 'string' && typeof (x as SavedQuery).expr === 'string');

interface SavedState {
  queries: SavedQuery[];
  save(name: string, expr: string): void;
  remove(name: string): void;
}

export const useSaved = create<SavedState>((set, get) => ({
  queries: readJson<SavedQuery[]>(KEY, [], isList),
  save(name, expr) {
    const queries = upsertSaved(get().queries, { name, expr, savedAt: Date.now() });
    writeJson(KEY, queries);
    set({ queries });
  },
  remove(name) {
    const queries = get().queries.filter((q) => q.name !== name);
    writeJson(KEY, queries);
    set({ queries });
  },
}));

window.addEventListener('storage', (e) => {
  if (e.key === KEY) useSaved.setState({ queries: readJson<SavedQuery[]>(KEY, [], isList) });
});
