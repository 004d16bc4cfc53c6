/** Hearth's own version, and the Prometheus version whose API and PromQL semantics it follows. */

export const HEARTH_VERSION = '0.1.0';

/**
 * What /api/v1/status/buildinfo reports as `version`. Clients such as Grafana decide which
 * Prometheus features to use from it, so it names the Prometheus release Hearth matches
 * (the PromQL conformance data comes from Prometheus 3.14).
 */
export const PROMETHEUS_COMPAT_VERSION = '3.14.0';

/** Default listen port: clear of Prometheus 9090, Pushgateway 9091, Alertmanager 9093, node_exporter 9100. */
export const DEFAULT_PORT = 9190;
