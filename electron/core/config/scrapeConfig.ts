/**
 * One entry of scrape_configs: decoding (ScrapeConfig.UnmarshalYAML) and the validation
 * that fills in what it inherits from the global section (ScrapeConfig.Validate).
 */

import type {
  GlobalConfig,
  NameEscapingScheme,
  NameValidationScheme,
  ScrapeConfig,
  ScrapeProtocol,
} from './types.js';
import { emptySD, sdFields, duration, type SDDecodeOptions } from './discoveryConfig.js';
import { finishHTTPClient, httpClientFields, joinDir, startHTTPClient } from './httpClient.js';
import { decodeRelabelConfigs, validateRelabelList } from './relabelConfig.js';
import { parseBase2Bytes } from './units.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Decoder, type Node } from './yamlDecoder.js';

export const SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = [
  'PrometheusProto',
  'PrometheusText0.0.4',
  'PrometheusText1.0.0',
  'OpenMetricsText0.0.1',
  'OpenMetricsText1.0.0',
];

export const DEFAULT_SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = [
  'OpenMetricsText1.0.0',
  'OpenMetricsText0.0.1',
  'PrometheusText1.0.0',
  'PrometheusText0.0.4',
];

export const DEFAULT_PROTO_FIRST_SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = ['PrometheusProto', ...DEFAULT_SCRAPE_PROTOCOLS];

/** The HTTP Accept media types of each protocol, as Prometheus's ScrapeProtocolsHeaders. */
export const SCRAPE_PROTOCOL_HEADERS: Readonly<Record<ScrapeProtocol, string>> = {
  PrometheusProto: 'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited',
  'PrometheusText0.0.4': 'text/plain;version=0.0.4',
  'PrometheusText1.0.0': 'text/plain;version=1.0.0',
  'OpenMetricsText0.0.1': 'application/openmetrics-text;version=0.0.1',
  'OpenMetricsText1.0.0': 'application/openmetrics-text;version=1.0.0',
};

const SORTED_PROTOCOLS = [...SCRAPE_PROTOCOLS].sort();

export function validateScrapeProtocol(p: string): string | undefined {
  if ((SCRAPE_PROTOCOLS as readonly string[]).includes(p)) return undefined;
  return `unknown scrape protocol ${p}, supported: [${SORTED_PROTOCOLS.join(' ')}]`;
}

export function validateScrapeProtocols(ps: string[]): string | undefined {
  if (ps.length === 0) return 'scrape_protocols cannot be empty';
  const seen = new Set<string>();
  for (const p of ps) {
    if (seen.has(p.toLowerCase())) return `duplicated protocol in scrape_protocols, got [${ps.join(' ')}]`;
    const err = validateScrapeProtocol(p);
    if (err) return `scrape_protocols: ${err}`;
    seen.add(p.toLowerCase());
  }
  return undefined;
}

export const ESCAPING_SCHEMES: readonly NameEscapingScheme[] = ['allow-utf-8', 'underscores', 'dots', 'values'];

export function decodeValidationScheme(d: Decoder, v: Node): NameValidationScheme | '' {
  const s = d.str(v) ?? '';
  if (s !== '' && s !== 'utf8' && s !== 'legacy') d.fail(v, `unrecognized ValidationScheme: ${goQuote(s)}`);
  return s as NameValidationScheme | '';
}

/** What decoding a scrape config yields before the global section is applied. */
export interface DecodedScrapeConfig {
  node: Node;
  cfg: ScrapeConfig;
  /** Fields left unset, to be inherited from global. */
  unset: Set<string>;
  validationScheme: NameValidationScheme | '';
  escapingScheme: string;
  fallback: string;
  protocols?: string[];
  nativeHistograms?: boolean;
  alwaysClassic?: boolean;
  convertNHCB?: boolean;
  extraMetrics?: boolean;
  relabel: ReturnType<typeof decodeRelabelConfigs>;
  metricRelabel: ReturnType<typeof decodeRelabelConfigs>;
}

