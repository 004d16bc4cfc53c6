/**
 * The console's pages and their paths. Paths follow the Prometheus 3 UI where it has the page
 * (/query, /alerts, /targets, /rules, /status, /tsdb-status, /flags, /config), so links and
 * habits carry over; /graph (Prometheus 2) opens the query page too.
 */

export type Page = 'query' | 'alerts' | 'targets' | 'rules' | 'explorer' | 'status';
export type StatusSection = 'runtime' | 'tsdb' | 'flags' | 'config';

export interface Route {
  page: Page;
  section?: StatusSection;
}

export const NAV: ReadonlyArray<{ page: Page; path: string; title: string; key: string }> = [
  { page: 'query', path: '/query', title: 'Query', key: 'q' },
  { page: 'alerts', path: '/alerts', title: 'Alerts', key: 'a' },
  { page: 'targets', path: '/targets', title: 'Targets', key: 't' },
  { page: 'rules', path: '/rules', title: 'Rules', key: 'r' },
  { page: 'explorer', path: '/explorer', title: 'Metrics', key: 'm' },
  { page: 'status', path: '/status', title: 'Status', key: 's' },
];

export const STATUS_SECTIONS: ReadonlyArray<{ section: StatusSection; path: string; title: string }> = [
  { section: 'runtime', path: '/status', title: 'Runtime & build' },
  { section: 'tsdb', path: '/tsdb-status', title: 'TSDB' },
  { section: 'flags', path: '/flags', title: 'Flags' },
  { section: 'config', path: '/config', title: 'Configuration' },
];

export function routeFromPath(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '') || '/';
  const status = STATUS_SECTIONS.find((s) => s.path === p);
  if (status) return { page: 'status', section: status.section };
  const nav = NAV.find((n) => n.path === p);
  if (nav) return { page: nav.page };
  return { page: 'query' };
}
