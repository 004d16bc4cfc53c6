/**
 * Runs jobs on the calling thread: for tests and in-memory stores, where there is no SQLite
 * connection to open in a worker. A long job here holds the event loop; the server uses the
 * worker pool (pool.ts) instead.
 */

import { Engine, type EngineOptions } from '../promql/engine.js';
import type { Queryable } from '../storage/interface.js';
import { runJob } from './jobs.js';
import type { Executor, Job, JobLimits, ReplyOf } from './request.js';

export class InlineExecutor implements Executor {
  private readonly engine: Engine;
  private readonly limits: JobLimits;
  private running = 0;

  constructor(
    private readonly store: Queryable,
    engine: EngineOptions = {},
    limits: Partial<JobLimits> = {},
  ) {
    this.engine = new Engine(engine);
    this.limits = { timeoutMs: limits.timeoutMs ?? engine.timeoutMs ?? 120_000, maxResponseBytes: limits.maxResponseBytes ?? 0 };
  }

  async execute<J extends Job>(job: J, signal: { readonly aborted: boolean }): Promise<ReplyOf<J>> {
    this.running++;
    try {
      return runJob(this.engine, this.store, job, signal, this.limits) as ReplyOf<J>;
    } finally {
      this.running--;
    }
  }

  inFlight(): number {
    return this.running;
  }

  async close(): Promise<void> {}
}
