/**
 * The body of Alertmanager's API v2 `POST /api/v2/alerts`: a JSON array of postable alerts,
 * written as Prometheus's notifier writes it (go-swagger's models.PostableAlert): keys in the
 * order annotations, endsAt, startsAt, generatorURL, labels; times as RFC 3339 with
 * milliseconds in UTC; an unset time as Go's zero time; empty annotations and an empty
 * generatorURL left out.
 *
 * https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml (postableAlert)
 */

import type { Labels } from '../../model/labels.js';
import type { NotifierAlert } from '../../rules/types.js';

/** What Go's strfmt.DateTime writes for time.Time{}: Alertmanager reads it as "not set". */
export const ZERO_TIME = '0001-01-01T00:00:00.000Z';

// Date's own range (±8.64e15 ms); beyond it toISOString throws.
const MAX_DATE_MS = 8.64e15;

/** `2006-01-02T15:04:05.000Z` for a time in ms; 0 (unset) and unrepresentable times give ZERO_TIME. */
export function formatTime(ms: number): string {
  if (ms === 0 || !Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return ZERO_TIME;
  const s = new Date(Math.trunc(ms)).toISOString();
  // Years past 9999 come out as "+010000-…"; Go writes them without sign or padding.
  return s.startsWith('+') || s.startsWith('-') ? s.slice(1).replace(/^0+(?=\d{5})/, '') : s;
}

function labelSetJSON(ls: Labels): string {
  const f = ls.pairs;
  let out = '{';
  for (let i = 0; i < f.length; i += 2) {
    if (i > 0) out += ',';
    out += JSON.stringify(f[i]) + ':' + JSON.stringify(f[i + 1]);
  }
  return out + '}';
}

// Every Alertmanager of an entry is sent the same alert objects: encode each once.
const encoded = new WeakMap<NotifierAlert, string>();

/** One alert as Alertmanager's postableAlert JSON object. */
export function alertJSON(a: NotifierAlert): string {
  let out = encoded.get(a);
  if (out === undefined) {
    out = encodeAlert(a);
    encoded.set(a, out);
  }
  return out;
}

function encodeAlert(a: NotifierAlert): string {
  let out = '{';
  if (a.annotations.size > 0) out += '"annotations":' + labelSetJSON(a.annotations) + ',';
  out += '"endsAt":"' + formatTime(a.endsAtMs) + '","startsAt":"' + formatTime(a.startsAtMs) + '",';
  if (a.generatorURL !== '') out += '"generatorURL":' + JSON.stringify(a.generatorURL) + ',';
  return out + '"labels":' + labelSetJSON(a.labels) + '}';
}

/** The request body for a batch, as UTF-8 bytes. */
export function alertsPayload(alerts: readonly NotifierAlert[]): Buffer {
  let out = '[';
  for (let i = 0; i < alerts.length; i++) {
    if (i > 0) out += ',';
    out += alertJSON(alerts[i]!);
  }
  return Buffer.from(out + ']', 'utf8');
}
