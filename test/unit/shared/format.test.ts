import { describe, expect, it } from 'vitest';
import { formatSI } from '../../../shared/format.js';

describe('formatSI', () => {
  it('scales with SI prefixes', () => {
    expect(formatSI(1234567)).toBe('1.23M');
    expect(formatSI(0.00012)).toBe('120µ');
    expect(formatSI(0)).toBe('0');
    expect(formatSI(42)).toBe('42');
  });

  it('spells the special values as Prometheus does', () => {
    expect(formatSI(NaN)).toBe('NaN');
    expect(formatSI(Infinity)).toBe('+Inf');
    expect(formatSI(-Infinity)).toBe('-Inf');
  });
});
