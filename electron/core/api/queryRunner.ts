/**
 * Runs API queries. The API never calls the engine directly: a QueryRunner decides where the
 * evaluation happens. `InlineQueryRunner` evaluates on the calling thread (tests, in-memory
 * stores); `QueryPool` (queryPool.ts) evaluates in worker threads with their own read-only
 * view of the TSDB, so a heavy query never holds the event loop that scrapes and commits.
 * Either way the result comes back as the API's JSON, serialised where it was computed.
 */

import { Engine, type EngineOptions } from '../promql/engine.js';
import { QueryError, type Annotations, type QueryErrorKind } from '../promql/value.js';
import type { Queryable } from '../storage/interface.js';
import { valueJson } from './v1/queryJson.js';

export type QueryRequest =
  | { readonly kind: 'instant'; readonly query: string; readonly timeMs: number; readonly lookbackDeltaMs?: number }
  | {
      readonly kind: 'range';
      readonly query: string;
      readonly startMs: number;
      readonly endMs: number;
      readonly stepMs: number;
      readonly lookbackDeltaMs?: number;
    };

export type QueryReply =
  | { readonly ok: true; readonly json: string; readonly annotations: Annotations }
  | { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

export interface QueryRunner {
  /** Evaluates; `signal.aborted` turning true cancels the evaluation (the client went away). */
  run(req: QueryRequest, signal: { readonly aborted: boolean }): Promise<QueryReply>;
  close(): Promise<void>;
}

/** Evaluates one request with an engine on a store; shared by the inline runner and the workers. */
export function evaluate(engine: Engine, store: Queryable, req: QueryRequest, signal: { readonly aborted: boolean }): QueryReply {
  try {
    const opts = { signal, ...(req.lookbackDeltaMs !== undefined ? { lookbackDeltaMs: req.lookbackDeltaMs } : {}) };
    const res =
      req.kind === 'instant'
        ? engine.instantQuery(store, req.query, req.timeMs, opts)
        : engine.rangeQuery(store, req.query, req.startMs, req.endMs, req.stepMs, opts);
    return { ok: true, json: valueJson(res.value), annotations: res.annotations };
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, kind: e.kind, message: e.message };
    return { ok: false, kind: 'internal', message: e instanceof Error ? e.message : String(e) };
  }
}

export class InlineQueryRunner implements QueryRunner {
  private readonly engine: Engine;

  constructor(
    private readonly store: Queryable,
    engine: Engine | EngineOptions = {},
  ) {
    this.engine = engine instanceof Engine ? engine : new Engine(engine);
  }

  async run(req: QueryRequest, signal: { readonly aborted: boolean }): Promise<QueryReply> {
    return evaluate(this.engine, this.store, req, signal);
  }

  async close(): Promise<void> {}
}
