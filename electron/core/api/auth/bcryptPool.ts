/**
 * bcrypt comparisons off the event loop. bcryptjs is plain JavaScript (cost 10 takes about
 * 0.1–0.2 s of CPU), so comparing on the main thread let a flood of wrong passwords stall
 * every request, health checks and scrapes included. Here one worker thread compares, one
 * password at a time as exporter-toolkit does under its bcrypt mutex, and at most
 * `maxPending` comparisons wait or run at once: beyond that `compare` answers 'busy' at once
 * (the caller answers 429), so a flood costs bounded memory and never delays the loop.
 *
 * The worker's source is a few lines of CommonJS given to `new Worker(..., { eval: true })`,
 * with bcryptjs's resolved path: it runs the same from the TypeScript sources (tests) and
 * from the build, without a separate entry file to ship.
 */

import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type CompareResult = 'match' | 'mismatch' | 'busy';

export interface BcryptPoolOptions {
  /** Comparisons running or waiting at once; more are refused with 'busy'. Default 8. */
  readonly maxPending?: number;
}

interface Pending {
  readonly pass: string;
  readonly hash: string;
  readonly resolve: (r: CompareResult) => void;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const bcrypt = require(workerData.bcryptPath);
parentPort.on('message', (m) => {
  let ok = false;
  try { ok = bcrypt.compareSync(m.pass, m.hash); } catch { ok = false; }
  parentPort.postMessage({ id: m.id, ok });
});
`;

const bcryptPath = createRequire(import.meta.url).resolve('bcryptjs');

export class BcryptPool {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private running: (Pending & { id: number }) | null = null;
  private nextId = 1;
  private closed = false;
  readonly maxPending: number;

  constructor(opts: BcryptPoolOptions = {}) {
    this.maxPending = Math.max(1, opts.maxPending ?? 8);
  }

  /** Comparisons running or waiting now. */
  pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  /** Whether `pass` matches the bcrypt `hash`; 'busy' when `maxPending` comparisons are already under way. */
  compare(pass: string, hash: string): Promise<CompareResult> {
    if (this.closed || this.pending() >= this.maxPending) return Promise.resolve('busy');
    return new Promise((resolve) => {
      this.queue.push({ pass, hash, resolve });
      this.dispatch();
    });
  }

  /** Stops the worker; waiting comparisons answer 'busy'. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.resolve('busy');
    this.running?.resolve('busy');
    this.running = null;
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private dispatch(): void {
    if (this.running || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    this.running = { ...next, id: this.nextId++ };
    this.ensureWorker().postMessage({ id: this.running.id, pass: next.pass, hash: next.hash });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptPath } });
    w.on('message', (m: { id: number; ok: boolean }) => {
      const r = this.running;
      if (!r || r.id !== m.id) return;
      this.running = null;
      r.resolve(m.ok ? 'match' : 'mismatch');
      this.dispatch();
    });
    // A worker that dies fails its comparison closed; the next one starts a fresh worker.
    const lost = () => {
      if (this.worker !== w) return;
      this.worker = null;
      const r = this.running;
      this.running = null;
      r?.resolve('mismatch');
      if (!this.closed) this.dispatch();
    };
    w.on('error', lost);
    w.on('exit', lost);
    // Waiting comparisons hold the process open through their promises, not through the worker.
    w.unref();
    this.worker = w;
    return w;
  }
}
