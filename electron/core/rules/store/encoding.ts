/**
 * How alerts are written into the alert tables (tsdb/schema.ts, version 4): states as small
 * integers, label sets as the JSON of their sorted name/value list, NaN as NULL. One place, so
 * the state store, the history reader and the retention code agree on the columns.
 */

import { Labels } from '../../model/labels.js';
import type { AlertState } from '../types.js';

const STATE_CODES: Readonly<Record<AlertState, number>> = { inactive: 0, pending: 1, firing: 2 };
const STATES: readonly AlertState[] = ['inactive', 'pending', 'firing'];

export function stateCode(s: AlertState): number {
  const c = STATE_CODES[s];
  if (c === undefined) throw new Error(`unknown alert state ${JSON.stringify(s)} (inactive, pending or firing)`);
  return c;
}

export function stateOf(code: number, where: string): AlertState {
  const s = STATES[code];
  if (s === undefined) throw new Error(`${where}: unknown alert state code ${code}`);
  return s;
}

/** `["alertname","X","job","node"]`: sorted, so equal sets encode equally. */
export function encodeLabels(l: Labels): string {
  return JSON.stringify(l.pairs);
}

export function decodeLabels(text: string, where: string): Labels {
  let flat: unknown;
  try {
    flat = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where}: labels are not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(flat) || flat.length % 2 !== 0 || !flat.every((x) => typeof x === 'string')) {
    throw new Error(`${where}: labels are not a list of name/value pairs`);
  }
  const f = flat as string[];
  // Written sorted, without empty values (encodeLabels): taken as it is when it still is so.
  let canonical = true;
  for (let i = 0; i < f.length && canonical; i += 2) canonical = f[i + 1] !== '' && (i === 0 || f[i - 2]! < f[i]!);
  if (canonical) return Labels.fromSortedFlat(f);
  // A row edited by hand: sorted and cleaned again.
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < f.length; i += 2) pairs.push([f[i]!, f[i + 1]!]);
  return Labels.fromPairs(pairs);
}

/** SQLite turns NaN into NULL when binding a REAL. */
export function encodeValue(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

export function decodeValue(v: number | null): number {
  return v === null ? NaN : v;
}
