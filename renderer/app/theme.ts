/**
 * Light and dark themes: the OS setting by default, a toggle that overrides it (persisted).
 * The resolved theme is `data-theme` on <html>; all colours are CSS variables keyed on it.
 */

import { create } from 'zustand';
import { readJson, writeJson } from '../lib/persist';

export type ThemePreference = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'hearth.theme';
const media = window.matchMedia('(prefers-color-scheme: dark)');

function resolve(pref: ThemePreference): Theme {
  return pref === 'system' ? (media.matches ? 'dark' : 'light') : pref;
}

interface ThemeState {
  preference: ThemePreference;
  theme: Theme;
  setPreference(p: ThemePreference): void;
  /** Shows the other theme; when that is what the OS asks for, go back to following the OS. */
  toggle(): void;
}

const isPref = (v: unknown): v is ThemePreference => v === 'system' || v === 'light' || v === 'dark';
const initial = readJson<ThemePreference>(KEY, 'system', isPref);

export const useTheme = create<ThemeState>((set, get) => ({
  preference: initial,
  theme: resolve(initial),
  setPreference(p) {
    writeJson(KEY, p);
    set({ preference: p, theme: resolve(p) });
  },
  toggle() {
    const next: Theme = get().theme === 'dark' ? 'light' : 'dark';
    get().setPreference(next === resolve('system') ? 'system' : next);
  },
}));

function apply(theme: Theme) {
  document.documentElement.dataset['theme'] = theme;
}
apply(useTheme.getState().theme);
useTheme.subscribe((s) => apply(s.theme));
media.addEventListener('change', () => {
  const { preference } = useTheme.getState();
  useTheme.setState({ theme: resolve(preference) });
});
