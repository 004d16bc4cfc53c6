/**
 * Start timestamps for the test runner: neither store keeps them, so the runner records the
 * `@st` values of its loads here and serves them beside the stored samples
 * (SampleArrays.st), through a Queryable that wraps the store.
 */

import type { Labels } from '../../model/labels.js';
import type { Queryable, Querier, SampleArrays, Series } from '../../storage/interface.js';

export class StartTimes {
  private readonly bySeries = new Map<string, Map<number, number>>();

  set(labels: Labels, t: number, st: number): void {
    let m = this.bySeries.get(labels.key);
    if (!m) this.bySeries.set(labels.key, (m = new Map()));
    m.set(t, st);
  }

  /** A Queryable over `inner` whose samples carry the recorded start times. */
  wrap(inner: Queryable): Queryable {
    return {
      querier: (mint: number, maxt: number): Querier => {
        const q = inner.querier(mint, maxt);
        return {
          select: (sorted, hints, ...matchers) => q.select(sorted, hints, ...matchers).map((s) => this.attach(s)),
          labelValues: (name, ...matchers) => q.labelValues(name, ...matchers),
          labelNames: (...matchers) => q.labelNames(...matchers),
          close: () => q.close(),
        };
      },
    };
  }

  private attach(s: Series): Series {
    const m = this.bySeries.get(s.labels.key);
    if (!m) return s;
    const samples = s.samples;
    const st = new Float64Array(samples.length);
    for (let i = 0; i < samples.length; i++) st[i] = m.get(samples.t[i]!) ?? 0;
    const withStarts: SampleArrays = { t: samples.t, v: samples.v, stale: samples.stale, length: samples.length, st };
    return { labels: s.labels, samples: withStarts };
  }
}
