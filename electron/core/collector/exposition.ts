/**
 * Writing the Prometheus text exposition format 0.0.4, byte for byte as the Go client
 * (client_golang's expfmt) writes it: the same float formatting, the same escaping, families
 * sorted by name and series sorted by label values. Users diff our /metrics against an
 * exporter's, so matching the reference writer removes a whole class of "why is this
 * different" questions.
 *
 * https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */

export const TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

import { formatExpositionFloat } from '../../../shared/text/float.js';
import { escapeHelp, escapeLabelValue } from '../../../shared/text/quote.js';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One series: label pairs sorted by name (empty values allowed and kept), and its value. */
export interface Sample {
  readonly labels: ReadonlyArray<readonly [string, string]>;
  readonly value: number;
}

/** A family of counters, gauges or untyped series (histograms render themselves). */
export interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: Sample[];
}

/** `{a="1",b="2"}` for sorted pairs, or '' for none; `extra` is appended last (as `le`). */
export function formatLabels(labels: ReadonlyArray<readonly [string, string]>, extra?: readonly [string, string]): string {
  if (labels.length === 0 && !extra) return '';
  let s = '{';
  for (let i = 0; i < labels.length; i++) {
    const [n, v] = labels[i]!;
    if (i > 0) s += ',';
    s += n + '="' + escapeLabelValue(v) + '"';
  }
  if (extra) {
    if (labels.length > 0) s += ',';
    s += extra[0] + '="' + escapeLabelValue(extra[1]) + '"';
  }
  return s + '}';
}

/** Orders series as client_golang does: fewer labels first, then label values in name order. */
export function compareSamples(a: Sample, b: Sample): number {
  const la = a.labels;
  const lb = b.labels;
  if (la.length !== lb.length) return la.length - lb.length;
  for (let i = 0; i < la.length; i++) {
    const va = la[i]![1];
    const vb = lb[i]![1];
    if (va !== vb) return va < vb ? -1 : 1;
  }
  return 0;
}

/** The HELP and TYPE header of a family. */
export function familyHeader(name: string, help: string, type: MetricType): string {
  return '# HELP ' + name + ' ' + escapeHelp(help) + '\n# TYPE ' + name + ' ' + type + '\n';
}

/** One family's text: header, then its series sorted, each label set written once (the first wins). */
export function renderFamily(f: Family): string {
  if (f.samples.length === 0) return '';
  const samples = f.samples.slice().sort(compareSamples);
  let out = familyHeader(f.name, f.help, f.type);
  const seen = new Set<string>();
  for (const s of samples) {
    const labels = formatLabels(s.labels);
    if (seen.has(labels)) continue;
    seen.add(labels);
    out += f.name + labels + ' ' + formatExpositionFloat(s.value) + '\n';
  }
  return out;
}

/**
 * Renders families sorted by name, leaving out families without series (as client_golang
 * does). Families that share a name are merged; the first one's HELP and TYPE win.
 */
export function renderFamilies(families: Iterable<Family>): string {
  const byName = new Map<string, Family>();
  for (const f of families) {
    const prev = byName.get(f.name);
    if (prev) prev.samples.push(...f.samples);
    else byName.set(f.name, { name: f.name, help: f.help, type: f.type, samples: f.samples.slice() });
  }
  const names = [...byName.keys()].sort();
  let out = '';
  for (const name of names) out += renderFamily(byName.get(name)!);
  return out;
}
