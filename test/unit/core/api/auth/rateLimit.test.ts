/**
 * rate_limit's buckets, one per client, in bounded memory.
 */
import { describe, expect, it } from 'vitest';
import { ClientRateLimiter, clientKey } from '../../../../../electron/core/api/auth/rateLimit.js';

describe('ClientRateLimiter', () => {
  it('gives each client its own burst, refilled at one request per interval', () => {
    const rl = new ClientRateLimiter({ burst: 2, intervalMs: 1000 });
    expect([rl.allow('a', 0), rl.allow('a', 0), rl.allow('a', 0)]).toEqual([true, true, false]);
    expect(rl.allow('b', 0)).toBe(true);
    expect(rl.allow('a', 500)).toBe(false);
    expect(rl.allow('a', 1000)).toBe(true);
    expect(rl.allow('a', 1000)).toBe(false);
    // Refill stops at the burst.
    expect([rl.allow('a', 100_000), rl.allow('a', 100_000), rl.allow('a', 100_000)]).toEqual([true, true, false]);
  });

  it('keeps at most maxClients buckets, dropping the least recently seen', () => {
    const rl = new ClientRateLimiter({ burst: 1, intervalMs: 60_000 }, 3);
    for (const c of ['a', 'b', 'c']) expect(rl.allow(c, 0)).toBe(true);
    expect(rl.allow('a', 1)).toBe(false);
    expect(rl.allow('d', 2)).toBe(true);
    expect(rl.size()).toBe(3);
    // 'b' was the least recently seen, so it starts again; 'a' is still empty.
    expect(rl.allow('b', 3)).toBe(true);
    expect(rl.allow('a', 4)).toBe(false);
  });

  it('counts IPv4 clients of a dual-stack socket by their IPv4 address', () => {
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('2001:db8::1')).toBe('2001:db8::1');
    expect(clientKey(undefined)).toBe('unknown');
  });
});
