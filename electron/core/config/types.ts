/**
 * The typed model of a loaded prometheus.yml: parsed, defaulted and validated.
 *
 * Field names follow the YAML keys in camelCase; durations are integer milliseconds (`…Ms`)
 * and sizes are bytes. Every default Prometheus fills in is filled in here, so a consumer
 * never has to know a default: a scrape config already carries the global interval,
 * timeout, limits and protocols it inherits. Relative file paths (password_file, ca_file,
 * file_sd globs, rule_files, …) are already joined with the config file's directory.
 *
 * Reference: https://prometheus.io/docs/prometheus/latest/configuration/configuration/
 *
 * NOTE: this file is a contract with the scrape manager, the server and the API; change it
 * only additively.
 */

import type { Labels } from '../model/labels.js';
import type { AnchoredRegex } from '../model/regex.js';

/** The formats Prometheus can negotiate with a target (the `scrape_protocols` values). */
export type ScrapeProtocol =
  | 'PrometheusProto'
  | 'PrometheusText0.0.4'
  | 'PrometheusText1.0.0'
  | 'OpenMetricsText0.0.1'
  | 'OpenMetricsText1.0.0';

export type NameValidationScheme = 'utf8' | 'legacy';

/** `metric_name_escaping_scheme`: what the scraper asks targets to do with non-legacy names. */
export type NameEscapingScheme = 'allow-utf-8' | 'underscores' | 'dots' | 'values';

export type RelabelAction =
  | 'replace'
  | 'keep'
  | 'drop'
  | 'keepequal'
  | 'dropequal'
  | 'hashmod'
  | 'labelmap'
  | 'labeldrop'
  | 'labelkeep'
  | 'lowercase'
  | 'uppercase';

/** A compiled relabel regex: `source` as written (default `(.*)`), `re` fully anchored. */
export interface RelabelRegex {
  readonly source: string;
  /** Anchored (`^(?:…)$`), dot matches newline, as Prometheus compiles relabel regexes. */
  readonly re: AnchoredRegex;
}

/** One entry of relabel_configs / metric_relabel_configs / write_relabel_configs / …. */
export interface RelabelConfig {
  /** Label names whose values are joined with `separator`; empty when not given. */
  sourceLabels: string[];
  /** Default ';'. */
  separator: string;
  /** Default `(.*)`. */
  regex: RelabelRegex;
  /** Only meaningful (and required, > 0) for hashmod; 0 otherwise. */
  modulus: number;
  /** May contain `$1`/`${name}` references for replace; '' when not given. */
  targetLabel: string;
  /** Default `$1`. */
  replacement: string;
  /** Default 'replace'. */
  action: RelabelAction;
}

export interface BasicAuth {
  username: string;
  /** Absolute path, or '' */
  usernameFile: string;
  password: string;
  /** Absolute path, or '' */
  passwordFile: string;
}

export interface Authorization {
  /** Default 'Bearer'. */
  type: string;
  credentials: string;
  /** Absolute path, or '' */
  credentialsFile: string;
}

export type TLSVersion = 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';

export interface TLSConfig {
  /** Inline PEM, or '' */
  ca: string;
  caFile: string;
  cert: string;
  certFile: string;
  key: string;
  keyFile: string;
  serverName: string;
  insecureSkipVerify: boolean;
  /** Undefined means Go's default (TLS 1.2 minimum for clients). */
  minVersion?: TLSVersion;
  maxVersion?: TLSVersion;
}

export interface OAuth2Config {
  clientId: string;
  clientSecret: string;
  clientSecretFile: string;
  scopes: string[];
  tokenURL: string;
  endpointParams: Record<string, string>;
  tlsConfig: TLSConfig;
  proxyURL: string;
  noProxy: string;
  proxyFromEnvironment: boolean;
  proxyConnectHeader: Record<string, string[]>;
}

/** One entry of `http_headers`: values are sent as is; secrets likewise; files are read per request. */
export interface HTTPHeader {
  values: string[];
  secrets: string[];
  files: string[];
}

/**
 * prometheus/common's HTTPClientConfig, inlined in scrape configs, http_sd, alertmanagers,
 * remote write/read. `bearer_token`/`bearer_token_file` are folded into `authorization`
 * (type Bearer), as Prometheus does at validation.
 */
