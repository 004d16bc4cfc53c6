/**
 * Query results, as the engine hands them to the API, the rule manager and the test runner.
 * Columnar where it matters: a matrix series keeps its points in typed arrays.
 */

import type { Labels } from '../model/labels.js';

export interface VectorSample {
  readonly labels: Labels;
  /** Evaluation time, ms. */
  readonly t: number;
  readonly v: number;
}

export interface MatrixSeries {
  readonly labels: Labels;
  /** Point times, ms, ascending; only the first `length` entries are valid. */
  readonly t: Float64Array;
  readonly v: Float64Array;
  readonly length: number;
}

export type Value =
  | { readonly type: 'vector'; readonly samples: readonly VectorSample[] }
  | { readonly type: 'matrix'; readonly series: readonly MatrixSeries[] }
  | { readonly type: 'scalar'; readonly t: number; readonly v: number }
  | { readonly type: 'string'; readonly t: number; readonly v: string };

export type ValueType = Value['type'];

/** Warnings and infos travel beside results, never as errors (Prometheus's annotations). */
export interface Annotations {
  readonly warnings: string[];
  readonly infos: string[];
}

export interface QueryStats {
  /** Samples read from storage for this query. */
  samplesLoaded: number;
  /** Wall time of the evaluation, ms. */
  evalMs: number;
}

export interface QueryResult {
  readonly value: Value;
  readonly annotations: Annotations;
  readonly stats: QueryStats;
}

/** Kinds map one to one onto the HTTP API's errorType. */
export type QueryErrorKind = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'unavailable';

export class QueryError extends Error {
  constructor(
    readonly kind: QueryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
