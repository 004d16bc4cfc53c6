/**
 * Metric and label names under Prometheus's two validation schemes, and when a name must
 * be quoted to be written back.
 *
 * - legacy: metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`, label names `[a-zA-Z_][a-zA-Z0-9_]*`.
 * - utf8 (Prometheus 3's default): any non-empty string that is valid UTF-8.
 *
 * A name outside the legacy pattern is still valid under utf8, but PromQL and the text
 * exposition format can only carry it quoted (`{"my.metric", "a.b"="c"}`).
 *
 * https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels
 */

import { goQuote } from './quote.js';

export type NameValidationScheme = 'legacy' | 'utf8';

/** The legacy metric name pattern, unanchored, for scanners that pick names out of text. */
export const LEGACY_METRIC_NAME_PATTERN = '[a-zA-Z_:][a-zA-Z0-9_:]*';
/** The legacy label name pattern, unanchored. */
export const LEGACY_LABEL_NAME_PATTERN = '[a-zA-Z_][a-zA-Z0-9_]*';

const LEGACY_METRIC_NAME = new RegExp(`^${LEGACY_METRIC_NAME_PATTERN}$`);
const LEGACY_LABEL_NAME = new RegExp(`^${LEGACY_LABEL_NAME_PATTERN}$`);

export function isLegacyMetricName(name: string): boolean {
  return LEGACY_METRIC_NAME.test(name);
}

export function isLegacyLabelName(name: string): boolean {
  return LEGACY_LABEL_NAME.test(name);
}

/**
 * True when `s` encodes to valid UTF-8: well-formed UTF-16 without lone surrogates (the
 * surrogate escapes U+DC80..U+DCFF that stand for invalid bytes are lone surrogates too).
 * JavaScript's counterpart of Go's utf8.ValidString.
 */
export function isValidUtf8(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c >= 0xdc00) return false;
    const d = s.charCodeAt(i + 1);
    if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/** Valid as a metric or label name under the utf8 scheme: non-empty and valid UTF-8. */
export function isUtf8Name(name: string): boolean {
  return name !== '' && isValidUtf8(name);
}

export function isValidMetricName(name: string, scheme: NameValidationScheme): boolean {
  return scheme === 'legacy' ? isLegacyMetricName(name) : isUtf8Name(name);
}

export function isValidLabelName(name: string, scheme: NameValidationScheme): boolean {
  return scheme === 'legacy' ? isLegacyLabelName(name) : isUtf8Name(name);
}

/** A label name as PromQL and Prometheus's labels.String() write it: bare when legacy, else strconv.Quote'd. */
export function promqlLabelName(name: string): string {
  return isLegacyLabelName(name) ? name : goQuote(name);
}
