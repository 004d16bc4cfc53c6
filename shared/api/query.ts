/**
 * Payloads of /api/v1/query and /api/v1/query_range.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#expression-query-result-formats
 */

/** [unix seconds, value as string] */
export type SamplePair = [number, string];

export type Metric = Record<string, string>;

export interface InstantSample {
  metric: Metric;
  value: SamplePair;
}

export interface RangeSeries {
  metric: Metric;
  values: SamplePair[];
}

export type QueryData =
  | { resultType: 'vector'; result: InstantSample[] }
  | { resultType: 'matrix'; result: RangeSeries[] }
  | { resultType: 'scalar'; result: SamplePair }
  | { resultType: 'string'; result: SamplePair };

export type ResultType = QueryData['resultType'];

/**
 * Query statistics, returned inside `data` when the request has `stats=all`.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#instant-queries (stats parameter)
 */
export interface QueryStats {
  timings: {
    evalTotalTime: number;
    resultSortTime: number;
    queryPreparationTime: number;
    innerEvalTime: number;
    execQueueTime: number;
    execTotalTime: number;
  };
  samples: {
    totalQueryableSamples: number;
    peakSamples: number;
  };
}

/** `data` of a query response, with statistics when they were asked for. */
export type QueryDataWithStats = QueryData & { stats?: QueryStats };