/** Decodes one scrape config; undefined when it had type errors (already recorded). */
export function decodeScrapeConfig(d: Decoder, node: Node, opts: SDDecodeOptions): DecodedScrapeConfig | undefined {
  const before = d.errorCount;
  const dir = opts.dir;
  const sd = emptySD();
  const staticNodes: Node[] = [];
  const http = startHTTPClient(node);
  const unset = new Set([
    'scrape_interval',
    'scrape_timeout',
    'body_size_limit',
    'sample_limit',
    'target_limit',
    'label_limit',
    'label_name_length_limit',
    'label_value_length_limit',
    'keep_dropped_targets',
    'scrape_failure_log_file',
  ]);
  const cfg: ScrapeConfig = {
    jobName: '',
    honorLabels: false,
    honorTimestamps: true,
    trackTimestampsStaleness: false,
    params: {},
    scrapeIntervalMs: 0,
    scrapeTimeoutMs: 0,
    scrapeProtocols: [],
    scrapeNativeHistograms: false,
    alwaysScrapeClassicHistograms: false,
    convertClassicHistogramsToNHCB: false,
    extraScrapeMetrics: false,
    scrapeFailureLogFile: '',
    metricsPath: '/metrics',
    scheme: 'http',
    enableCompression: true,
    bodySizeLimitBytes: 0,
    sampleLimit: 0,
    targetLimit: 0,
    labelLimit: 0,
    labelNameLengthLimit: 0,
    labelValueLengthLimit: 0,
    keepDroppedTargets: 0,
    nativeHistogramBucketLimit: 0,
    nativeHistogramMinBucketFactor: 0,
    metricNameValidationScheme: 'utf8',
    metricNameEscapingScheme: 'allow-utf-8',
    httpClient: http.cfg,
    relabelConfigs: [],
    metricRelabelConfigs: [],
    ...sd,
  };
  const out: DecodedScrapeConfig = {
    node,
    cfg,
    unset,
    validationScheme: '',
    escapingScheme: '',
    fallback: '',
    relabel: { configs: [], nodes: [], given: [] },
    metricRelabel: { configs: [], nodes: [], given: [] },
  };
  const setNum = (field: string, apply: (n: number) => void) => (v: Node) => {
    const n = d.int(v, true);
    if (n !== undefined && n !== 0) {
      apply(n);
      unset.delete(field);
    }
  };
  d.fields(node, 'config.ScrapeConfig', {
    ...httpClientFields(d, dir, http),
    ...sdFields(d, sd, staticNodes, opts),
    job_name: (v) => (cfg.jobName = d.str(v) ?? ''),
    honor_labels: (v) => (cfg.honorLabels = d.bool(v) ?? false),
    honor_timestamps: (v) => (cfg.honorTimestamps = d.bool(v) ?? false),
    track_timestamps_staleness: (v) => (cfg.trackTimestampsStaleness = d.bool(v) ?? false),
    params: (v) => {
      for (const p of d.pairs(v, 'url.Values') ?? []) {
        cfg.params[d.str(p.key as Node) ?? ''] = d.strList(p.value as Node) ?? [];
      }
    },
    scrape_interval: (v) => {
      const ms = duration(d, v);
      if (ms) {
        cfg.scrapeIntervalMs = ms;
        unset.delete('scrape_interval');
      }
    },
    scrape_timeout: (v) => {
      const ms = duration(d, v);
      if (ms) {
        cfg.scrapeTimeoutMs = ms;
        unset.delete('scrape_timeout');
      }
    },
    scrape_protocols: (v) => (out.protocols = d.strList(v, '[]config.ScrapeProtocol')),
    fallback_scrape_protocol: (v) => (out.fallback = d.str(v, 'config.ScrapeProtocol') ?? ''),
    scrape_native_histograms: (v) => (out.nativeHistograms = d.bool(v)),
    always_scrape_classic_histograms: (v) => (out.alwaysClassic = d.bool(v)),
    convert_classic_histograms_to_nhcb: (v) => (out.convertNHCB = d.bool(v)),
    extra_scrape_metrics: (v) => (out.extraMetrics = d.bool(v)),
    scrape_failure_log_file: (v) => {
      const s = d.str(v) ?? '';
      if (s !== '') {
        cfg.scrapeFailureLogFile = joinDir(dir, s);
        unset.delete('scrape_failure_log_file');
      }
    },
    metrics_path: (v) => (cfg.metricsPath = d.str(v) ?? '/metrics'),
    scheme: (v) => {
      const s = d.str(v) ?? 'http';
      if (s !== 'http' && s !== 'https') d.fail(v, `scheme must be "http" or "https", got ${goQuote(s)}`);
      cfg.scheme = s;
    },
    enable_compression: (v) => (cfg.enableCompression = d.bool(v) ?? false),
    body_size_limit: (v) => {
      const s = d.str(v, 'units.Base2Bytes');
      if (s === undefined) return;
      let n: number;
      try {
        n = parseBase2Bytes(s);
      } catch (e) {
        d.fail(v, (e as Error).message);
      }
      if (n !== 0) {
        cfg.bodySizeLimitBytes = n;
        unset.delete('body_size_limit');
      }
    },
    sample_limit: setNum('sample_limit', (n) => (cfg.sampleLimit = n)),
    target_limit: setNum('target_limit', (n) => (cfg.targetLimit = n)),
    label_limit: setNum('label_limit', (n) => (cfg.labelLimit = n)),
    label_name_length_limit: setNum('label_name_length_limit', (n) => (cfg.labelNameLengthLimit = n)),
    label_value_length_limit: setNum('label_value_length_limit', (n) => (cfg.labelValueLengthLimit = n)),
    keep_dropped_targets: setNum('keep_dropped_targets', (n) => (cfg.keepDroppedTargets = n)),
    native_histogram_bucket_limit: (v) => (cfg.nativeHistogramBucketLimit = d.int(v, true) ?? 0),
    native_histogram_min_bucket_factor: (v) => (cfg.nativeHistogramMinBucketFactor = d.float(v) ?? 0),
    metric_name_validation_scheme: (v) => (out.validationScheme = decodeValidationScheme(d, v)),
    metric_name_escaping_scheme: (v) => (out.escapingScheme = d.str(v) ?? ''),
    relabel_configs: (v) => (out.relabel = decodeRelabelConfigs(d, v, 'empty or null target relabeling rule in scrape config')),
    metric_relabel_configs: (v) =>
      (out.metricRelabel = decodeRelabelConfigs(d, v, 'empty or null metric relabeling rule in scrape config')),
  });
  if (d.errorCount !== before) return undefined;
  if (cfg.jobName === '') d.fail(node, 'job_name is empty');
  cfg.httpClient = finishHTTPClient(d, http);
  // Prometheus rejects URLs in static targets unless relabelling could rewrite them.
  if (out.relabel.configs.length === 0) {
    for (let i = 0; i < sd.staticConfigs.length; i++) {
      for (const t of sd.staticConfigs[i]!.targets) {
        if (t.includes('/')) d.fail(staticNodes[i], `${goQuote(t)} is not a valid hostname`);
      }
    }
  }
  Object.assign(cfg, sd);
  return out;
}

