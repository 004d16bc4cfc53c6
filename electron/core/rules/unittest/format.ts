/**
 * promtool's text for test failures, character for character: Go's labels.Labels String
 * (every label in braces, __name__ included), strconv.FormatFloat(v, 'E', -1, 64), Go's
 * time.Duration String, and the indented alert listings. Users diff this output against
 * promtool's, so it follows Go's printing rather than ours.
 */

import { formatDuration } from '../../../../shared/duration.js';
import { goQuote } from '../../../../shared/text/quote.js';
import type { Labels } from '../../model/labels.js';

const LEGACY_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Go's labels.Labels.String(): `{__name__="up", job="x"}`, names quoted when not legacy. */
export function goLabels(ls: Labels): string {
  const parts: string[] = [];
  ls.forEach((n, v) => parts.push(`${LEGACY_NAME.test(n) ? n : goQuote(n)}=${goQuote(v)}`));
  return `{${parts.join(', ')}}`;
}

/** strconv.FormatFloat(v, 'E', -1, 64): shortest digits, `1E+00`, `1.7040672E+09`, `NaN`, `+Inf`. */
export function goFloatE(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0E+00' : '0E+00';
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  const abs = Math.abs(e);
  return `${mant}E${e < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** Go's time.Duration String for whole ms: `0s`, `1m0s`, `1h0m0s`, `2m59.999s`, `500ms`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let u = Math.abs(ms);
  let out: string;
  if (u < 1000) out = `${u}ms`;
  else {
    const h = Math.floor(u / 3_600_000);
    u -= h * 3_600_000;
    const m = Math.floor(u / 60_000);
    u -= m * 60_000;
    const s = Math.floor(u / 1000);
    const frac = u - s * 1000;
    const secs = frac === 0 ? `${s}` : `${s}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
    out = h > 0 ? `${h}h${m}m${secs}s` : m > 0 ? `${m}m${secs}s` : `${secs}s`;
  }
  return neg ? `-${out}` : out;
}

/** Prometheus's model.Duration String (`5m`, `1d`, `0s`), as promtool prints eval_time. */
export function modelDuration(ms: number): string {
  return formatDuration(ms);
}

/** Prefixes every line but the first with `indent`, as promtool's indentLines does. */
export function indentLines(text: string, indent: string): string {
  return text.split('\n').join('\n' + indent);
}

export interface LabelsAndAnnotations {
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** promtool's listing of alerts: `[]`, or numbered entries with their labels and annotations. */
export function alertsListing(list: readonly LabelsAndAnnotations[]): string {
  if (list.length === 0) return '[]';
  const entry = (a: LabelsAndAnnotations) => indentLines(`\nLabels:${goLabels(a.labels)}\nAnnotations:${goLabels(a.annotations)}`, '  ');
  let s = '[\n0:' + entry(list[0]!);
  for (let i = 1; i < list.length; i++) s += `,\n${i}:` + entry(list[i]!);
  return s + '\n]';
}

export interface ParsedSample {
  readonly labels: Labels;
  readonly value: number;
}

/** promtool's listing of samples: `nil`, or `{labels} 1E+00, …`. */
export function samplesListing(list: readonly ParsedSample[]): string {
  if (list.length === 0) return 'nil';
  return list.map((s) => `${goLabels(s.labels)} ${goFloatE(s.value)}`).join(', ');
}
