/**
 * The JSON envelope of every Prometheus HTTP API response.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#format-overview
 */

export type ErrorType =
  | 'bad_data'
  | 'execution'
  | 'timeout'
  | 'canceled'
  | 'internal'
  | 'unavailable'
  | 'not_found'
  | 'not_acceptable';

export interface SuccessResponse<T> {
  status: 'success';
  data: T;
  warnings?: string[];
  infos?: string[];
}

export interface ErrorResponse {
  status: 'error';
  errorType: ErrorType;
  error: string;
  data?: unknown;
  warnings?: string[];
  infos?: string[];
}

export type ApiResponse<T> = SuccessResponse<T> | ErrorResponse;

/** HTTP status codes Prometheus answers with for each errorType. */
export const ERROR_STATUS: Record<ErrorType, number> = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  internal: 500,
  unavailable: 503,
  not_found: 404,
  not_acceptable: 406,
};
