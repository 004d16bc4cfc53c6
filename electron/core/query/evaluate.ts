/**
 * Evaluates one PromQL request with an engine on a store, wherever the caller runs (a worker
 * thread or the calling thread), and shapes the result: the API's JSON, serialised where it
 * was computed, or the engine's values packed for transfer to in-core callers.
 */

import { withInterrupt } from '../model/interrupt.js';
import type { Engine } from '../promql/engine.js';
import { QueryError, type Annotations, type QueryResult, type Value } from '../promql/value.js';
import type { Queryable } from '../storage/interface.js';
import { Budget } from './budget.js';
import { estimateValueJsonLength, minValueJsonLength, writeValueJson } from './json.js';
import { pack } from './packed.js';
import type { Failure, JobLimits, QueryReply, QueryRequest, ValueReply } from './request.js';

type Signal = { readonly aborted: boolean };

const utf8 = new TextEncoder();

interface Evaluated {
  readonly res: QueryResult;
  readonly value: Value;
  readonly annotations: Annotations;
  readonly started: number;
}

/** Runs the engine with the request's own timeout riding on the cancellation flag it polls. */
function run(engine: Engine, store: Queryable, req: QueryRequest, signal: Signal): Evaluated | Failure {
  const started = Date.now();
  const deadline = req.timeoutMs !== undefined && req.timeoutMs > 0 ? started + req.timeoutMs : Infinity;
  const sig = deadline === Infinity ? signal : { get aborted() { return signal.aborted || Date.now() > deadline; } };
  try {
    const opts = { signal: sig, ...(req.lookbackDeltaMs !== undefined ? { lookbackDeltaMs: req.lookbackDeltaMs } : {}) };
    // Selectors match inside one storage call: the deadline is kept there too, not only between steps.
    const interrupt = () => {
      if (sig.aborted) throw new QueryError('canceled', 'query was canceled in query execution');
    };
    const res = withInterrupt(interrupt, () =>
      req.kind === 'instant'
        ? engine.instantQuery(store, req.query, req.timeMs, opts)
        : engine.rangeQuery(store, req.query, req.startMs, req.endMs, req.stepMs, opts),
    );
    const value = truncated(res.value, req.limit ?? 0);
    const annotations = value === res.value ? res.annotations : { warnings: [...res.annotations.warnings, 'results truncated due to limit'], infos: res.annotations.infos };
    return { res, value, annotations, started };
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

/** Streamed JSON goes out in chunks of about this many characters. */
export const STREAM_CHUNK_CHARS = 1 << 20;

/**
 * Takes a streamed chunk of the answer; returns once the consumer wants more, throwing a
 * QueryError when the job should stop (the client left, the deadline passed).
 */
export type ChunkEmitter = (chunk: Uint8Array) => void;

/**
 * The API's `data` JSON (with `stats` when asked for), refused with an execution error once it
 * passes the response limit: the text is counted while it is built, not after. With `emit`, a
 * large answer leaves in chunks as it is written and the reply holds only its last part
 * (`streamed`): neither thread ever holds the whole text.
 */
export function evaluateJson(engine: Engine, store: Queryable, req: QueryRequest, signal: Signal, limits: JobLimits, emit?: ChunkEmitter): QueryReply {
  const r = run(engine, store, req, signal);
  if ('ok' in r) return r;
  const out = new ChunkedText(emit);
  try {
    const budget = () => new Budget('query result', signal, limits, 'narrow the query, raise step or set limit');
    // A streamed answer cannot turn into an error once its head is out: judge it up front.
    budget().add(emit ? estimateValueJsonLength(r.value) : minValueJsonLength(r.value));
    writeValueJson(r.value, budget(), out);
    // The value's closing brace waits for the stats, which belong inside `data`.
    out.unwrite('}');
    const evalMs = Date.now() - r.started;
    out.write(req.stats ? `,"stats":${statsJson(r.res, req, r.started, evalMs)}}` : '}');
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, kind: e.kind, message: e.message };
    throw e;
  }
  const evalMs = Date.now() - r.started;
  return { ok: true, data: out.rest(), annotations: r.annotations, evalMs, ...(out.streamed ? { streamed: true } : {}) };
}

/** Collects text, handing it to `emit` as UTF-8 whenever a chunk's worth has gathered. */
class ChunkedText {
  private parts: string[] = [];
  private chars = 0;
  streamed = false;

  constructor(private readonly emit: ChunkEmitter | undefined) {}

  write(s: string): void {
    this.parts.push(s);
    this.chars += s.length;
    if (this.emit && this.chars >= STREAM_CHUNK_CHARS) {
      const last = this.parts.pop()!;
      // Keep the newest piece back so that the closing brace can still be taken off it.
      if (this.parts.length > 0) {
        this.streamed = true;
        this.emit(utf8.encode(this.parts.join('')));
      }
      this.parts = [last];
      this.chars = last.length;
    }
  }

  /** Takes `suffix` off the end of what is held (it was the last thing written). */
  unwrite(suffix: string): void {
    const last = this.parts.pop()!;
    if (!last.endsWith(suffix)) throw new Error(`internal: expected the JSON to end with ${suffix}`);
    this.parts.push(last.slice(0, -suffix.length));
    this.chars -= suffix.length;
  }

  rest(): Uint8Array {
    return utf8.encode(this.parts.join(''));
  }
}

/** The engine's values, packed into typed arrays (see packed.ts). */
export function evaluateValue(engine: Engine, store: Queryable, req: QueryRequest, signal: Signal): ValueReply {
  const r = run(engine, store, req, signal);
  if ('ok' in r) return r;
  return { ok: true, value: pack(r.value), annotations: r.annotations, stats: r.res.stats };
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
