/**
 * Payloads of /api/v1/status/*.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#status
 */

export interface BuildInfo {
  version: string;
  revision: string;
  branch: string;
  buildUser: string;
  buildDate: string;
  goVersion: string;
}

/** /api/v1/status/runtimeinfo. Go-runtime fields keep their names; Hearth reports what applies. */
export interface RuntimeInfo {
  startTime: string;
  CWD: string;
  hostname: string;
  serverTime: string;
  reloadConfigSuccess: boolean;
  lastConfigTime: string;
  corruptionCount: number;
  goroutineCount: number;
  GOMAXPROCS: number;
  GOMEMLIMIT: number;
  GOGC: string;
  GODEBUG: string;
  storageRetention: string;
}

/** /api/v1/status/walreplay: segments of the write-ahead log replayed at start-up. */
export interface WalReplayStatus {
  min: number;
  max: number;
  current: number;
}

export interface TSDBStat {
  name: string;
  value: number;
}

/** /api/v1/status/tsdb. */
export interface TSDBStatus {
  headStats: { numSeries: number; numLabelPairs: number; chunkCount: number; minTime: number; maxTime: number };
  seriesCountByMetricName: TSDBStat[];
  labelValueCountByLabelName: TSDBStat[];
  memoryInBytesByLabelName: TSDBStat[];
  seriesCountByLabelValuePair: TSDBStat[];
}

/** /api/v1/features: category → feature → enabled. */
export type Features = Record<string, Record<string, boolean>>;
