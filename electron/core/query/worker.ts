/**
 * A query worker thread: its own engine and its own read-only view of the TSDB (a SQLite
 * connection plus the head's shared memory), one job at a time. The main thread cancels a
 * job by setting this worker's flag in shared memory, which the engine and the metadata
 * reads poll. Packed values go back as transfers, not copies.
 */

import { readlinkSync } from 'node:fs';
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, type EngineOptions } from '../promql/engine.js';
import { QueryError } from '../promql/value.js';
import { TSDBReader, type ReaderHandle } from '../tsdb/index.js';
import type { ChunkEmitter } from './evaluate.js';
import { runJob } from './jobs.js';
import { transferables } from './packed.js';
import type { Job, JobLimits, JobReply } from './request.js';

export interface QueryWorkerData {
  readonly handle: ReaderHandle;
  readonly engine: EngineOptions;
  readonly limits: JobLimits;
  /** Int32 flag: 1 while the current job should be cancelled. */
  readonly cancel: SharedArrayBuffer;
  /** Int32: chunks of a streamed answer posted and not yet taken by the consumer. */
  readonly flow: SharedArrayBuffer;
}

export interface QueryWorkerMessage {
  readonly id: number;
  readonly job: Job;
  /** The caller takes a `json` answer in chunks. */
  readonly stream: boolean;
}

export type QueryWorkerReply = { readonly id: number; readonly reply: JobReply } | { readonly id: number; readonly chunk: Uint8Array };

/** Chunks a worker may have posted ahead of the consumer before it waits. */
const CHUNKS_AHEAD = 2;

/**
 * On Linux a thread has its own nice value: a worker below normal priority yields the CPU to
 * the event loop that scrapes and commits when cores are scarce. Elsewhere (no /proc) the
 * worker keeps the process's priority.
 */
function yieldToEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (tid > 0) setPriority(tid, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    /* not Linux, or not allowed: keep the priority */
  }
}

yieldToEventLoop();
const data = workerData as QueryWorkerData;
const cancel = new Int32Array(data.cancel);
const signal = {
  get aborted(): boolean {
    return Atomics.load(cancel, 0) === 1;
  },
};
const engine = new Engine(data.engine);
const reader = TSDBReader.open(data.handle);

const flow = new Int32Array(data.flow);

/** Posts a chunk, then waits (this thread only) while the consumer is CHUNKS_AHEAD behind. */
function emitter(id: number): ChunkEmitter {
  return (chunk) => {
    const out: QueryWorkerReply = { id, chunk };
    parentPort!.postMessage(out, [chunk.buffer as ArrayBuffer]);
    Atomics.add(flow, 0, 1);
    for (;;) {
      const n = Atomics.load(flow, 0);
      if (n < CHUNKS_AHEAD) return;
      if (signal.aborted) throw new QueryError('canceled', 'query was canceled while its result was sent');
      Atomics.wait(flow, 0, n, 100);
    }
  };
}

parentPort!.on('message', (msg: QueryWorkerMessage) => {
  const reply = runJob(engine, reader, msg.job, signal, data.limits, msg.stream ? emitter(msg.id) : undefined);
  const out: QueryWorkerReply = { id: msg.id, reply };
  parentPort!.postMessage(out, transfer(reply));
});
parentPort!.once('close', () => reader.close());

/** The buffers a reply hands over instead of copying. */
function transfer(reply: JobReply): ArrayBuffer[] {
  if (!reply.ok) return [];
  if ('value' in reply) return transferables(reply.value);
  if ('data' in reply) return [reply.data.buffer as ArrayBuffer];
  if ('body' in reply) return [reply.body.buffer as ArrayBuffer];
  return [];
}
