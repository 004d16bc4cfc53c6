/**
 * The query service: the one way into PromQL evaluation and metadata reads for the rest of the
 * core. In-core callers (rules, dashboards, the remote-write sender) get the engine's values;
 * the HTTP API gets its JSON, serialised where it was computed. Both go through one executor,
 * so the same deadlines, sample limit, cancellation and concurrency limit hold for both.
 *
 * In the server the executor is a pool of worker threads with their own read-only view of
 * the TSDB (`QueryService.inWorkers`), so that no read holds the event loop that scrapes and
 * commits; tests and in-memory stores evaluate on the calling thread (`QueryService.inline`).
 */

import type { Logger } from '../log.js';
import type { EngineOptions } from '../promql/engine.js';
import { QueryError, type Annotations, type QueryStats, type Value } from '../promql/value.js';
import type { Queryable } from '../storage/interface.js';
import type { ReaderHandle } from '../tsdb/index.js';
import { InlineExecutor } from './inline.js';
import { unpack } from './packed.js';
import { QueryPool } from './pool.js';
import type {
  ChunkSink,
  Executor,
  FederateReply,
  FederateRequest,
  JobLimits,
  MetadataReply,
  MetadataRequest,
  QueryReply,
  QueryRequest,
  SyntaxReply,
  SyntaxRequest,
} from './request.js';

/** Aborted when the caller no longer wants the answer. */
export type CancelSignal = { readonly aborted: boolean };

/** A typed result: the engine's value with its annotations (warnings and infos) and stats. */
export interface QueryValue {
  readonly value: Value;
  readonly annotations: Annotations;
  readonly stats: QueryStats;
}

export interface QueryValueOptions {
  readonly lookbackDeltaMs?: number;
  /** Shorter than the service's timeout, ms. */
  readonly timeoutMs?: number;
  /** At most this many series (0: all), with Prometheus's warning when cut. */
  readonly limit?: number;
  readonly signal?: CancelSignal;
}

export interface WorkerServiceOptions {
  readonly handle: ReaderHandle;
  /** The engine's options; its timeoutMs also bounds metadata reads. */
  readonly engine: EngineOptions;
  readonly workers: number;
  /** Jobs running or waiting at once (Prometheus's --query.max-concurrency); more are refused. */
  readonly maxConcurrency: number;
  /** Largest query, metadata or federation response, characters of text; default 64 MiB (--query.max-response-bytes). */
  readonly maxResponseBytes?: number;
  readonly logger: Logger;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const NOT_CANCELED: CancelSignal = { aborted: false };

export class QueryService {
  constructor(private readonly executor: Executor) {}

  /** Evaluates in worker threads over the TSDB the handle points at. */
  static inWorkers(opts: WorkerServiceOptions): QueryService {
    return new QueryService(new QueryPool({ ...opts, limits: jobLimits(opts.engine, opts.maxResponseBytes) }));
  }

  /** Evaluates on the calling thread (tests, in-memory stores). */
  static inline(store: Queryable, engine: EngineOptions = {}, maxResponseBytes?: number): QueryService {
    return new QueryService(new InlineExecutor(store, engine, jobLimits(engine, maxResponseBytes)));
  }

  /** An instant query's value; rejects with a QueryError whose kind maps to the API's errorType. */
  instant(query: string, timeMs: number, opts: QueryValueOptions = {}): Promise<QueryValue> {
    return this.value({ kind: 'instant', query, timeMs, ...common(opts) }, opts.signal);
  }

  /** A range query's matrix (or the scalar/vector shaped as a matrix, as the engine returns it). */
  range(query: string, startMs: number, endMs: number, stepMs: number, opts: QueryValueOptions = {}): Promise<QueryValue> {
    return this.value({ kind: 'range', query, startMs, endMs, stepMs, ...common(opts) }, opts.signal);
  }

  private async value(req: QueryRequest, signal: CancelSignal = NOT_CANCELED): Promise<QueryValue> {
    const r = await this.executor.execute({ op: 'value', req }, signal);
    if (!r.ok) throw new QueryError(r.kind, r.message);
    return { value: unpack(r.value), annotations: r.annotations, stats: r.stats };
  }

  /**
   * The API's `data` JSON for a query; failures come back as values, not rejections. With a
   * sink, a large answer may arrive in chunks first (the reply then says `streamed`).
   */
  queryJson(req: QueryRequest, signal: CancelSignal = NOT_CANCELED, sink?: ChunkSink): Promise<QueryReply> {
    return this.executor.execute({ op: 'json', req }, signal, sink);
  }

  /** The API's `data` JSON for labels, label values or series. */
  metadataJson(req: MetadataRequest, signal: CancelSignal = NOT_CANCELED): Promise<MetadataReply> {
    return this.executor.execute({ op: 'metadata', req }, signal);
  }

  /** /federate's body in the text format. */
  federateText(req: FederateRequest, signal: CancelSignal = NOT_CANCELED): Promise<FederateReply> {
    return this.executor.execute({ op: 'federate', req }, signal);
  }

  /** format_query's or parse_query's `data` JSON. */
  syntaxJson(req: SyntaxRequest, signal: CancelSignal = NOT_CANCELED): Promise<SyntaxReply> {
    return this.executor.execute({ op: 'syntax', req }, signal);
  }

  /** Jobs evaluating or waiting now. */
  inFlight(): number {
    return this.executor.inFlight();
  }

  close(): Promise<void> {
    return this.executor.close();
  }
}

function jobLimits(engine: EngineOptions, maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES): JobLimits {
  return { timeoutMs: engine.timeoutMs ?? 120_000, maxResponseBytes };
}

function common(o: QueryValueOptions): Omit<QueryRequest, 'kind' | 'query' | 'timeMs' | 'startMs' | 'endMs' | 'stepMs'> {
  return {
    ...(o.lookbackDeltaMs !== undefined ? { lookbackDeltaMs: o.lookbackDeltaMs } : {}),
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.limit !== undefined ? { limit: o.limit } : {}),
  };
}
