/**
 * A query worker thread: its own engine and its own read-only view of the TSDB (a SQLite
 * connection plus the head's shared memory), one query at a time. The main thread cancels a
 * query by setting this worker's flag in shared memory, which the engine polls.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { Engine, type EngineOptions } from '../promql/engine.js';
import { TSDBReader, type ReaderHandle } from '../tsdb/index.js';
import { evaluate, type QueryRequest } from './queryRunner.js';

export interface QueryWorkerData {
  readonly handle: ReaderHandle;
  readonly engine: EngineOptions;
  /** Int32 flag: 1 while the current query should be cancelled. */
  readonly cancel: SharedArrayBuffer;
}

export interface QueryWorkerMessage {
  readonly id: number;
  readonly req: QueryRequest;
}

const data = workerData as QueryWorkerData;
const cancel = new Int32Array(data.cancel);
const signal = {
  get aborted(): boolean {
    return Atomics.load(cancel, 0) === 1;
  },
};
const engine = new Engine(data.engine);
const reader = TSDBReader.open(data.handle);

parentPort!.on('message', (msg: QueryWorkerMessage) => {
  const reply = evaluate(engine, reader, msg.req, signal);
  parentPort!.postMessage({ id: msg.id, reply });
});
parentPort!.once('close', () => reader.close());
