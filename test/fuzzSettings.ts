/**
 * How many inputs each property-based fuzz test tries, and from which seed. `npm test` runs a
 * modest fixed-seed count so CI stays fast and failures reproduce; `npm run fuzz` raises
 * HEARTH_FUZZ_RUNS (and may pick HEARTH_FUZZ_SEED) for a long run. Both are printed by the
 * fuzz script so a failure in a long run can be replayed.
 */

/** Inputs per property; `ciRuns` when HEARTH_FUZZ_RUNS is unset. */
export function fuzzRuns(ciRuns: number): number {
  const env = process.env['HEARTH_FUZZ_RUNS'];
  if (env === undefined || env === '') return ciRuns;
  const n = Number(env);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`HEARTH_FUZZ_RUNS: want a positive integer, got ${JSON.stringify(env)}`);
  return n;
}

/** The fast-check seed: HEARTH_FUZZ_SEED when set, else the test's own fixed seed. */
export function fuzzSeed(fixed: number): number {
  const env = process.env['HEARTH_FUZZ_SEED'];
  if (env === undefined || env === '') return fixed;
  const n = Number(env);
  if (!Number.isInteger(n) || Math.abs(n) > 2 ** 31) throw new Error(`HEARTH_FUZZ_SEED: want a 32-bit integer, got ${JSON.stringify(env)}`);
  return n;
}

/** vitest's per-test timeout for a property of `runs` inputs costing up to `msPerInput` each. */
export function fuzzTimeoutMs(runs: number, msPerInput: number): number {
  return 30_000 + Math.ceil(runs * msPerInput);
}
