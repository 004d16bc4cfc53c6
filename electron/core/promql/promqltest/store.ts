/**
 * The stores the promqltest runner loads test data into. The runner knows only this
 * interface, so the same files run against the in-memory store and against the TSDB (whose
 * adapter lives with the wiring, in cli/promqltest.ts: promql/ never imports tsdb/).
 */

import { MemoryStorage } from '../../storage/memory.js';
import type { Appender, Queryable } from '../../storage/interface.js';

/**
 * One store, empty when made. Loads write through appender(); before the evals that follow
 * them the runner asks for queryable(), which may first settle what was loaded (the TSDB
 * cuts it into blocks), so one store can take loads and evals in turn.
 */
export interface TestStore {
  appender(): Appender;
  queryable(): Queryable;
  /** Frees what the store holds (files included). Idempotent. */
  close(): void;
}

/** A named way to make stores: one per file, and a fresh one after every `clear`. */
export interface TestStoreFactory {
  /** Printed before the counts, e.g. "memory". */
  readonly name: string;
  create(): TestStore;
}

export const memoryTestStore: TestStoreFactory = {
  name: 'memory',
  create(): TestStore {
    const mem = new MemoryStorage();
    return {
      appender: () => mem.appender(),
      queryable: () => mem,
      close: () => mem.close(),
    };
  },
};
