import { describe, expect, it } from 'vitest';
import { kahanInc } from '../../../../../electron/core/promql/functions/kahan.js';

describe('compensated summation', () => {
  it('keeps small terms with compensated summation', () => {
    const st = { sum: 0, c: 0 };
    for (const x of [1, 1e100, 1, -1e100]) kahanInc(st, x);
    expect(st.sum + st.c).toBe(2);
  });
});
