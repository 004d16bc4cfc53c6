/**
 * A test group's input_series in promtool's expanding notation (`1+2x3`, `5-1x2`, `3x4`, `_`,
 * `_x3`, `stale`), expanded into samples and appended lazily: promtool's LazyLoader adds only
 * the samples up to each evaluation time before evaluating, so rules and queries never see a
 * sample from the future of the evaluation they are part of.
 */

import type { Labels } from '../../model/labels.js';
import { parseSeriesDesc } from '../../promql/parser/index.js';
import type { Appendable } from '../../storage/interface.js';
import type { InputSeries } from './testFile.js';

interface ExpandedSeries {
  readonly labels: Labels;
  readonly t: number[];
  readonly v: number[];
  readonly stale: boolean[];
  /** Next sample to append. */
  next: number;
}

/** Most samples a test group's input series may expand to (promtool has no limit; Go's slices would take ~1 GB). */
export const MAX_SAMPLES = 20_000_000;

/** Input series whose expansion failed: the message is the one promtool prints for the group. */
export class InputSeriesError extends Error {}

/**
 * Expands each series line: sample i sits at startMs + i·intervalMs; `_` leaves a gap. A
 * series listed twice keeps its last values, as promtool's loader does.
 */
export function expandInputSeries(input: readonly InputSeries[], startMs: number, intervalMs: number, maxSamples = MAX_SAMPLES): LazyLoader {
  const byKey = new Map<string, ExpandedSeries>();
  let planned = 0;
  for (const s of input) {
    // The notation expands before anything is stored: count first, so `0+1x1e9` fails instead of exhausting memory.
    for (const item of s.values.split(/\s+/)) {
      const m = /x(\d+)$/.exec(item);
      planned += m ? Number(m[1]) + 1 : 1;
    }
    if (planned > maxSamples) {
      throw new InputSeriesError(`input_series ${JSON.stringify(s.series)}: the test group's input series expand to more than ${maxSamples} samples`);
    }
  }
  input.forEach((s, i) => {
    const text = `${s.series} ${s.values}`;
    let desc;
    try {
      desc = parseSeriesDesc(text);
    } catch (e) {
      const msg = (e as Error).message;
      // Our positions count within the one line; promtool's loader counts the `load` line first.
      const where = /^\d+:\d+: /.test(msg) ? msg.replace(/^(\d+):/, (_, l: string) => `${Number(l) + i}:`) : msg;
      throw new InputSeriesError(msg.includes('native histogram') ? `input_series ${JSON.stringify(s.series)}: ${where}` : where);
    }
    const e: ExpandedSeries = { labels: desc.labels, t: [], v: [], stale: [], next: 0 };
    desc.values.forEach((sv, k) => {
      if (sv.omitted) return;
      e.t.push(startMs + k * intervalMs);
      e.v.push(sv.value);
      e.stale.push(sv.stale);
    });
    byKey.set(desc.labels.key, e);
  });
  return new LazyLoader([...byKey.values()]);
}

export class LazyLoader {
  constructor(private readonly series: readonly ExpandedSeries[]) {}

  /** Appends every sample at or before `timeMs` not appended yet, in one commit. */
  appendTill(store: Appendable, timeMs: number): void {
    const app = store.appender();
    try {
      for (const s of this.series) {
        let ref = 0;
        while (s.next < s.t.length && s.t[s.next]! <= timeMs) {
          const i = s.next++;
          ref = s.stale[i] ? app.appendStale(ref, s.labels, s.t[i]!) : app.append(ref, s.labels, s.t[i]!, s.v[i]!);
        }
      }
      app.commit();
    } catch (e) {
      app.rollback();
      throw e;
    }
  }

  /** Samples in all series, for bounds. */
  get sampleCount(): number {
    let n = 0;
    for (const s of this.series) n += s.t.length;
    return n;
  }
}