export interface HTTPClientConfig {
  basicAuth?: BasicAuth;
  authorization?: Authorization;
  oauth2?: OAuth2Config;
  tlsConfig: TLSConfig;
  /** Default true. */
  followRedirects: boolean;
  /** Default true (false for remote write). */
  enableHTTP2: boolean;
  /** '' when not set. */
  proxyURL: string;
  noProxy: string;
  proxyFromEnvironment: boolean;
  proxyConnectHeader: Record<string, string[]>;
  /** Header name → values; empty object when not set. */
  httpHeaders: Record<string, HTTPHeader>;
}

/** One `static_configs` entry: addresses plus labels shared by all of them. */
export interface StaticConfig {
  targets: string[];
  labels: Labels;
}

export interface FileSDConfig {
  /** Absolute glob patterns; the last path element may contain `*` (as filepath.Glob). */
  files: string[];
  /** Default 5m. */
  refreshIntervalMs: number;
}

export interface HTTPSDConfig {
  url: string;
  /** Default 60s. */
  refreshIntervalMs: number;
  httpClient: HTTPClientConfig;
}

/** The service discoveries Hearth runs, per scrape config or alertmanager config. */
export interface ServiceDiscoveryConfigs {
  staticConfigs: StaticConfig[];
  fileSDConfigs: FileSDConfig[];
  httpSDConfigs: HTTPSDConfig[];
}

/** Limits shared by global and scrape configs; 0 means no limit. */
export interface ScrapeLimits {
  /** Uncompressed body size limit in bytes. */
  bodySizeLimitBytes: number;
  sampleLimit: number;
  targetLimit: number;
  labelLimit: number;
  labelNameLengthLimit: number;
  labelValueLengthLimit: number;
  keepDroppedTargets: number;
}

export interface GlobalConfig extends ScrapeLimits {
  /** Default 1m. */
  scrapeIntervalMs: number;
  /** Default min(10s, scrapeIntervalMs). */
  scrapeTimeoutMs: number;
  /** undefined when not set: each scrape config then picks its own default. */
  scrapeProtocols?: ScrapeProtocol[];
  /** Default 1m. */
  evaluationIntervalMs: number;
  ruleQueryOffsetMs: number;
  /** Absolute path or ''. */
  queryLogFile: string;
  scrapeFailureLogFile: string;
  /** With `${VAR}` already expanded from the environment. */
  externalLabels: Labels;
  metricNameValidationScheme: NameValidationScheme;
  /** '' when not set (each scrape config derives its own). */
  metricNameEscapingScheme: NameEscapingScheme | '';
  scrapeNativeHistograms: boolean;
  convertClassicHistogramsToNHCB: boolean;
  alwaysScrapeClassicHistograms: boolean;
  extraScrapeMetrics: boolean;
}

export interface RuntimeConfig {
  /** Go's GOGC; kept for compatibility, Hearth has no use for it. */
  gogc: number;
}

export interface ScrapeConfig extends ScrapeLimits, ServiceDiscoveryConfigs {
  jobName: string;
  honorLabels: boolean;
  /** Default true. */
  honorTimestamps: boolean;
  trackTimestampsStaleness: boolean;
  /** URL query parameters: name → values. */
  params: Record<string, string[]>;
  scrapeIntervalMs: number;
  scrapeTimeoutMs: number;
  /** Always set after defaulting; most preferred first. */
  scrapeProtocols: ScrapeProtocol[];
  /** Used when the target's Content-Type is missing or unknown; undefined when not set. */
  fallbackScrapeProtocol?: ScrapeProtocol;
  scrapeNativeHistograms: boolean;
  alwaysScrapeClassicHistograms: boolean;
  convertClassicHistogramsToNHCB: boolean;
  extraScrapeMetrics: boolean;
  scrapeFailureLogFile: string;
  /** Default '/metrics'. */
  metricsPath: string;
  /** Default 'http'. */
  scheme: 'http' | 'https';
  /** Ask the target for gzip; default true. */
  enableCompression: boolean;
  nativeHistogramBucketLimit: number;
  nativeHistogramMinBucketFactor: number;
  metricNameValidationScheme: NameValidationScheme;
  metricNameEscapingScheme: NameEscapingScheme;
  httpClient: HTTPClientConfig;
  relabelConfigs: RelabelConfig[];
  metricRelabelConfigs: RelabelConfig[];
}

