import { describe, expect, it } from 'vitest';
import { formatSampleValue, formatSI } from '../../../shared/format.js';

describe('formatSampleValue (Go FormatFloat(v, f, -1, 64))', () => {
  it('prints special values as Prometheus does', () => {
    expect(formatSampleValue(NaN)).toBe('NaN');
    expect(formatSampleValue(Infinity)).toBe('+Inf');
    expect(formatSampleValue(-Infinity)).toBe('-Inf');
    expect(formatSampleValue(-0)).toBe('-0');
  });

  it('never uses exponent notation', () => {
    expect(formatSampleValue(1e21)).toBe('1000000000000000000000');
    expect(formatSampleValue(1.5e-7)).toBe('0.00000015');
    expect(formatSampleValue(-2.5e-10)).toBe('-0.00000000025');
    expect(formatSampleValue(1.2345e25)).toBe('12345000000000000000000000');
    expect(formatSampleValue(0.1)).toBe('0.1');
    expect(formatSampleValue(123456.789)).toBe('123456.789');
  });
});

describe('formatSI', () => {
  it('scales with SI prefixes', () => {
    expect(formatSI(1234567)).toBe('1.23M');
    expect(formatSI(0.00012)).toBe('120µ');
    expect(formatSI(0)).toBe('0');
    expect(formatSI(42)).toBe('42');
  });
});
