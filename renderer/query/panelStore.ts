/**
 * The query page's panels, mirrored into the URL (replaceState on every change) so a copied
 * link reproduces the page. `runs` counts executions per panel so running the same
 * expression again re-fetches (new "now"); it is not part of the URL.
 */

import { create } from 'zustand';
import { useRouter } from '../app/router';
import { decodePanels, defaultPanel, encodePanels, newPanelId, type PanelState } from './panelState';

interface PanelsState {
  panels: PanelState[];
  runs: Record<string, number>;
  update(id: string, patch: Partial<Omit<PanelState, 'id'>>): void;
  /** Sets the expression and executes it (even when unchanged). */
  run(id: string, expr: string): void;
  add(expr?: string): string;
  duplicate(id: string): void;
  remove(id: string): void;
  move(id: string, dir: -1 | 1): void;
  runAll(): void;
  loadFromUrl(search: string): void;
}

function onQueryPage(): boolean {
  return useRouter.getState().route.page === 'query';
}

function syncUrl(panels: PanelState[]) {
  if (!onQueryPage()) return;
  const search = encodePanels(panels);
  if (window.location.search !== search) {
    window.history.replaceState({}, '', window.location.pathname + search);
    useRouter.setState({ search });
  }
}

export const usePanels = create<PanelsState>((set, get) => ({
  panels: decodePanels(window.location.search),
  runs: {},
  update(id, patch) {
    const panels = get().panels.map((p) => (p.id === id ? { ...p, ...patch } : p));
    set({ panels });
    syncUrl(panels);
  },
  run(id, expr) {
    const panels = get().panels.map((p) => (p.id === id ? { ...p, expr } : p));
    set({ panels, runs: { ...get().runs, [id]: (get().runs[id] ?? 0) + 1 } });
    syncUrl(panels);
  },
  add(expr = '') {
    const p = defaultPanel(expr);
    const panels = [...get().panels, p];
    set({ panels });
    syncUrl(panels);
    return p.id;
  },
  duplicate(id) {
    const list = get().panels;
    const i = list.findIndex((p) => p.id === id);
    if (i < 0) return;
    const copy = { ...list[i]!, id: newPanelId() };
    const panels = [...list.slice(0, i + 1), copy, ...list.slice(i + 1)];
    set({ panels });
    syncUrl(panels);
  },
  remove(id) {
    let panels = get().panels.filter((p) => p.id !== id);
    if (panels.length === 0) panels = [defaultPanel()];
    set({ panels });
    syncUrl(panels);
  },
  move(id, dir) {
    const panels = get().panels.slice();
    const i = panels.findIndex((p) => p.id === id);
    const j = i + dir;
    if (i < 0 || j < 0 || j >= panels.length) return;
    [panels[i], panels[j]] = [panels[j]!, panels[i]!];
    set({ panels });
    syncUrl(panels);
  },
  runAll() {
    const runs = { ...get().runs };
    for (const p of get().panels) runs[p.id] = (runs[p.id] ?? 0) + 1;
    set({ runs });
  },
  loadFromUrl(search) {
    set({ panels: decodePanels(search) });
  },
}));

// Navigating to the query page with new parameters (a link, back/forward) replaces the panels;
// leaving and coming back without parameters restores the panels from before.
useRouter.subscribe((s, prev) => {
  if (s.route.page !== 'query') return;
  if (s.search === prev.search && prev.route.page === 'query') return;
  const panels = usePanels.getState().panels;
  if (s.search === encodePanels(panels)) return; // our own replaceState
  if (s.search.includes('g0.expr')) usePanels.getState().loadFromUrl(s.search);
  else syncUrl(usePanels.getState().panels);
});
