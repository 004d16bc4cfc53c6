/**
 * Client-side routing on the History API: the location lives in a small store so components
 * re-render on navigation, and the back button works.
 */

import { create } from 'zustand';
import { routeFromPath, type Route } from './routes';

interface RouterState {
  path: string;
  search: string;
  route: Route;
  /** Goes to `path` (with an optional "?…" search), adding a history entry. */
  navigate(path: string, search?: string): void;
}

export const useRouter = create<RouterState>((set) => ({
  path: window.location.pathname,
  search: window.location.search,
  route: routeFromPath(window.location.pathname),
  navigate(path, search = '') {
    if (window.location.pathname !== path || window.location.search !== search) {
      window.history.pushState({}, '', path + search);
    }
    set({ path, search, route: routeFromPath(path) });
    window.scrollTo(0, 0);
  },
}));

window.addEventListener('popstate', () =>
  useRouter.setState({
    path: window.location.pathname,
    search: window.location.search,
    route: routeFromPath(window.location.pathname),
  }),
);

/** An <a> click handler that navigates in-app on a plain left click and lets the browser handle the rest. */
export function linkHandler(path: string, search = '') {
  return (e: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean; preventDefault(): void }) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    useRouter.getState().navigate(path, search);
  };
}

/** The query page URL for one expression in a fresh panel, e.g. links from tables. */
export function queryLink(expr: string, tab: 'table' | 'graph' = 'table'): { path: string; search: string; href: string } {
  const search = `?g0.expr=${encodeURIComponent(expr)}&g0.tab=${tab}`;
  return { path: '/query', search, href: `/query${search}` };
}
