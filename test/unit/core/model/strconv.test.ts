import { describe, expect, it } from 'vitest';
import { numErr, parseFloatBytes } from '../../../../electron/core/model/strconv.js';

function pf(s: string): number | string {
  const b = Buffer.from(s, 'latin1');
  const v = parseFloatBytes(b, s, 0, b.length);
  return numErr === '' ? v : `err:${numErr}`;
}

describe('parseFloatBytes follows strconv.ParseFloat plus Prometheus checks', () => {
  it('accepts decimal forms and Go specials', () => {
    expect(pf('0')).toBe(0);
    expect(pf('-0')).toBe(-0);
    expect(pf('12.5e-1')).toBe(1.25);
    expect(pf('1E+2')).toBe(100);
    expect(pf('.25')).toBe(0.25);
    expect(pf('3.')).toBe(3);
    expect(pf('INF')).toBe(Infinity);
    expect(pf('-Infinity')).toBe(-Infinity);
    expect(pf('nAn')).toBeNaN();
    expect(pf('1e-400')).toBe(0);
    expect(pf('9007199254740993')).toBe(9007199254740992);
  });

  it('matches Number() on long mantissas and big exponents', () => {
    for (const s of ['3.141592653589793238', '1.7976931348623157e308', '2.2250738585072014e-308', '123e25', '5e-30', '0.1e1']) {
      expect(pf(s)).toBe(Number(s));
    }
  });

  it('refuses what Go refuses', () => {
    for (const s of ['', '+', '-', '.', 'e5', '1e', '1e+', '1.2.3', ' 1', '1 ', 'infin', '+nan', '-NaN', '0b1', '0o7', 'Infinityx', '0x10']) {
      expect(pf(s), s).toBe('err:syntax');
    }
    for (const s of ['1_0', '0x1p3', 'P']) expect(pf(s), s).toBe('err:unsupported');
    expect(pf('1e309')).toBe('err:range');
    expect(pf('-1e309')).toBe('err:range');
  });
});
