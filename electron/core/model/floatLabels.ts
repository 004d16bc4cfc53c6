/**
 * Prometheus 3 writes the `le` label of classic histogram series and the `quantile` label of
 * summary series in the OpenMetrics float form (`1` becomes `1.0`, `0` becomes `0.0`,
 * `1e-05` stays), so that the text formats, protobuf and a backfill all name one series the
 * same way. The rule lives here alone: the scrape parsers and `hearth import openmetrics`
 * both call it.
 *
 * As Prometheus's textparse does: only families TYPEd histogram or summary (not
 * gaugehistogram, not untyped), any series of the family that carries the label, and only
 * values that parse as a float; anything else is kept as written.
 */

import { formatOpenMetricsFloat } from '../../../shared/text/float.js';
import { numErr, parseFloatBytes } from './strconv.js';

const LE = 'le';
const QUANTILE = 'quantile';

/** True when a family of this type may have a label value the rule rewrites. */
export function hasFloatLabels(mtype: string): boolean {
  return mtype === 'histogram' || mtype === 'summary';
}

/** The value Prometheus 3 stores for label `name` of a series in a family of type `mtype`. */
export function normalizeFloatLabel(mtype: string, name: string, value: string): string {
  if ((mtype === 'histogram' && name === LE) || (mtype === 'summary' && name === QUANTILE)) {
    if (value.length === 0) return value;
    const bytes = new Uint8Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      // No float is written with anything but ASCII.
      if (c > 0x7f) return value;
      bytes[i] = c;
    }
    const f = parseFloatBytes(bytes, value, 0, bytes.length);
    if (numErr === '') return formatOpenMetricsFloat(f);
  }
  return value;
}
