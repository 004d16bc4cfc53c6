import { describe, expect, it } from 'vitest';
import { WindowSummary } from '../../../../electron/core/rules/summary.js';

describe('WindowSummary', () => {
  it('renders quantiles of the window, the sum and the count, as a summary family', () => {
    let now = 0;
    const s = new WindowSummary('x_seconds', 'Help.', [0.5, 0.9], () => now);
    for (let i = 1; i <= 10; i++) s.observe(i);
    expect(s.render()).toBe('# HELP x_seconds Help.\n# TYPE x_seconds summary\nx_seconds{quantile="0.5"} 5\nx_seconds{quantile="0.9"} 9\nx_seconds_sum 55\nx_seconds_count 10\n');
  });

  it('forgets observations older than 10 minutes in the quantiles, not in sum and count', () => {
    let now = 0;
    const s = new WindowSummary('x', 'h', [0.5], () => now);
    s.observe(100);
    now = 11 * 60_000;
    s.observe(1);
    expect(s.render()).toContain('x{quantile="0.5"} 1\n');
    expect(s.render()).toContain('x_count 2\n');
    now = 30 * 60_000;
    expect(s.render()).toContain('x{quantile="0.5"} NaN\n');
  });
});
