/**
 * The loaded config as YAML, the way Prometheus shows it on /api/v1/status/config: every
 * default filled in, durations and sizes in Prometheus's short forms, secrets as <secret>.
 */

import { stringify } from 'yaml';
import type { Config, HTTPClientConfig, RelabelConfig, ServiceDiscoveryConfigs, TLSConfig } from './types.js';
import { formatBase2Bytes, formatDuration } from './units.js';

const SECRET = '<secret>';

type Obj = Record<string, unknown>;

/** Drops empty values (Go's omitempty) but keeps false/0 where `keep` lists the key. */
function compact(o: Obj, keep: readonly string[] = []): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (keep.includes(k)) {
      out[k] = v;
      continue;
    }
    if (v === undefined || v === '' || v === false || v === 0 || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as Obj).length === 0) continue;
    out[k] = v;
  }
  return out;
}

function tls(t: TLSConfig): Obj {
  return compact({
    ca: t.ca ? SECRET : '',
    ca_file: t.caFile,
    cert: t.cert,
    cert_file: t.certFile,
    key: t.key ? SECRET : '',
    key_file: t.keyFile,
    server_name: t.serverName,
    insecure_skip_verify: t.insecureSkipVerify,
    min_version: t.minVersion,
    max_version: t.maxVersion,
  }, ['insecure_skip_verify']);
}

function http(c: HTTPClientConfig): Obj {
  return compact({
    basic_auth: c.basicAuth && compact({
      username: c.basicAuth.username,
      username_file: c.basicAuth.usernameFile,
      password: c.basicAuth.password ? SECRET : '',
      password_file: c.basicAuth.passwordFile,
    }),
    authorization: c.authorization && compact({
      type: c.authorization.type,
      credentials: c.authorization.credentials ? SECRET : '',
      credentials_file: c.authorization.credentialsFile,
    }),
    oauth2: c.oauth2 && compact({
      client_id: c.oauth2.clientId,
      client_secret: c.oauth2.clientSecret ? SECRET : '',
      client_secret_file: c.oauth2.clientSecretFile,
      scopes: c.oauth2.scopes,
      token_url: c.oauth2.tokenURL,
      endpoint_params: c.oauth2.endpointParams,
      tls_config: tls(c.oauth2.tlsConfig),
      proxy_url: c.oauth2.proxyURL,
    }),
    tls_config: tls(c.tlsConfig),
    proxy_url: c.proxyURL,
    no_proxy: c.noProxy,
    proxy_from_environment: c.proxyFromEnvironment,
    proxy_connect_header: Object.fromEntries(Object.entries(c.proxyConnectHeader).map(([k, v]) => [k, v.map(() => SECRET)])),
    http_headers: Object.fromEntries(
      Object.entries(c.httpHeaders).map(([k, h]) => [k, compact({ values: h.values, secrets: h.secrets.map(() => SECRET), files: h.files })]),
    ),
    follow_redirects: c.followRedirects,
    enable_http2: c.enableHTTP2,
  }, ['follow_redirects', 'enable_http2']);
}

function relabel(r: RelabelConfig): Obj {
  return compact({
    source_labels: r.sourceLabels,
    separator: r.separator,
    regex: r.regex.source,
    modulus: r.modulus,
    target_label: r.targetLabel,
    replacement: r.replacement,
    action: r.action,
  }, ['separator', 'replacement']);
}

function sd(s: ServiceDiscoveryConfigs): Obj {
  return compact({
    file_sd_configs: s.fileSDConfigs.map((f) => ({ files: f.files, refresh_interval: formatDuration(f.refreshIntervalMs) })),
    http_sd_configs: s.httpSDConfigs.map((h) => ({ ...http(h.httpClient), url: h.url, refresh_interval: formatDuration(h.refreshIntervalMs) })),
    static_configs: s.staticConfigs.map((g) => compact({ targets: g.targets, labels: g.labels.toObject() }, ['targets'])),
  });
}

