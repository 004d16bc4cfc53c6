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
import { minValueJsonLength, valueJson } from './json.js';
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

/**
 * The API's `data` JSON (with `stats` when asked for), refused with an execution error once it
 * passes the response limit: the text is counted while it is built, not after.
 */
export function evaluateJson(engine: Engine, store: Queryable, req: QueryRequest, signal: Signal, limits: JobLimits): QueryReply {
  const r = run(engine, store, req, signal);
  if ('ok' in r) return r;
  let json: string;
  try {
    const budget = () => new Budget('query result', signal, limits, 'narrow the query, raise step or set limit');
    budget().add(minValueJsonLength(r.value));
    json = valueJson(r.value, budget());
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, kind: e.kind, message: e.message };
    throw e;
  }
  const evalMs = Date.now() - r.started;
  if (req.stats) json = json.slice(0, -1) + `,"stats":${statsJson(r.res, req, r.started, evalMs)}}`;
  return { ok: true, data: utf8.encode(json), annotations: r.annotations, evalMs };
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
