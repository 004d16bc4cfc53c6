/**
 * The state of one query panel and its encoding in the page URL. The parameter names are the
 * Prometheus UI's (g0.expr, g0.tab, g0.range_input, g0.end_input, g0.moment_input,
 * g0.step_input, g0.display_mode), so links from Prometheus open the same panels here. Pure.
 */

import { formatUtc, parseUtc } from '../lib/time';
import { UNIT_LABELS, type UnitChoice } from '../graph/units';
import { formatRange, parseRange } from './timeRange';

export type PanelTab = 'table' | 'graph' | 'explain';
export type DisplayMode = 'lines' | 'stacked';

export interface PanelState {
  /** A stable key for React; not part of the URL. */
  id: string;
  expr: string;
  tab: PanelTab;
  /** Graph range, ms. */
  rangeMs: number;
  /** Graph end, ms; null follows now. */
  endMs: number | null;
  /** Table evaluation time, ms; null is now. */
  momentMs: number | null;
  /** Graph step, ms; null picks one from the range. */
  stepMs: number | null;
  displayMode: DisplayMode;
  /** Graph unit; a Hearth addition to the URL (g0.unit), ignored by Prometheus. */
  unit: UnitChoice;
}

let nextId = 1;
export function newPanelId(): string {
  return `p${nextId++}`;
}

export function defaultPanel(expr = ''): PanelState {
  return { id: newPanelId(), expr, tab: 'table', rangeMs: 3_600_000, endMs: null, momentMs: null, stepMs: null, displayMode: 'lines', unit: 'auto' };
}

function decodeTab(v: string | null): PanelTab {
  // Prometheus 2 used 0 for graph and 1 for table.
  if (v === 'graph' || v === '0') return 'graph';
  if (v === 'explain') return 'explain';
  return 'table';
}

/** Panels from a URL search string; at least one (empty) panel. */
export function decodePanels(search: string): PanelState[] {
  const p = new URLSearchParams(search);
  const out: PanelState[] = [];
  for (let i = 0; p.has(`g${i}.expr`); i++) {
    const get = (k: string) => p.get(`g${i}.${k}`);
    const panel = defaultPanel(get('expr') ?? '');
    panel.tab = decodeTab(get('tab'));
    const range = parseRange(get('range_input') ?? '');
    if (range !== null) panel.rangeMs = range;
    const end = get('end_input');
    if (end) panel.endMs = parseUtc(end);
    const moment = get('moment_input');
    if (moment) panel.momentMs = parseUtc(moment);
    const step = get('step_input');
    if (step && Number(step) > 0) panel.stepMs = Math.round(Number(step) * 1000);
    if (get('display_mode') === 'stacked' || get('stacked') === '1') panel.displayMode = 'stacked';
    const unit = get('unit');
    if (unit && unit in UNIT_LABELS) panel.unit = unit as UnitChoice;
    out.push(panel);
  }
  return out.length > 0 ? out : [defaultPanel()];
}

/** The URL search string ("?g0.expr=…") for the panels. */
export function encodePanels(panels: readonly PanelState[]): string {
  const p = new URLSearchParams();
  panels.forEach((panel, i) => {
    const set = (k: string, v: string) => p.set(`g${i}.${k}`, v);
    set('expr', panel.expr);
    set('tab', panel.tab);
    set('range_input', formatRange(panel.rangeMs));
    if (panel.endMs !== null) set('end_input', formatUtc(panel.endMs));
    if (panel.momentMs !== null) set('moment_input', formatUtc(panel.momentMs));
    if (panel.stepMs !== null) set('step_input', String(panel.stepMs / 1000));
    if (panel.displayMode !== 'lines') set('display_mode', panel.displayMode);
    if (panel.unit !== 'auto') set('unit', panel.unit);
  });
  return `?${p}`;
}
