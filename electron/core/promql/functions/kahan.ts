/**
 * Kahan–Neumaier compensated summation, step by step, exactly as Prometheus's kahansum.Inc
 * does it (the conformance files compare results of summing 1e100 and 1 with it).
 * The running state lives in a caller-owned pair to avoid allocating per step.
 */

export interface KahanState {
  sum: number;
  c: number;
}

/** Adds `inc` to state.sum, tracking the lost low-order bits in state.c. */
export function kahanInc(st: KahanState, inc: number): void {
  const sum = st.sum;
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) {
    st.c = 0;
  } else if (Math.abs(sum) >= Math.abs(inc)) {
    st.c += sum - t + inc;
  } else {
    st.c += inc - t + sum;
  }
  st.sum = t;
}

/** Module-level scratch to return a (sum, c) pair without allocation. */
export let kahanOutSum = 0;
export let kahanOutC = 0;

/** Functional form: sets kahanOutSum/kahanOutC to the new pair. */
export function kahanSumInc(inc: number, sum: number, c: number): void {
  const t = sum + inc;
  if (t === Infinity || t === -Infinity) {
    c = 0;
  } else if (Math.abs(sum) >= Math.abs(inc)) {
    c += sum - t + inc;
  } else {
    c += inc - t + sum;
  }
  kahanOutSum = t;
  kahanOutC = c;
}
