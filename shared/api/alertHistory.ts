/**
 * Payloads of Hearth's own endpoints beside the Prometheus API: the alert history
 * (GET /api/hearth/v1/alerts/history) and rule backtests (POST /api/hearth/v1/rules/backtest).
 */

/** One change of one alert's state. Times are RFC 3339 with milliseconds, as the Prometheus API writes them. */
export interface AlertHistoryEntry {
  time: string;
  /** `${file};${group}`. */
  group: string;
  rule: string;
  labels: Record<string, string>;
  from: 'inactive' | 'pending' | 'firing';
  to: 'inactive' | 'pending' | 'firing';
  value: string;
}

export interface AlertHistoryData {
  entries: AlertHistoryEntry[];
  /** Present when more entries match: pass it back as `next_token`. */
  nextToken?: string;
}

/** One alert's life in a backtest: when it went pending, fired and resolved. */
export interface BacktestAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  activeAt: string;
  firedAt?: string;
  resolvedAt?: string;
  /** The value at the last evaluation it was active. */
  value: string;
}

export interface BacktestData {
  rule: string;
  /** The group interval the rule was evaluated at, seconds. */
  interval: number;
  evaluations: number;
  alerts: BacktestAlert[];
  /** Evaluation errors, at most a few, with their times. */
  errors: Array<{ time: string; error: string }>;
}

/** POST /api/hearth/v1/rules/backtest's JSON body. */
export interface BacktestRequest {
  /** One alerting rule as YAML, as it would sit in a rule file's `rules:` list (alert, expr, for, keep_firing_for, labels, annotations). */
  rule: string;
  /** RFC 3339 or Unix seconds, as the query API takes them. */
  start: string;
  end: string;
  /** A Prometheus duration; default: the global evaluation_interval. */
  interval?: string;
}
