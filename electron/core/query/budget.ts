/**
 * The limits a metadata or federation job checks as it goes: the client leaving, the deadline,
 * the response size. Storage calls cannot be interrupted, so the job checks between series;
 * the pool's watchdog ends a worker that overruns anyway.
 */

import { Matcher } from '../model/matcher.js';
import { QueryError } from '../promql/value.js';
import type { JobLimits, MatcherSet } from './request.js';

export class Budget {
  private readonly deadline: number;
  private bytes = 0;

  constructor(
    private readonly what: string,
    private readonly signal: { readonly aborted: boolean },
    private readonly limits: JobLimits,
    /** What the error suggests to get under the size limit. */
    private readonly narrow = 'narrow match[] or set limit',
  ) {
    this.deadline = limits.timeoutMs > 0 ? Date.now() + limits.timeoutMs : Infinity;
  }

  /** Throws QueryError('canceled' | 'timeout') when the job should stop. */
  check(): void {
    if (this.signal.aborted) throw new QueryError('canceled', `${this.what} was canceled`);
    if (Date.now() > this.deadline) throw new QueryError('timeout', `${this.what} timed out after ${this.limits.timeoutMs} ms`);
  }

  /** Counts `n` more bytes of response; throws QueryError('execution') past the limit. */
  add(n: number): void {
    this.bytes += n;
    const max = this.limits.maxResponseBytes;
    if (max > 0 && this.bytes > max) {
      throw new QueryError('execution', `${this.what} would exceed the response limit of ${max} bytes: ${this.narrow}`);
    }
  }
}

export function toMatchers(set: MatcherSet): Matcher[] {
  return set.map((m) => new Matcher(m.type, m.name, m.value));
}

export function fromMatchers(ms: readonly Matcher[]): MatcherSet {
  return ms.map((m) => ({ type: m.type, name: m.name, value: m.value }));
}
