/**
 * Conformance cases Hearth knowingly does not pass, by `file:line`, each with the query
 * (so a moved or edited case is not skipped by accident) and the reason. Cases that read
 * native histogram samples are skipped by the runner itself and are not listed here.
 */

export interface SkipEntry {
  expr: string;
  reason: string;
}

export type SkipList = Readonly<Record<string, SkipEntry>>;

export const SKIP_LIST: SkipList = {
  "start_timestamps.test:8": {
    expr: "increase(cumulative[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:13": {
    expr: "rate(cumulative[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:18": {
    expr: "irate(cumulative[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:24": {
    expr: "round(increase(cumulative[5m1ms]))",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:42": {
    expr: "resets(cumulative[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:66": {
    expr: "increase(delta[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:74": {
    expr: "rate(delta[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:82": {
    expr: "irate(delta[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:144": {
    expr: "increase(series[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:169": {
    expr: "increase(series[5m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:189": {
    expr: "round(increase(series[1m1ms]))",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:276": {
    expr: "rate(counter_total{type!=\"overlap\"}[3m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:284": {
    expr: "rate(counter_total{type=\"overlap\"}[3m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
  "start_timestamps.test:289": {
    expr: "rate(counter_total[3m])",
    reason: "start timestamps (@st lines) are not stored: the storage interface and MemoryStorage keep no start timestamp per sample, so start-timestamp resets and zero-point extrapolation cannot be computed",
  },
};
