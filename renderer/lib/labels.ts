/**
 * Label sets as the console prints them, matching Prometheus: `name{a="b", c="d"}`.
 */

import type { Metric } from '../../shared/api/query';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** A label value quoted as PromQL expects (Go %q semantics for the common escapes). */
export function quoteValue(v: string): string {
  return JSON.stringify(v);
}

/** A label name, quoted when it is not a legacy identifier (Prometheus 3 UTF-8 names). */
export function formatLabelName(name: string): string {
  return LABEL_NAME_RE.test(name) ? name : JSON.stringify(name);
}

export function isLegacyMetricName(name: string): boolean {
  return METRIC_NAME_RE.test(name);
}

/** Label names of a metric without __name__, sorted. */
export function labelNames(metric: Metric): string[] {
  return Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort();
}

/** `name{a="b", c="d"}`; `{}` for an empty set; UTF-8 names go inside the braces, quoted. */
export function formatSeries(metric: Metric): string {
  const name = metric['__name__'] ?? '';
  const parts = labelNames(metric).map((k) => `${formatLabelName(k)}=${quoteValue(metric[k]!)}`);
  if (name !== '' && !isLegacyMetricName(name)) parts.unshift(JSON.stringify(name));
  const head = name !== '' && isLegacyMetricName(name) ? name : '';
  if (parts.length === 0) return head || '{}';
  return `${head}{${parts.join(', ')}}`;
}

/** A PromQL selector that selects exactly this series. */
export function seriesSelector(metric: Metric): string {
  return formatSeries(metric);
}
