/**
 * A pool of query worker threads (worker.ts). Jobs (queries, metadata reads, federation)
 * beyond the number of workers wait in a queue, up to `maxConcurrency` in all (Prometheus's
 * --query.max-concurrency); more are refused as unavailable. A worker that does not answer
 * within the query timeout plus a grace period (a runaway evaluation or a storage read that
 * cannot be interrupted) is terminated and replaced.
 */

import { Worker } from 'node:worker_threads';
import type { Logger } from '../log.js';
import type { EngineOptions } from '../promql/engine.js';
import type { ReaderHandle } from '../tsdb/index.js';
import type { ChunkSink, Executor, Failure, Job, JobLimits, JobReply, ReplyOf } from './request.js';
import type { QueryWorkerData, QueryWorkerMessage, QueryWorkerReply } from './worker.js';

export interface QueryPoolOptions {
  readonly handle: ReaderHandle;
  readonly engine: EngineOptions;
  readonly limits: JobLimits;
  readonly workers: number;
  readonly maxConcurrency: number;
  readonly logger: Logger;
}

interface Queued {
  readonly job: Job;
  readonly signal: { readonly aborted: boolean };
  readonly sink: ChunkSink | undefined;
  readonly resolve: (r: JobReply) => void;
}

interface Slot {
  worker: Worker;
  cancel: Int32Array;
  /** Streamed chunks the worker posted that the sink has not yet taken (see worker.ts). */
  flow: Int32Array;
  busy: { id: number; job: Queued; watchdog: ReturnType<typeof setTimeout>; poll: ReturnType<typeof setInterval> } | null;
}

const GRACE_MS = 5_000;
const workerUrl = new URL('./worker.js', import.meta.url);

export class QueryPool implements Executor {
  private readonly slots: Slot[] = [];
  private readonly queue: Queued[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: QueryPoolOptions) {
    for (let i = 0; i < Math.max(1, opts.workers); i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const cancelBuf = new SharedArrayBuffer(4);
    const flowBuf = new SharedArrayBuffer(4);
    const data: QueryWorkerData = { handle: this.opts.handle, engine: this.opts.engine, limits: this.opts.limits, cancel: cancelBuf, flow: flowBuf };
    const worker = new Worker(workerUrl, { workerData: data });
    const slot: Slot = { worker, cancel: new Int32Array(cancelBuf), flow: new Int32Array(flowBuf), busy: null };
    worker.on('message', (msg: QueryWorkerReply) => {
      const b = slot.busy;
      if (!b || b.id !== msg.id) return;
      if ('reply' in msg) this.finish(slot, msg.reply);
      else this.take(slot, b.job, msg.chunk);
    });
    worker.on('error', (err) => {
      this.opts.logger.error('query worker failed', { err: err.message });
      this.replace(slot, { ok: false, kind: 'internal', message: `query worker failed: ${err.message}` });
    });
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot) && slot.worker === worker) {
        this.replace(slot, { ok: false, kind: 'internal', message: `query worker exited with code ${code}` });
      }
    });
    worker.unref();
    return slot;
  }

  execute<J extends Job>(job: J, signal: { readonly aborted: boolean }, sink?: ChunkSink): Promise<ReplyOf<J>> {
    const refuse = (message: string) => Promise.resolve({ ok: false, kind: 'unavailable', message } as Failure as ReplyOf<J>);
    if (this.closed) return refuse('the query engine is shutting down');
    if (this.inFlight() >= this.opts.maxConcurrency) return refuse(`too many concurrent queries (limit ${this.opts.maxConcurrency})`);
    return new Promise((resolve) => {
      this.queue.push({ job, signal, sink, resolve: resolve as (r: JobReply) => void });
      this.dispatch();
    });
  }

  inFlight(): number {
    let n = this.queue.length;
    for (const s of this.slots) if (s.busy) n++;
    return n;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      let job = this.queue.shift();
      // A client that left while its query waited needs no answer.
      while (job && job.signal.aborted) {
        job.resolve({ ok: false, kind: 'canceled', message: 'query was canceled in queue' });
        job = this.queue.shift();
      }
      if (!job) return;
      const id = this.nextId++;
      Atomics.store(slot.cancel, 0, 0);
      Atomics.store(slot.flow, 0, 0);
      const timeout = (this.opts.engine.timeoutMs ?? 120_000) + GRACE_MS;
      const watchdog = setTimeout(() => {
        this.opts.logger.warn('query worker did not answer in time; replacing it', { job: describe(job!.job) });
        this.replace(slot, { ok: false, kind: 'timeout', message: 'query timed out in query execution' });
      }, timeout);
      // The engine polls the shared flag; mirror the client's signal into it.
      const poll = setInterval(() => {
        if (job!.signal.aborted) Atomics.store(slot.cancel, 0, 1);
      }, 50);
      slot.busy = { id, job, watchdog, poll };
      const msg: QueryWorkerMessage = { id, job: job.job, stream: job.sink !== undefined };
      slot.worker.postMessage(msg);
    }
  }

  /** Hands a streamed chunk on; once the sink has taken it, the worker may post the next. */
  private take(slot: Slot, job: Queued, chunk: Uint8Array): void {
    const flow = slot.flow;
    const taken = () => {
      Atomics.sub(flow, 0, 1);
      Atomics.notify(flow, 0);
    };
    if (!job.sink) return taken();
    job.sink(chunk).then(taken, taken);
  }

  private finish(slot: Slot, reply: JobReply): void {
    const b = slot.busy;
    if (!b) return;
    clearTimeout(b.watchdog);
    clearInterval(b.poll);
    slot.busy = null;
    b.job.resolve(reply);
    this.dispatch();
  }

  private replace(slot: Slot, reply: Failure): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const b = slot.busy;
    if (b) {
      clearTimeout(b.watchdog);
      clearInterval(b.poll);
      slot.busy = null;
      b.job.resolve(reply);
    }
    void slot.worker.terminate();
    if (this.closed) return;
    this.slots[i] = this.spawn();
    this.dispatch();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve({ ok: false, kind: 'unavailable', message: 'the query engine is shutting down' });
    for (const s of this.slots) {
      if (s.busy) Atomics.store(s.cancel, 0, 1);
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** What a job was, for the log. */
function describe(job: Job): string {
  if (job.op === 'json' || job.op === 'value') return job.req.query;
  if (job.op === 'federate') return 'federation';
  if (job.op === 'syntax') return `${job.req.kind} ${job.req.query}`;
  return job.req.kind;
}
