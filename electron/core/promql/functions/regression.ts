/**
 * Linear regression and smoothing over range vectors: deriv, predict_linear and
 * double_exponential_smoothing (holt_winters before Prometheus 3).
 */

import { QueryError } from '../value.js';
import { kahanSumInc, kahanOutC, kahanOutSum } from './kahan.js';
import type { RangeKernel, WindowCtx } from './types.js';

/** Least-squares slope and intercept at interceptTime (Prometheus's linearRegression). */
let regIntercept = 0;
function linearRegression(c: WindowCtx, interceptTime: number): number {
  const t = c.t;
  const v = c.v;
  let n = 0;
  let sumX = 0;
  let cX = 0;
  let sumY = 0;
  let cY = 0;
  let sumXY = 0;
  let cXY = 0;
  let sumX2 = 0;
  let cX2 = 0;
  const initY = v[c.lo]!;
  let constY = true;
  for (let i = c.lo; i < c.hi; i++) {
    const y = v[i]!;
    if (constY && i > c.lo && y !== initY) constY = false;
    n += 1;
    const x = (t[i]! - interceptTime) / 1e3;
    kahanSumInc(x, sumX, cX);
    sumX = kahanOutSum;
    cX = kahanOutC;
    kahanSumInc(y, sumY, cY);
    sumY = kahanOutSum;
    cY = kahanOutC;
    kahanSumInc(x * y, sumXY, cXY);
    sumXY = kahanOutSum;
    cXY = kahanOutC;
    kahanSumInc(x * x, sumX2, cX2);
    sumX2 = kahanOutSum;
    cX2 = kahanOutC;
  }
  if (constY) {
    if (initY === Infinity || initY === -Infinity) {
      regIntercept = NaN;
      return NaN;
    }
    regIntercept = initY;
    return 0;
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  regIntercept = sumY / n - (slope * sumX) / n;
  return slope;
}

export const deriv: RangeKernel = (c) => {
  if (c.hi - c.lo < 2) {
    c.ok = false;
    return 0;
  }
  return linearRegression(c, c.t[c.lo]!);
};

export const predictLinear: RangeKernel = (c) => {
  if (c.hi - c.lo < 2) {
    c.ok = false;
    return 0;
  }
  const slope = linearRegression(c, c.ts);
  return slope * c.p0 + regIntercept;
};

export const doubleExponentialSmoothing: RangeKernel = (c) => {
  const l = c.hi - c.lo;
  if (l < 2) {
    c.ok = false;
    return 0;
  }
  const sf = c.p0;
  const tf = c.p1;
  const v = c.v;
  let s0 = 0;
  let s1 = v[c.lo]!;
  let b = v[c.lo + 1]! - v[c.lo]!;
  for (let i = 1; i < l; i++) {
    const x = sf * v[c.lo + i]!;
    // The trend at step i-1 (the first step keeps the initial trend).
    if (i - 1 !== 0) b = tf * (s1 - s0) + (1 - tf) * b;
    const y = (1 - sf) * (s1 + b);
    s0 = s1;
    s1 = x + y;
  }
  return s1;
};

/** double_exponential_smoothing refuses factors outside (0, 1). */
export function checkSmoothingFactors(sf: number, tf: number): undefined {
  if (!(sf > 0 && sf < 1)) throw new QueryError('execution', `invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf.toFixed(6)}`);
  if (!(tf > 0 && tf < 1)) throw new QueryError('execution', `invalid trend factor. Expected: 0 < tf < 1, got: ${tf.toFixed(6)}`);
  return undefined;
}
