/**
 * Runs one job of any kind on a store: the single dispatch shared by the worker threads and
 * the inline executor, so that both answer alike.
 */

import type { Engine } from '../promql/engine.js';
import type { Queryable } from '../storage/interface.js';
import { evaluateJson, evaluateValue, type ChunkEmitter } from './evaluate.js';
import { federate } from './federate.js';
import { readMetadata } from './metadata.js';
import { syntaxJson } from './syntax.js';
import type { Job, JobLimits, JobReply, QueryRequest } from './request.js';

export function runJob(engine: Engine, store: Queryable, job: Job, signal: { readonly aborted: boolean }, limits: JobLimits, emit?: ChunkEmitter): JobReply {
  switch (job.op) {
    case 'json':
      return evaluateJson(engine, store, withTimeout(job.req, limits), signal, limits, emit);
    case 'value':
      return evaluateValue(engine, store, withTimeout(job.req, limits), signal);
    case 'metadata':
      return readMetadata(store, job.req, signal, limits);
    case 'federate':
      return federate(store, job.req, signal, limits);
    case 'syntax':
      return syntaxJson(job.req, limits);
  }
}

/**
 * The request's timeout, capped by the service's: the engine keeps its own between steps, but
 * matching inside a storage call sees only the request's, so it carries the shorter of the two.
 */
function withTimeout(req: QueryRequest, limits: JobLimits): QueryRequest {
  const max = limits.timeoutMs;
  if (max <= 0 || (req.timeoutMs !== undefined && req.timeoutMs > 0 && req.timeoutMs <= max)) return req;
  return { ...req, timeoutMs: max };
}
