/**
 * The HTTP API's own metrics for Hearth's /metrics, under Prometheus's names where Prometheus
 * has the same metric (prometheus_http_*, prometheus_api_remote_write_*, prometheus_web_federation_*),
 * hearth_… otherwise. Each is registered once per registry.
 */

import { Registry, exponentialBuckets, type Counter, type Histogram } from '../collector/index.js';

/** Prometheus's buckets for prometheus_http_request_duration_seconds. */
const REQUEST_BUCKETS = [0.1, 0.2, 0.4, 1, 3, 8, 20, 60, 120];
const QUERY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export class ApiMetrics {
  readonly requests: Counter;
  readonly requestDuration: Histogram;
  readonly responseSize: Histogram;
  /** Time from receiving a query request until its result is ready (queue and evaluation), by kind. */
  readonly queryDuration: Histogram;
  readonly remoteWriteSamples: Counter;
  readonly remoteWriteInvalidLabels: Counter;
  readonly federationErrors: Counter;
  readonly federationWarnings: Counter;
  readonly authFailures: Counter;

  constructor(registry: Registry = new Registry()) {
    this.requests = registry.counter('prometheus_http_requests_total', 'Counter of HTTP requests.', ['handler', 'code']);
    this.requestDuration = registry.histogram('prometheus_http_request_duration_seconds', 'Histogram of latencies for HTTP requests.', REQUEST_BUCKETS, ['handler']);
    this.responseSize = registry.histogram('prometheus_http_response_size_bytes', 'Histogram of response size for HTTP requests.', exponentialBuckets(100, 10, 8), ['handler']);
    this.queryDuration = registry.histogram('hearth_api_query_duration_seconds', 'Time from receiving an API query until its result is ready, waiting for a worker included.', QUERY_BUCKETS, ['kind']);
    this.remoteWriteSamples = registry.counter('hearth_remote_write_samples_appended_total', 'Samples received by the remote-write receiver and committed to storage.');
    this.remoteWriteInvalidLabels = registry.counter(
      'prometheus_api_remote_write_invalid_labels_samples_total',
      'The total number of received remote write samples and histogram samples which were rejected due to invalid labels.',
    );
    this.federationErrors = registry.counter('prometheus_web_federation_errors_total', 'Total number of errors that occurred while sending federation responses.');
    this.federationWarnings = registry.counter('prometheus_web_federation_warnings_total', 'Total number of warnings that occurred while sending federation responses.');
    this.authFailures = registry.counter('hearth_http_refused_requests_total', 'HTTP requests refused before reaching a handler, by reason.', ['reason']);
  }

  /** Records one answered request under its route (the `handler` label, as Prometheus names it). */
  observe(handler: string, code: number, seconds: number, bytes: number): void {
    this.requests.labels(handler, String(code)).inc();
    this.requestDuration.labels(handler).observe(seconds);
    this.responseSize.labels(handler).observe(bytes);
  }
}
