/**
 * The one interface between the PromQL engine (and the API, rules, federation) and the
 * storage underneath it: the TSDB on SQLite in the app, an in-memory store in tests.
 * Modelled on Prometheus's storage/interface.go, made synchronous because both stores are
 * (better-sqlite3 is synchronous; long reads run in worker threads, not on the event loop).
 *
 * Times are integer milliseconds since the epoch; values are float64.
 */

import type { Labels } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';

/**
 * The samples of one series in a time range, columnar. `t` is ascending with no duplicates.
 * `stale` is null when no sample in the range is a staleness marker; otherwise stale[i] === 1
 * marks sample i as a staleness marker (its value is NaN and carries no meaning).
 *
 * The arrays may be longer than `length`; only the first `length` entries are valid.
 * The caller must not modify them: a store may hand out views of its own buffers.
 */
export interface SampleArrays {
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly stale: Uint8Array | null;
  readonly length: number;
  /**
   * Optional start timestamps (OpenMetrics created time / OTel start time), ms, parallel to
   * `t`; 0 means unknown. Absent or null when the store keeps none. PromQL uses them to
   * detect counter resets and to avoid extrapolating before a counter's start.
   */
  readonly st?: Float64Array | null;
}

export interface Series {
  readonly labels: Labels;
  /** Samples with mint <= t <= maxt of the select call. A store may load them lazily on first access. */
  readonly samples: SampleArrays;
}

/** What the caller will do with the data: a store may use it to load less. All optional. */
export interface SelectHints {
  /** Inclusive range of sample timestamps wanted, ms. Defaults to the querier's range. */
  readonly start?: number;
  readonly end?: number;
  /** Query step and the function over the data, when known ("rate", "series" for metadata only). */
  readonly step?: number;
  readonly func?: string;
  /** Range of a range selector, ms. */
  readonly range?: number;
}

export interface Querier {
  /**
   * Series whose labels satisfy every matcher, with their samples in the querier's range
   * (narrowed by hints.start/end). At least one matcher must not match the empty string.
   * Series with no samples in the range are left out unless `hints.func === 'series'`.
   * The order is by label set (compareLabels) when `sorted` is true, else unspecified.
   */
  select(sorted: boolean, hints: SelectHints | null, ...matchers: Matcher[]): Series[];
  /** Sorted distinct values of label `name` over series matching all matchers (all series if none). */
  labelValues(name: string, ...matchers: Matcher[]): string[];
  /** Sorted distinct label names over series matching all matchers (all series if none). */
  labelNames(...matchers: Matcher[]): string[];
  /** Releases what the querier holds (read transactions, worker buffers). Idempotent. */
  close(): void;
}

export interface Queryable {
  /** A consistent view of the data with mint <= t <= maxt. */
  querier(mint: number, maxt: number): Querier;
}

/** Opaque, store-specific handle for a series, valid for the lifetime of the store; 0 means none. */
export type SeriesRef = number;

/**
 * Adds samples in one batch. Nothing is visible to queriers until commit(); commit() makes
 * the whole batch durable and visible at once, or throws and keeps none of it.
 * An appender is used once: after commit() or rollback() it must not be used again.
 */
export interface Appender {
  /**
   * Adds a sample. `ref` is a value returned earlier for the same label set (or 0); when it
   * is non-zero the store may skip looking `labels` up. Returns the series' ref.
   * Throws StorageError('out_of_order' | 'duplicate_sample' | 'out_of_bounds') for a sample
   * that cannot be stored; the rest of the batch is unaffected.
   */
  append(ref: SeriesRef, labels: Labels, t: number, v: number): SeriesRef;
  /** Adds a staleness marker: the series ended at t. */
  appendStale(ref: SeriesRef, labels: Labels, t: number): SeriesRef;
  commit(): void;
  rollback(): void;
}

export interface Appendable {
  appender(): Appender;
}

/** A store that can be both read and written. */
export interface Storage extends Queryable, Appendable {
  /** Oldest sample time held, or null when empty. */
  startTime(): number | null;
  close(): void;
}
