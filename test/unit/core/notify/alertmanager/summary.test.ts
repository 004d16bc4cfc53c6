/** The latency summary: quantiles over a sliding window, sum and count over all time. */

import { describe, expect, it } from 'vitest';
import { Summary } from '../../../../../electron/core/notify/alertmanager/summary.js';

describe('Summary', () => {
  it('answers nearest-rank quantiles of the window', () => {
    const s = new Summary(() => 0);
    for (let i = 1; i <= 100; i++) s.observe(i / 100);
    expect(s.quantile(0.5)).toBe(0.5);
    expect(s.quantile(0.9)).toBe(0.9);
    expect(s.quantile(0.99)).toBe(0.99);
    expect(s.count).toBe(100);
    expect(s.sum).toBeCloseTo(50.5);
  });

  it('is NaN when nothing was observed in the window, while sum and count remain', () => {
    let now = 0;
    const s = new Summary(() => now, 1000);
    expect(s.quantile(0.5)).toBeNaN();
    s.observe(3);
    expect(s.quantile(0.5)).toBe(3);
    now = 1001;
    expect(s.quantile(0.5)).toBeNaN();
    expect([s.sum, s.count]).toEqual([3, 1]);
    s.observe(7);
    expect(s.quantile(0.99)).toBe(7);
  });
});
