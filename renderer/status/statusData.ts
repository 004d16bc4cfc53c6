/**
 * Shaping for the Status pages: the queries behind the TSDB cardinality tables, and flag
 * filtering. Pure.
 */

import { isLegacyMetricName, promqlLabelName } from '../../shared/text/names';
import { goQuote } from '../../shared/text/quote';

export type CardinalityTable = 'seriesCountByMetricName' | 'labelValueCountByLabelName' | 'memoryInBytesByLabelName' | 'seriesCountByLabelValuePair';

/** The query that shows what a cardinality row counts. */
export function cardinalityQuery(table: CardinalityTable, name: string): string {
  switch (table) {
    case 'seriesCountByMetricName':
      return isLegacyMetricName(name) ? name : `{${goQuote(name)}}`;
    case 'labelValueCountByLabelName':
    case 'memoryInBytesByLabelName':
      return `count by (${promqlLabelName(name)}) ({${promqlLabelName(name)}!=""})`;
    case 'seriesCountByLabelValuePair': {
      const i = name.indexOf('=');
      if (i < 0) return `{${promqlLabelName(name)}!=""}`;
      return `{${promqlLabelName(name.slice(0, i))}=${goQuote(name.slice(i + 1))}}`;
    }
  }
}

export function filterFlags(flags: Record<string, string>, q: string): Array<[string, string]> {
  const t = q.trim().toLowerCase();
  return Object.entries(flags)
    .filter(([k, v]) => t === '' || k.toLowerCase().includes(t) || v.toLowerCase().includes(t))
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Bytes for humans, IEC units. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${+v.toPrecision(3)} ${units[i]}`;
}
