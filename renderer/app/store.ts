/**
 * App state (zustand): the current page and the query panel. Server data arrives through
 * api/ and is kept here only as the last result of each request.
 */

import { create } from 'zustand';
import type { ErrorResponse } from '../../shared/api/envelope';
import type { QueryData, RangeSeries } from '../../shared/api/query';
import { instantQuery, rangeQuery } from '../api/queries';

export type Page = 'query' | 'alerts' | 'targets' | 'rules' | 'status';

export const PAGES: ReadonlyArray<{ page: Page; path: string; title: string }> = [
  { page: 'query', path: '/query', title: 'Query' },
  { page: 'alerts', path: '/alerts', title: 'Alerts' },
  { page: 'targets', path: '/targets', title: 'Targets' },
  { page: 'rules', path: '/rules', title: 'Rules' },
  { page: 'status', path: '/status', title: 'Status' },
];

export function pageFromPath(pathname: string): Page {
  return PAGES.find((p) => p.path === pathname)?.page ?? 'query';
}

export interface RangeResult {
  series: RangeSeries[];
  startSec: number;
  endSec: number;
  stepSec: number;
}

interface QueryState {
  expr: string;
  rangeSec: number;
  running: boolean;
  error: string | null;
  instant: QueryData | null;
  range: RangeResult | null;
  evalMs: number | null;
}

interface AppState extends QueryState {
  page: Page;
  navigate(page: Page): void;
  setExpr(expr: string): void;
  run(): Promise<void>;
}

let inflight: AbortController | null = null;

export const useApp = create<AppState>((set, get) => ({
  page: pageFromPath(window.location.pathname),
  expr: new URLSearchParams(window.location.search).get('expr') ?? '',
  rangeSec: 3600,
  running: false,
  error: null,
  instant: null,
  range: null,
  evalMs: null,

  navigate(page) {
    const path = PAGES.find((p) => p.page === page)!.path;
    if (window.location.pathname !== path) window.history.pushState({}, '', path);
    set({ page });
  },

  setExpr(expr) {
    set({ expr });
  },

  async run() {
    const { expr, rangeSec } = get();
    if (expr.trim() === '') return;
    inflight?.abort();
    const ctl = new AbortController();
    inflight = ctl;
    const url = new URL(window.location.href);
    url.searchParams.set('expr', expr);
    window.history.replaceState({}, '', url);
    // Keep the previous result visible while the new one loads.
    set({ running: true, error: null });
    const endSec = Math.floor(Date.now() / 1000);
    const startSec = endSec - rangeSec;
    // About 250 points across the chart, at whole seconds.
    const stepSec = Math.max(1, Math.round(rangeSec / 250));
    const t0 = performance.now();
    try {
      const [inst, rng] = await Promise.all([
        instantQuery(expr, endSec, ctl.signal),
        rangeQuery(expr, startSec, endSec, stepSec, ctl.signal),
      ]);
      if (ctl.signal.aborted) return;
      const failed = [inst, rng].find((r): r is ErrorResponse => r.status === 'error');
      if (failed) {
        set({ running: false, error: `${failed.errorType}: ${failed.error}` });
        return;
      }
      const rangeData = rng.status === 'success' ? rng.data : null;
      set({
        running: false,
        instant: inst.status === 'success' ? inst.data : null,
        range:
          rangeData && rangeData.resultType === 'matrix'
            ? { series: rangeData.result, startSec, endSec, stepSec }
            : null,
        evalMs: Math.round(performance.now() - t0),
      });
    } catch (err) {
      if ((err as Error).name !== 'AbortError') set({ running: false, error: String(err) });
    }
  },
}));

window.addEventListener('popstate', () => useApp.setState({ page: pageFromPath(window.location.pathname) }));
