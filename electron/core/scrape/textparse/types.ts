/**
 * The pull interface both exposition parsers implement, modelled on Prometheus's
 * textparse.Parser: `next()` advances one entry and the accessors read the current one.
 * Nothing is allocated per sample until the caller asks for it (labels(), seriesKey()), so
 * a scrape whose series are all in the scrape cache parses without building label sets.
 */

import type { Labels } from '../../model/labels.js';

/** What next() found. */
export const Entry = {
  EOF: 0,
  Type: 1,
  Help: 2,
  Unit: 3,
  Comment: 4,
  Series: 5,
} as const;
export type EntryKind = (typeof Entry)[keyof typeof Entry];

/** Metric types as Prometheus names them in metadata (`untyped` in the text format is `unknown`). */
export type MetricType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'unknown';

export interface Exemplar {
  labels: Labels;
  value: number;
  /** Milliseconds; undefined when the exemplar has no timestamp. */
  timestampMs: number | undefined;
}

/**
 * A body that cannot be parsed. `line` is 1-based; the message reads
 * `line 12: <what Prometheus's textparse says>`, one line, with Go-style quoting.
 */
export class TextParseError extends Error {
  override readonly name = 'TextParseError';
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

export interface Parser {
  /** Advances to the next entry. Returns Entry.EOF at the end; throws TextParseError on the first error. */
  next(): EntryKind;
  /** 1-based line of the current entry. */
  readonly line: number;

  // Current sample (after Entry.Series).
  /** Sample value. */
  readonly value: number;
  /** Whether the sample carried a timestamp, and the timestamp in ms. */
  readonly hasTimestamp: boolean;
  readonly timestampMs: number;
  /**
   * The series exactly as written (name and label block, before the value), in a byte-per-char
   * (latin1) form: equal text gives equal keys, so it keys the scrape cache. The returned
   * string may share memory with the whole body; use ownedSeriesKey() to keep it.
   */
  seriesKey(): string;
  /** seriesKey() as a string that does not hold on to the body. */
  ownedSeriesKey(): string;
  /**
   * The sample's label set, `__name__` included, escapes undone, `le`/`quantile` normalised
   * as Prometheus 3 does. Throws TextParseError when a label name repeats.
   */
  labels(): Labels;
  /** The metric name of the sample (unescaped). */
  metricName(): string;
  /** The sample's exemplar, if the format has one and the line carried it; null otherwise. */
  exemplar(): Exemplar | null;

  // Current metadata entry (after Type, Help, Unit).
  /** Metric family name of a TYPE/HELP/UNIT entry. */
  familyName(): string;
  /**
   * The whole TYPE/HELP/UNIT line as written, byte per char: equal lines give equal keys,
   * so a scrape can recognise metadata it has already applied. May share the body's memory.
   */
  metaKey(): string;
  /** metaKey() as a string that does not hold on to the body. */
  ownedMetaKey(): string;
  /** The type of the last TYPE entry seen (so also of the samples that follow it). */
  readonly metricType: MetricType;
  helpText(): string;
  unitText(): string;
  /** Text of a comment entry, `#` included. */
  commentText(): string;
}
