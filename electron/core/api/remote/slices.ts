/**
 * Runs a generator in time slices, giving the event loop back between them, so a long decode
 * or append never holds it for more than about `sliceMs` (health checks, scrapes and other
 * requests run in between). A generator that finishes within its first slice costs no extra
 * turn of the loop.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';

export const SLICE_MS = 10;

export async function runSliced<T>(steps: Generator<void, T>, sliceMs = SLICE_MS): Promise<T> {
  for (;;) {
    const until = performance.now() + sliceMs;
    let r = steps.next();
    while (!r.done && performance.now() < until) r = steps.next();
    if (r.done) return r.value;
    await nextTurn();
  }
}
