/**
 * Runs one job of any kind on a store: the single dispatch shared by the worker threads and
 * the inline executor, so that both answer alike.
 */

import type { Engine } from '../promql/engine.js';
import type { Queryable } from '../storage/interface.js';
import { evaluateJson, evaluateValue } from './evaluate.js';
import { federate } from './federate.js';
import { readMetadata } from './metadata.js';
import { syntaxJson } from './syntax.js';
import type { Job, JobLimits, JobReply } from './request.js';

export function runJob(engine: Engine, store: Queryable, job: Job, signal: { readonly aborted: boolean }, limits: JobLimits): JobReply {
  switch (job.op) {
    case 'json':
      return evaluateJson(engine, store, job.req, signal, limits);
    case 'value':
      return evaluateValue(engine, store, job.req, signal);
    case 'metadata':
      return readMetadata(store, job.req, signal, limits);
    case 'federate':
      return federate(store, job.req, signal, limits);
    case 'syntax':
      return syntaxJson(job.req, limits);
  }
}
