/**
 * --web.config.file's rate_limit, one token bucket per client address. exporter-toolkit keeps
 * one bucket for the whole server, so one noisy client (or an attacker guessing passwords)
 * locks every other client out; here each remote address spends its own `burst`, refilled at
 * one request per `intervalMs`.
 *
 * Memory is bounded: at most `maxClients` buckets are kept, least recently seen first out. A
 * client evicted that way starts again with a full bucket, which only matters when more than
 * `maxClients` addresses are active within one refill period.
 */

export interface RateLimit {
  readonly burst: number;
  readonly intervalMs: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

const DEFAULT_MAX_CLIENTS = 10_000;

export class ClientRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly limit: RateLimit,
    private readonly maxClients = DEFAULT_MAX_CLIENTS,
  ) {}

  /** Takes one request from `client`'s bucket; false when it is empty. */
  allow(client: string, nowMs: number = Date.now()): boolean {
    const { burst, intervalMs } = this.limit;
    let b = this.buckets.get(client);
    if (b) {
      this.buckets.delete(client);
      b.tokens = Math.min(burst, b.tokens + (nowMs - b.atMs) / intervalMs);
      b.atMs = nowMs;
    } else {
      b = { tokens: burst, atMs: nowMs };
      if (this.buckets.size >= this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    }
    // Re-inserted last, so the map's order is least recently seen first.
    this.buckets.set(client, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Clients with a bucket now (for tests and metrics). */
  size(): number {
    return this.buckets.size;
  }
}

/** The address a rate limit counts against: IPv4 clients of a dual-stack socket by their IPv4 form. */
export function clientKey(remoteAddress: string | undefined): string {
  if (!remoteAddress) return 'unknown';
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice(7) : remoteAddress;
}
