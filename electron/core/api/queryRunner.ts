/**
 * Runs API queries. The API never calls the engine directly: a QueryRunner decides where the
 * evaluation happens. `InlineQueryRunner` evaluates on the calling thread (tests, in-memory
 * stores); `QueryPool` (queryPool.ts) evaluates in worker threads with their own read-only
 * view of the TSDB, so a heavy query never holds the event loop that scrapes and commits.
 * Either way the result comes back as the API's JSON, serialised where it was computed.
 */

import { Engine, type EngineOptions } from '../promql/engine.js';
import { QueryError, type Annotations, type QueryErrorKind, type QueryResult, type Value } from '../promql/value.js';
import type { Queryable } from '../storage/interface.js';
import { valueJson } from './v1/queryJson.js';

interface QueryCommon {
  readonly query: string;
  readonly lookbackDeltaMs?: number;
  /** The request's `timeout`, ms; the engine's own timeout still caps it. */
  readonly timeoutMs?: number;
  /** At most this many series in the result (0 or absent: all), with Prometheus's warning when cut. */
  readonly limit?: number;
  /** Add Prometheus's `stats` object to the result. */
  readonly stats?: boolean;
  /** When the API received the request, ms: queue time counts in the stats. */
  readonly receivedAtMs?: number;
}

export type QueryRequest =
  | (QueryCommon & { readonly kind: 'instant'; readonly timeMs: number })
  | (QueryCommon & { readonly kind: 'range'; readonly startMs: number; readonly endMs: number; readonly stepMs: number });

export type QueryReply =
  | { readonly ok: true; readonly json: string; readonly annotations: Annotations; readonly evalMs: number }
  | { readonly ok: false; readonly kind: QueryErrorKind; readonly message: string };

export interface QueryRunner {
  /** Evaluates; `signal.aborted` turning true cancels the evaluation (the client went away). */
  run(req: QueryRequest, signal: { readonly aborted: boolean }): Promise<QueryReply>;
  /** Queries evaluating or waiting now. */
  inFlight(): number;
  close(): Promise<void>;
}

/** Evaluates one request with an engine on a store; shared by the inline runner and the workers. */
export function evaluate(engine: Engine, store: Queryable, req: QueryRequest, signal: { readonly aborted: boolean }): QueryReply {
  const started = Date.now();
  const deadline = req.timeoutMs !== undefined && req.timeoutMs > 0 ? started + req.timeoutMs : Infinity;
  // The request's own timeout rides on the cancellation flag the evaluator already polls.
  const sig = deadline === Infinity ? signal : { get aborted() { return signal.aborted || Date.now() > deadline; } };
  try {
    const opts = { signal: sig, ...(req.lookbackDeltaMs !== undefined ? { lookbackDeltaMs: req.lookbackDeltaMs } : {}) };
    const res =
      req.kind === 'instant'
        ? engine.instantQuery(store, req.query, req.timeMs, opts)
        : engine.rangeQuery(store, req.query, req.startMs, req.endMs, req.stepMs, opts);
    const value = truncated(res.value, req.limit ?? 0);
    const annotations = value === res.value ? res.annotations : { warnings: [...res.annotations.warnings, 'results truncated due to limit'], infos: res.annotations.infos };
    let json = valueJson(value);
    const evalMs = Date.now() - started;
    if (req.stats) json = json.slice(0, -1) + `,"stats":${statsJson(res, req, started, evalMs)}}`;
    return { ok: true, json, annotations, evalMs };
  } catch (e) {
    if (e instanceof QueryError) {
      if (e.kind === 'canceled' && !signal.aborted && Date.now() > deadline) {
        return { ok: false, kind: 'timeout', message: 'query timed out in expression evaluation' };
      }
      return { ok: false, kind: e.kind, message: e.message };
    }
    return { ok: false, kind: 'internal', message: e instanceof Error ? e.message : String(e) };
  }
}

function truncated(v: Value, limit: number): Value {
  if (limit <= 0) return v;
  if (v.type === 'vector' && v.samples.length > limit) return { type: 'vector', samples: v.samples.slice(0, limit) };
  if (v.type === 'matrix' && v.series.length > limit) return { type: 'matrix', series: v.series.slice(0, limit) };
  return v;
}

/** Prometheus's stats object (stats.QueryStats), from what the engine measures. */
function statsJson(res: QueryResult, req: QueryRequest, started: number, evalMs: number): string {
  const queueS = req.receivedAtMs !== undefined ? Math.max(0, started - req.receivedAtMs) / 1000 : 0;
  const evalS = res.stats.evalMs / 1000;
  return JSON.stringify({
    timings: {
      evalTotalTime: evalS,
      resultSortTime: 0,
      queryPreparationTime: 0,
      innerEvalTime: evalS,
      execQueueTime: queueS,
      execTotalTime: queueS + evalMs / 1000,
    },
    samples: { totalQueryableSamples: res.stats.samplesLoaded, peakSamples: 0 },
  });
}

export class InlineQueryRunner implements QueryRunner {
  private readonly engine: Engine;
  private running = 0;

  constructor(
    private readonly store: Queryable,
    engine: Engine | EngineOptions = {},
  ) {
    this.engine = engine instanceof Engine ? engine : new Engine(engine);
  }

  async run(req: QueryRequest, signal: { readonly aborted: boolean }): Promise<QueryReply> {
    this.running++;
    try {
      return evaluate(this.engine, this.store, req, signal);
    } finally {
      this.running--;
    }
  }

  inFlight(): number {
    return this.running;
  }

  async close(): Promise<void> {}
}
