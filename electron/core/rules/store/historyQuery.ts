/**
 * What a reader of the alert history asks for and gets back, and the paging token: the part
 * of the history store the API sees (api/hearth/alertHistory.ts), apart from how it is stored.
 */

import type { Matcher } from '../../model/matcher.js';
import type { AlertState, AlertTransition } from '../types.js';

/**
 * A place in the history's order, newest first: time, then insertion order (row id) among
 * transitions of the same millisecond. A page continues strictly after it.
 */
export interface HistoryPosition {
  readonly timeMs: number;
  readonly id: number;
}

export interface AlertHistoryQuery {
  /** Rule names; empty for all. */
  readonly rules: readonly string[];
  /** Group keys (`${file};${group}`); empty for all. */
  readonly groups: readonly string[];
  /** The states changed to (`to`); empty for all. */
  readonly states: readonly AlertState[];
  /**
   * Selectors over the alert's labels, as match[] in /api/v1/series: an entry matches when all
   * matchers of one set match; empty for all.
   */
  readonly matcherSets: ReadonlyArray<readonly Matcher[]>;
  /** Inclusive bounds, ms. */
  readonly startMs: number;
  readonly endMs: number;
  /** Most entries in the page, at least 1. */
  readonly limit: number;
  /** Where the previous page ended (its `next`), or null for the newest. */
  readonly after: HistoryPosition | null;
}

export interface AlertHistoryPage {
  /** Newest first. */
  readonly entries: AlertTransition[];
  /**
   * Where the next page starts, or null when no more entries match. A page may hold fewer than
   * `limit` entries and still have a next one: reading stops after a bounded number of rows.
   */
  readonly next: HistoryPosition | null;
  /** Rows read to build the page (bounded; the cost of a page). */
  readonly scanned: number;
}

/** The history as the API reads it. */
export interface AlertHistorySource {
  query(q: AlertHistoryQuery): AlertHistoryPage;
}

/** An opaque token for a position (base64url of `time:id`). */
export function encodeHistoryToken(p: HistoryPosition): string {
  return Buffer.from(`${p.timeMs}:${p.id}`).toString('base64url');
}

/** The position a token names; throws with the reason when it is not one this server made. */
export function decodeHistoryToken(token: string): HistoryPosition {
  const text = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('latin1') : '';
  const m = /^(-?\d{1,16}):(\d{1,16})$/.exec(text);
  const timeMs = m ? Number(m[1]) : NaN;
  const id = m ? Number(m[2]) : NaN;
  if (!Number.isSafeInteger(timeMs) || !Number.isSafeInteger(id)) throw new Error(`not a token of this endpoint: ${JSON.stringify(token.length > 64 ? token.slice(0, 64) + '…' : token)}`);
  return { timeMs, id };
}
