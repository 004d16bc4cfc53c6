/** The query history store: the pure list operations of history.ts, persisted in localStorage. */

import { create } from 'zustand';
import { readJson, writeJson } from '../lib/persist';
import { addToHistory } from './history';

const KEY = 'hearth.queryHistory';
const isList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

interface HistoryState {
  entries: string[];
  add(expr: string): void;
  remove(expr: string): void;
  clear(): void;
}

export const useHistory = create<HistoryState>((set, get) => ({
  entries: readJson<string[]>(KEY, [], isList),
  add(expr) {
    const entries = addToHistory(get().entries, expr);
    writeJson(KEY, entries);
    set({ entries });
  },
  remove(expr) {
    const entries = get().entries.filter((e) => e !== expr);
    writeJson(KEY, entries);
    set({ entries });
  },
  clear() {
    writeJson(KEY, []);
    set({ entries: [] });
  },
}));

// Another window or tab of the console added to the history: follow it.
window.addEventListener('storage', (e) => {
  if (e.key === KEY) useHistory.setState({ entries: readJson<string[]>(KEY, [], isList) });
});
