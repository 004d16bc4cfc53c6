/**
 * time_intervals (and the deprecated mute_time_intervals): named lists of interval entries.
 * Keys are checked here (strict YAML, with positions); each entry's own syntax (times,
 * weekdays, …) is notify/timeinterval's, whose message gets the entry's position here.
 */

import { isMap, isScalar, isSeq } from 'yaml';
import type { Decoder, Node } from '../../config/yamlDecoder.js';
import { PLAIN } from './fields.js';
import { parseTimeInterval, type TimeInterval } from '../timeinterval/index.js';
import type { TimeIntervalConfig } from './types.js';

const ENTRY_KEYS = ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location'];

function plain(d: Decoder, n: Node): unknown {
  const x = d.deref(n);
  if (d.isNull(x)) return null;
  if (x && isSeq(x)) return (x.items as Node[]).map((i) => plain(d, i));
  if (x && isMap(x)) {
    const o: Record<string, unknown> = {};
    for (const p of d.pairs(x, 'map') ?? []) o[d.str(p.key as Node) ?? ''] = plain(d, p.value as Node);
    return o;
  }
  return x && isScalar(x) ? d.str(x) : null;
}

function decodeEntry(d: Decoder, v: Node): TimeInterval {
  const raw: Record<string, unknown> = {};
  const spec: Parameters<Decoder['fields']>[2] = {};
  for (const k of ENTRY_KEYS) spec[k] = (x) => (raw[k] = plain(d, x));
  d.fields(v, 'timeinterval.plain', spec);
  try {
    return parseTimeInterval(raw);
  } catch (e) {
    d.fail(v, (e as Error).message);
  }
}

export function decodeTimeIntervals(d: Decoder, v: Node, what: 'time interval' | 'mute time interval'): TimeIntervalConfig[] {
  const out: TimeIntervalConfig[] = [];
  for (const it of d.seq(v, `[]config.TimeInterval`) ?? []) {
    const t: TimeIntervalConfig = { name: '', timeIntervals: [] };
    d.fields(it, PLAIN, {
      name: (x) => (t.name = d.str(x) ?? ''),
      time_intervals: (x) => (t.timeIntervals = (d.seq(x, '[]timeinterval.TimeInterval') ?? []).map((e) => decodeEntry(d, e))),
    });
    if (t.name === '') d.fail(it ?? v, `missing name in ${what}`);
    out.push(t);
  }
  return out;
}
