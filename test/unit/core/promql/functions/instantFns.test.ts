import { describe, expect, it } from 'vitest';
import { formatFloatF, formatOpenMetricsFloat, goPow, natLess, roundTo } from '../../../../../electron/core/promql/functions/instantFns.js';
import { kahanInc } from '../../../../../electron/core/promql/functions/kahan.js';
import { xxhash64 } from '../../../../../electron/core/promql/eval/hash.js';

describe('numeric helpers with Go semantics', () => {
  it('goPow follows math.Pow special cases', () => {
    expect(goPow(1, NaN)).toBe(1);
    expect(goPow(-1, Infinity)).toBe(1);
    expect(goPow(NaN, 0)).toBe(1);
    expect(goPow(2, 10)).toBe(1024);
  });
  it('formats floats like strconv and OpenMetrics', () => {
    expect(formatFloatF(1e21)).toBe('1000000000000000000000');
    expect(formatFloatF(1.5e-7)).toBe('0.00000015');
    expect(formatFloatF(-Infinity)).toBe('-Inf');
    expect(formatOpenMetricsFloat(1)).toBe('1.0');
    expect(formatOpenMetricsFloat(0.25)).toBe('0.25');
    expect(formatOpenMetricsFloat(NaN)).toBe('NaN');
  });
  it('rounds ties up', () => {
    expect(roundTo(2.5, 1)).toBe(3);
    expect(roundTo(-2.5, 1)).toBe(-2);
    expect(roundTo(5.2 + 0.05, 0.1)).toBeCloseTo(5.3, 12);
  });
  it('sorts naturally', () => {
    expect(natLess('4m5', '4m600')).toBe(true);
    expect(natLess('1.2.3', '1.11.3')).toBe(true);
    expect(natLess('cpu10', 'cpu9')).toBe(false);
  });
  it('keeps small terms with compensated summation', () => {
    const st = { sum: 0, c: 0 };
    for (const x of [1, 1e100, 1, -1e100]) kahanInc(st, x);
    expect(st.sum + st.c).toBe(2);
  });
  it('hashes like xxHash64', () => {
    expect(xxhash64(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
    expect(xxhash64(new TextEncoder().encode('a'))).toBe(0xd24ec4f1a98c6e5bn);
  });
});
