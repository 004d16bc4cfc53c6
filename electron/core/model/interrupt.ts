/**
 * The running job's deadline, where storage code can reach it without a parameter on every
 * call: a selector's matchers run inside Querier.select (one synchronous call that may test a
 * regex against every value in the index), which has no signal of its own. A job installs its
 * check around its work; matching polls it. One job runs at a time per thread and all of this
 * is synchronous, so a module-level slot is safe.
 */

/** Throws (the job's own error: timeout or canceled) when the job should stop. */
export type InterruptCheck = () => void;

let current: InterruptCheck | null = null;
let ticks = 0;
/** Calls between checks: a check costs a clock read. */
const EVERY = 256;

/** Runs `body` with `check` polled by matching; restores the previous check afterwards. */
export function withInterrupt<T>(check: InterruptCheck, body: () => T): T {
  const prev = current;
  current = check;
  try {
    return body();
  } finally {
    current = prev;
  }
}

/** Counts one unit of work; every EVERY units runs the job's check, which may throw. */
export function interruptTick(): void {
  if (current !== null && ++ticks >= EVERY) {
    ticks = 0;
    current();
  }
}
