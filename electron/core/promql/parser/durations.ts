/**
 * PromQL duration text: parsing (`1h30m`, as Prometheus's model.ParseDuration accepts it)
 * and printing (model.Duration's String: largest units first, `y`/`w` only when exact).
 */

export { DurationSyntaxError, formatDuration, parseDuration } from '../../../../shared/duration.js';

/** True when `seconds` does not fit a Go time.Duration (Prometheus's durationLiteralOutOfRange). */
export function durationSecondsOutOfRange(seconds: number): boolean {
  return seconds > 9223372036.854775807 || seconds < -9223372036.854775808;
}
