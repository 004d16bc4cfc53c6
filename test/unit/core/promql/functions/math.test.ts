import { describe, expect, it } from 'vitest';
import { goPow, roundTo } from '../../../../../electron/core/promql/functions/math.js';

describe('numeric helpers with Go semantics', () => {
  it('goPow follows math.Pow special cases', () => {
    expect(goPow(1, NaN)).toBe(1);
    expect(goPow(-1, Infinity)).toBe(1);
    expect(goPow(NaN, 0)).toBe(1);
    expect(goPow(2, 10)).toBe(1024);
  });
  it('rounds ties up', () => {
    expect(roundTo(2.5, 1)).toBe(3);
    expect(roundTo(-2.5, 1)).toBe(-2);
    expect(roundTo(5.2 + 0.05, 0.1)).toBeCloseTo(5.3, 12);
  });
});
