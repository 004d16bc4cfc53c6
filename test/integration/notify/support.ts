/**
 * What the notify integration tests share: where Debian's Alertmanager is (or why the tests
 * skip), and waiting for something it does.
 */
import { existsSync } from 'node:fs';

export { freePort } from '../api/support.js';

const CANDIDATES = [process.env.ALERTMANAGER_BIN, '/usr/bin/prometheus-alertmanager', '/usr/bin/alertmanager'].filter((p): p is string => !!p);
/** The Alertmanager binary (Debian installs it as prometheus-alertmanager), or undefined. */
export const ALERTMANAGER_BIN = CANDIDATES.find((p) => existsSync(p));
export const ALERTMANAGER_SKIP_REASON = `no Alertmanager binary (${CANDIDATES.join(', ')}); apt-get install prometheus-alertmanager`;

/** Polls `fn` until it gives a value, failing with `what` (and the last error) after `ms`. */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms: number, everyMs: number): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