/** ScrapeConfig.Validate: inherit from global, check intervals, protocols, name schemes and relabelling. */
export function finishScrapeConfig(d: Decoder, s: DecodedScrapeConfig, g: GlobalConfig): ScrapeConfig {
  const c = s.cfg;
  const node = s.node;
  const job = goQuote(c.jobName);
  if (s.unset.has('scrape_interval')) c.scrapeIntervalMs = g.scrapeIntervalMs;
  if (c.scrapeTimeoutMs > c.scrapeIntervalMs) d.fail(node, `scrape timeout greater than scrape interval for scrape config with job name ${job}`);
  if (s.unset.has('scrape_timeout')) c.scrapeTimeoutMs = Math.min(g.scrapeTimeoutMs, c.scrapeIntervalMs);
  if (s.unset.has('body_size_limit')) c.bodySizeLimitBytes = g.bodySizeLimitBytes;
  if (s.unset.has('sample_limit')) c.sampleLimit = g.sampleLimit;
  if (s.unset.has('target_limit')) c.targetLimit = g.targetLimit;
  if (s.unset.has('label_limit')) c.labelLimit = g.labelLimit;
  if (s.unset.has('label_name_length_limit')) c.labelNameLengthLimit = g.labelNameLengthLimit;
  if (s.unset.has('label_value_length_limit')) c.labelValueLengthLimit = g.labelValueLengthLimit;
  if (s.unset.has('keep_dropped_targets')) c.keepDroppedTargets = g.keepDroppedTargets;
  if (s.unset.has('scrape_failure_log_file')) c.scrapeFailureLogFile = g.scrapeFailureLogFile;
  c.scrapeNativeHistograms = s.nativeHistograms ?? g.scrapeNativeHistograms;
  c.extraScrapeMetrics = s.extraMetrics ?? g.extraScrapeMetrics;

  let protocols = s.protocols;
  if (protocols === undefined) {
    if (g.scrapeProtocols) protocols = [...g.scrapeProtocols];
    else if (c.scrapeNativeHistograms) protocols = [...DEFAULT_PROTO_FIRST_SCRAPE_PROTOCOLS];
    else protocols = [...DEFAULT_SCRAPE_PROTOCOLS];
  }
  const perr = validateScrapeProtocols(protocols);
  if (perr) d.fail(node, `${perr} for scrape config with job name ${job}`);
  c.scrapeProtocols = protocols as ScrapeProtocol[];
  if (s.fallback !== '') {
    const ferr = validateScrapeProtocol(s.fallback);
    if (ferr) d.fail(node, `invalid fallback_scrape_protocol for scrape config with job name ${job}: ${ferr}`);
    c.fallbackScrapeProtocol = s.fallback as ScrapeProtocol;
  }

  const localUnset = s.validationScheme === '';
  c.metricNameValidationScheme = localUnset ? g.metricNameValidationScheme : s.validationScheme as NameValidationScheme;
  let globalEscaping = g.metricNameEscapingScheme as string;
  if (globalEscaping === '') globalEscaping = g.metricNameValidationScheme === 'legacy' ? 'underscores' : 'allow-utf-8';
  else if (!(ESCAPING_SCHEMES as readonly string[]).includes(globalEscaping)) {
    d.fail(node, `unknown global name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got ${goQuote(globalEscaping)}`);
  }
  let esc = s.escapingScheme;
  if (esc === '') {
    if (localUnset) esc = globalEscaping;
    else esc = c.metricNameValidationScheme === 'legacy' ? 'underscores' : 'allow-utf-8';
  }
  if (esc === 'allow-utf-8') {
    if (c.metricNameValidationScheme !== 'utf8') d.fail(node, 'utf8 metric names requested but validation scheme is not set to UTF8');
  } else if (!(ESCAPING_SCHEMES as readonly string[]).includes(esc)) {
    d.fail(node, `unknown scrape config name escaping method specified, must be one of 'allow-utf-8', 'underscores', 'dots', or 'values', got ${goQuote(esc)}`);
  }
  c.metricNameEscapingScheme = esc as NameEscapingScheme;
  c.convertClassicHistogramsToNHCB = s.convertNHCB ?? g.convertClassicHistogramsToNHCB;
  c.alwaysScrapeClassicHistograms = s.alwaysClassic ?? g.alwaysScrapeClassicHistograms;

  validateRelabelList(d, s.relabel, c.metricNameValidationScheme);
  validateRelabelList(d, s.metricRelabel, c.metricNameValidationScheme);
  c.relabelConfigs = s.relabel.configs;
  c.metricRelabelConfigs = s.metricRelabel.configs;
  return c;
}
