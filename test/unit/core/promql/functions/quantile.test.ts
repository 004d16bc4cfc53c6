import { describe, expect, it } from 'vitest';
import { bucketFraction, bucketQuantile, quantileOf } from '../../../../../electron/core/promql/functions/quantile.js';

describe('quantileOf', () => {
  it('interpolates between ranks and sorts NaN first', () => {
    expect(quantileOf(0.5, new Float64Array([3, 1, 2]), 3)).toBe(2);
    expect(quantileOf(0.75, new Float64Array([0, 1]), 2)).toBe(0.75);
    expect(quantileOf(0.2, new Float64Array([1, NaN, 0]), 3)).toBeNaN();
    expect(quantileOf(2, new Float64Array([1]), 1)).toBe(Infinity);
    expect(quantileOf(0.5, new Float64Array(0), 0)).toBeNaN();
  });
});

describe('bucketQuantile', () => {
  it('interpolates inside the bucket and uses 0 as the lowest bound', () => {
    const r = bucketQuantile(0.5, { upper: [Infinity, 2, 4, 6, 0], count: [3, 1, 2, 3, 0] });
    expect(r.value).toBe(3);
    expect(r.forcedMonotonic).toBe(false);
  });
  it('returns the second highest bound for the +Inf bucket and NaN without one', () => {
    expect(bucketQuantile(0.99, { upper: [1, Infinity], count: [1, 10] }).value).toBe(1);
    expect(bucketQuantile(0.5, { upper: [1, 2], count: [1, 2] }).value).toBeNaN();
  });
  it('forces monotonicity and says so', () => {
    const r = bucketQuantile(0.5, { upper: [0.1, 1, 10, 100, 1000, Infinity], count: [2, 1, 5, 4, 9, 8] });
    expect(r.forcedMonotonic).toBe(true);
    expect(r.value).toBeCloseTo(8.5 / 1, 9);
  });
});

describe('bucketFraction', () => {
  const b = () => ({ upper: [1, 2, 3, Infinity], count: [1, 3, 6, 100] });
  it('interpolates within finite buckets', () => {
    expect(bucketFraction(0, 1.5, b())).toBeCloseTo(0.02, 12);
    expect(bucketFraction(0.5, 2, b())).toBeCloseTo(0.025, 12);
  });
  it('puts observations of infinite buckets at their finite edge', () => {
    expect(bucketFraction(400, Infinity, b())).toBeCloseTo(0.94, 12);
    expect(bucketFraction(2, 5, b())).toBeCloseTo(0.03, 12);
    expect(bucketFraction(-4, -2, { upper: [-3, -2, -1, Infinity], count: [10, 12, 15, 100] })).toBeCloseTo(0.02, 12);
  });
  it('handles degenerate bounds', () => {
    expect(bucketFraction(3, 2, b())).toBe(0);
    expect(bucketFraction(NaN, 1, b())).toBeNaN();
    expect(bucketFraction(0, 5, { upper: [1, Infinity], count: [0, 0] })).toBeNaN();
  });
});
