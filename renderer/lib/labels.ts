/**
 * Label sets as the console prints them, matching Prometheus: `name{a="b", c="d"}`.
 */

import type { Metric } from '../../shared/api/query';
import { isLegacyMetricName, promqlLabelName } from '../../shared/text/names';
import { goQuote } from '../../shared/text/quote';

/** Label names of a metric without __name__, sorted. */
export function labelNames(metric: Metric): string[] {
  return Object.keys(metric)
    .filter((k) => k !== '__name__')
    .sort();
}

/** `name{a="b", c="d"}`; `{}` for an empty set; UTF-8 names go inside the braces, quoted. */
export function formatSeries(metric: Metric): string {
  const name = metric['__name__'] ?? '';
  const parts = labelNames(metric).map((k) => `${promqlLabelName(k)}=${goQuote(metric[k]!)}`);
  if (name !== '' && !isLegacyMetricName(name)) parts.unshift(goQuote(name));
  const head = name !== '' && isLegacyMetricName(name) ? name : '';
  if (parts.length === 0) return head || '{}';
  return `${head}{${parts.join(', ')}}`;
}

/** A PromQL selector that selects exactly this series. */
export function seriesSelector(metric: Metric): string {
  return formatSeries(metric);
}
