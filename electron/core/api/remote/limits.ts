/**
 * What one remote-write request may hold. Prometheus's own receiver has no such caps; these
 * keep a hostile or broken sender from taking the core's memory (a 12 MB snappy body can
 * declare tens of millions of labels). Senders batch far below them: Prometheus sends
 * 2,000 samples per request by default (queue_config.max_samples_per_send).
 * The README's API section lists the defaults.
 */

export interface RemoteWriteLimits {
  /** Series (TimeSeries messages) per request. */
  readonly maxSeries: number;
  /** Labels of one series (label pairs; remote write 2.0: labels_refs / 2). */
  readonly maxLabelsPerSeries: number;
  /** Labels over the whole request (2.0: also bounds the symbols table, at twice this). */
  readonly maxLabels: number;
  /** Float samples plus native histogram samples per request. */
  readonly maxSamples: number;
  /** Longest label name, bytes of UTF-8. */
  readonly maxLabelNameBytes: number;
  /** Longest label value, bytes of UTF-8. */
  readonly maxLabelValueBytes: number;
}

export const DEFAULT_REMOTE_WRITE_LIMITS: RemoteWriteLimits = {
  maxSeries: 500_000,
  maxLabelsPerSeries: 128,
  maxLabels: 2_000_000,
  maxSamples: 2_000_000,
  maxLabelNameBytes: 1024,
  maxLabelValueBytes: 8192,
};

/** A request over a limit: `status` is 413 when the request is too large, 400 when a series is malformed by it. */
export class RemoteWriteLimitError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}
