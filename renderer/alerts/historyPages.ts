/**
 * Reads the alert history of a window page by page: one request for every rule at once (never
 * one per rule), following next_token until the window is read or a page cap is reached, so a
 * noisy rule cannot make the Alerts page load without end.
 */

import type { ApiResponse } from '../../shared/api/envelope';
import type { AlertHistoryData, AlertHistoryEntry } from '../../shared/api/alertHistory';

export type HistoryPageFn = (q: { startMs: number; endMs: number; limit: number; nextToken?: string }) => Promise<ApiResponse<AlertHistoryData>>;

export interface HistoryRead {
  entries: AlertHistoryEntry[];
  /** Requests made. */
  pages: number;
  /** The cap stopped the read: older or newer changes exist beyond what is shown. */
  truncated: boolean;
}

export interface HistoryReadOptions {
  startMs: number;
  endMs: number;
  /** Entries asked for per request. */
  pageSize?: number;
  maxPages?: number;
}

export const HISTORY_PAGE_SIZE = 5000;
export const HISTORY_MAX_PAGES = 10;

/** Every entry of the window, or the first error; a repeated token ends the read (a server bug must not loop). */
export async function readHistory(fetchPage: HistoryPageFn, o: HistoryReadOptions): Promise<ApiResponse<HistoryRead>> {
  const limit = o.pageSize ?? HISTORY_PAGE_SIZE;
  const maxPages = o.maxPages ?? HISTORY_MAX_PAGES;
  const entries: AlertHistoryEntry[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  for (;;) {
    const r = await fetchPage({ startMs: o.startMs, endMs: o.endMs, limit, ...(token === undefined ? {} : { nextToken: token }) });
    pages++;
    if (r.status !== 'success') return r;
    for (const e of r.data.entries ?? []) entries.push(e);
    const next = r.data.nextToken;
    if (!next) return { status: 'success', data: { entries, pages, truncated: false } };
    if (seen.has(next) || pages >= maxPages) return { status: 'success', data: { entries, pages, truncated: true } };
    seen.add(next);
    token = next;
  }
}
