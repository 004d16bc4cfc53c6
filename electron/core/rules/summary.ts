/**
 * A summary with quantiles over a sliding window, as client_golang's (10-minute max age), for
 * the rule manager's two summaries. The registry has no summary type, so this renders its own
 * family; observations are kept for the window only and capped, so memory stays bounded.
 */

import { familyHeader, formatLabels } from '../collector/exposition.js';
import { formatExpositionFloat } from '../../../shared/text/float.js';

const MAX_AGE_MS = 10 * 60_000;
const MAX_KEPT = 10_000;

export class WindowSummary {
  private times: number[] = [];
  private values: number[] = [];
  private sum = 0;
  private count = 0;

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly quantiles: readonly number[],
    private readonly now: () => number = Date.now,
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

  render(): string {
    const cutoff = this.now() - MAX_AGE_MS;
    let drop = 0;
    while (drop < this.times.length && this.times[drop]! < cutoff) drop++;
    if (drop > 0) {
      this.times.splice(0, drop);
      this.values.splice(0, drop);
    }
    const sorted = Float64Array.from(this.values).sort();
    let out = familyHeader(this.name, this.help, 'summary');
    for (const q of this.quantiles) {
      const v = sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
      out += `${this.name}${formatLabels([['quantile', formatExpositionFloat(q)]])} ${formatExpositionFloat(v)}\n`;
    }
    out += `${this.name}_sum ${formatExpositionFloat(this.sum)}\n${this.name}_count ${formatExpositionFloat(this.count)}\n`;
    return out;
  }
}
