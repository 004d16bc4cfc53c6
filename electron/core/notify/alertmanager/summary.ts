/**
 * A summary with quantiles over a sliding window, in the manner of client_golang's
 * SummaryVec (objectives 0.5, 0.9, 0.99; a 10-minute window): quantiles come from the
 * observations of the window, sum and count from every observation. Notifications are few
 * (one observation per batch sent), so the window keeps the observations themselves, capped,
 * and answers exact ranks instead of an approximation.
 */

export const SUMMARY_QUANTILES: readonly number[] = [0.5, 0.9, 0.99];

/** client_golang's DefMaxAge. */
export const SUMMARY_MAX_AGE_MS = 10 * 60_000;

/** Most observations one window keeps; beyond it the oldest go first. */
const MAX_KEPT = 4096;

export class Summary {
  sum = 0;
  count = 0;
  private times: number[] = [];
  private values: number[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = SUMMARY_MAX_AGE_MS,
  ) {}

  observe(v: number): void {
    this.sum += v;
    this.count++;
    this.times.push(this.now());
    this.values.push(v);
    if (this.values.length > MAX_KEPT) {
      this.times.splice(0, this.values.length - MAX_KEPT);
      this.values.splice(0, this.values.length - MAX_KEPT);
    }
  }

  /** The value at quantile q of the window (nearest rank), or NaN when the window is empty. */
  quantile(q: number): number {
    this.expire();
    const n = this.values.length;
    if (n === 0) return NaN;
    const sorted = Float64Array.from(this.values).sort();
    const rank = Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
    return sorted[rank]!;
  }

  private expire(): void {
    const cutoff = this.now() - this.maxAgeMs;
    let i = 0;
    while (i < this.times.length && this.times[i]! <= cutoff) i++;
    if (i > 0) {
      this.times.splice(0, i);
      this.values.splice(0, i);
    }
  }
}