export function configToYAML(c: Config): string {
  const g = c.global;
  const doc: Obj = {
    global: compact({
      scrape_interval: formatDuration(g.scrapeIntervalMs),
      scrape_timeout: formatDuration(g.scrapeTimeoutMs),
      scrape_protocols: g.scrapeProtocols,
      evaluation_interval: formatDuration(g.evaluationIntervalMs),
      rule_query_offset: g.ruleQueryOffsetMs ? formatDuration(g.ruleQueryOffsetMs) : '',
      query_log_file: g.queryLogFile,
      scrape_failure_log_file: g.scrapeFailureLogFile,
      external_labels: g.externalLabels.toObject(),
      body_size_limit: g.bodySizeLimitBytes ? formatBase2Bytes(g.bodySizeLimitBytes) : '',
      sample_limit: g.sampleLimit,
      target_limit: g.targetLimit,
      label_limit: g.labelLimit,
      label_name_length_limit: g.labelNameLengthLimit,
      label_value_length_limit: g.labelValueLengthLimit,
      keep_dropped_targets: g.keepDroppedTargets,
      metric_name_validation_scheme: g.metricNameValidationScheme,
      metric_name_escaping_scheme: g.metricNameEscapingScheme,
      scrape_native_histograms: g.scrapeNativeHistograms,
      convert_classic_histograms_to_nhcb: g.convertClassicHistogramsToNHCB,
      always_scrape_classic_histograms: g.alwaysScrapeClassicHistograms,
      extra_scrape_metrics: g.extraScrapeMetrics,
    }),
    runtime: { gogc: c.runtime.gogc },
    alerting: compact({
      alert_relabel_configs: c.alerting.alertRelabelConfigs.map(relabel),
      alertmanagers: c.alerting.alertmanagers.map((a) => ({
        ...http(a.httpClient),
        scheme: a.scheme,
        ...compact({ path_prefix: a.pathPrefix }),
        timeout: formatDuration(a.timeoutMs),
        api_version: a.apiVersion,
        ...compact({ relabel_configs: a.relabelConfigs.map(relabel), alert_relabel_configs: a.alertRelabelConfigs.map(relabel) }),
        ...sd(a),
      })),
    }),
    rule_files: c.ruleFiles,
    scrape_config_files: c.scrapeConfigFiles,
    scrape_configs: c.scrapeConfigs.map((s) => ({
      job_name: s.jobName,
      ...compact({ honor_labels: s.honorLabels }),
      honor_timestamps: s.honorTimestamps,
      track_timestamps_staleness: s.trackTimestampsStaleness,
      ...compact({ params: s.params }),
      scrape_interval: formatDuration(s.scrapeIntervalMs),
      scrape_timeout: formatDuration(s.scrapeTimeoutMs),
      scrape_protocols: s.scrapeProtocols,
      ...compact({
        fallback_scrape_protocol: s.fallbackScrapeProtocol,
        scrape_native_histograms: s.scrapeNativeHistograms,
        always_scrape_classic_histograms: s.alwaysScrapeClassicHistograms,
        convert_classic_histograms_to_nhcb: s.convertClassicHistogramsToNHCB,
        extra_scrape_metrics: s.extraScrapeMetrics,
        scrape_failure_log_file: s.scrapeFailureLogFile,
      }),
      metrics_path: s.metricsPath,
      scheme: s.scheme,
      enable_compression: s.enableCompression,
      ...compact({
        body_size_limit: s.bodySizeLimitBytes ? formatBase2Bytes(s.bodySizeLimitBytes) : '',
        sample_limit: s.sampleLimit,
        target_limit: s.targetLimit,
        label_limit: s.labelLimit,
        label_name_length_limit: s.labelNameLengthLimit,
        label_value_length_limit: s.labelValueLengthLimit,
        native_histogram_bucket_limit: s.nativeHistogramBucketLimit,
        native_histogram_min_bucket_factor: s.nativeHistogramMinBucketFactor,
        keep_dropped_targets: s.keepDroppedTargets,
      }),
      metric_name_validation_scheme: s.metricNameValidationScheme,
      metric_name_escaping_scheme: s.metricNameEscapingScheme,
      ...http(s.httpClient),
      ...compact({ relabel_configs: s.relabelConfigs.map(relabel), metric_relabel_configs: s.metricRelabelConfigs.map(relabel) }),
      ...sd(s),
    })),
    remote_write: c.remoteWrite.map((r) => ({
      url: r.url,
      remote_timeout: formatDuration(r.remoteTimeoutMs),
      ...compact({ headers: Object.fromEntries(Object.keys(r.headers).map((k) => [k, SECRET])), write_relabel_configs: r.writeRelabelConfigs.map(relabel), name: r.name }),
      protobuf_message: r.protobufMessage,
      ...http(r.httpClient),
    })),
    remote_read: c.remoteRead.map((r) => ({
      url: r.url,
      remote_timeout: formatDuration(r.remoteTimeoutMs),
      ...compact({ headers: Object.fromEntries(Object.keys(r.headers).map((k) => [k, SECRET])), read_recent: r.readRecent, name: r.name, required_matchers: r.requiredMatchers }),
      ...http(r.httpClient),
      filter_external_labels: r.filterExternalLabels,
    })),
  };
  return stringify(compact(doc, ['global']), { lineWidth: 0 });
}