export interface AlertmanagerConfig extends ServiceDiscoveryConfigs {
  /** Default 'http'. */
  scheme: 'http' | 'https';
  pathPrefix: string;
  /** Default 10s. */
  timeoutMs: number;
  /** Only 'v2' is supported, as in Prometheus 3. */
  apiVersion: 'v2';
  httpClient: HTTPClientConfig;
  /** True when a `sigv4` block is present (Hearth cannot sign; kept so it can say so). */
  sigv4: boolean;
  relabelConfigs: RelabelConfig[];
  alertRelabelConfigs: RelabelConfig[];
}

export interface AlertingConfig {
  alertRelabelConfigs: RelabelConfig[];
  alertmanagers: AlertmanagerConfig[];
}

export interface QueueConfig {
  capacity: number;
  maxShards: number;
  minShards: number;
  maxSamplesPerSend: number;
  batchSendDeadlineMs: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  retryOnRateLimit: boolean;
  sampleAgeLimitMs: number;
}

export interface MetadataConfig {
  send: boolean;
  sendIntervalMs: number;
  maxSamplesPerSend: number;
}

/** remote_write entry. sigv4/azuread/google_iam are kept as raw objects (Hearth does not sign with them). */
export interface RemoteWriteConfig {
  url: string;
  /** Default 30s. */
  remoteTimeoutMs: number;
  headers: Record<string, string>;
  writeRelabelConfigs: RelabelConfig[];
  /** '' when not given (Prometheus then names it by a hash of the config). */
  name: string;
  sendExemplars: boolean;
  sendNativeHistograms: boolean;
  roundRobinDNS: boolean;
  /** 'prometheus.WriteRequest' (v1, default) or 'io.prometheus.write.v2.Request'. */
  protobufMessage: string;
  httpClient: HTTPClientConfig;
  queueConfig: QueueConfig;
  metadataConfig: MetadataConfig;
  sigv4?: Record<string, unknown>;
  azuread?: Record<string, unknown>;
  googleIAM?: Record<string, unknown>;
}

export interface RemoteReadConfig {
  url: string;
  /** Default 1m. */
  remoteTimeoutMs: number;
  chunkedReadLimit: number;
  headers: Record<string, string>;
  readRecent: boolean;
  name: string;
  httpClient: HTTPClientConfig;
  requiredMatchers: Record<string, string>;
  /** Default true. */
  filterExternalLabels: boolean;
}

export interface TSDBRetentionConfig {
  /** 0 when not set. */
  timeMs: number;
  sizeBytes: number;
  /** Percentage of the disk; 0 when not set. */
  percentage: number;
}

export interface StorageConfig {
  tsdb?: {
    outOfOrderTimeWindowMs: number;
    retention?: TSDBRetentionConfig;
    /** Anything else under storage.tsdb that Hearth keeps but does not act on. */
    extra: Record<string, unknown>;
  };
  exemplars?: { maxExemplars: number };
}

/** The `otlp` section; kept for the OTLP receiver (not implemented by Hearth yet). */
export interface OTLPConfig {
  promoteAllResourceAttributes: boolean;
  promoteResourceAttributes: string[];
  ignoreResourceAttributes: string[];
  translationStrategy: string;
  keepIdentifyingResourceAttributes: boolean;
  convertHistogramsToNHCB: boolean;
  promoteScopeMetadata: boolean;
  labelNameUnderscoreSanitization: boolean;
  labelNamePreserveMultipleUnderscores: boolean;
}

/** Rule file globs, absolute, in file order. Content is checked by the rules engine. */
export type RuleFiles = string[];

export interface Config {
  global: GlobalConfig;
  runtime: RuntimeConfig;
  alerting: AlertingConfig;
  ruleFiles: RuleFiles;
  /** Globs of extra files holding `scrape_configs`; already merged into scrapeConfigs by loadConfigFile. */
  scrapeConfigFiles: string[];
  scrapeConfigs: ScrapeConfig[];
  storage: StorageConfig;
  /** The `tracing` section as parsed YAML (Hearth does not export traces); undefined when absent. */
  tracing?: Record<string, unknown>;
  remoteWrite: RemoteWriteConfig[];
  remoteRead: RemoteReadConfig[];
  otlp: OTLPConfig;
  /** Path the config came from ('' for the built-in config). */
  filename: string;
  /** The YAML text as given (the API's /status/config shows a re-marshalled form instead). */
  source: string;
}
