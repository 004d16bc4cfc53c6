/**
 * The sections of prometheus.yml around scraping: alerting, remote_write, remote_read,
 * storage, tracing and otlp. Hearth keeps and validates them as Prometheus does so a
 * Prometheus config loads unchanged, whether or not Hearth acts on every field.
 */

import type {
  AlertingConfig,
  AlertmanagerConfig,
  MetadataConfig,
  OTLPConfig,
  QueueConfig,
  RemoteReadConfig,
  RemoteWriteConfig,
  StorageConfig,
} from './types.js';
import { duration, emptySD, parseGoURL, sdFields, type SDDecodeOptions } from './discoveryConfig.js';
import { decodeTLSConfig, finishHTTPClient, httpClientFields, startHTTPClient } from './httpClient.js';
import { decodeRelabelConfigs } from './relabelConfig.js';
import { parseBase2Bytes } from './units.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Decoder, type Node } from './yamlDecoder.js';

type RelabelList = ReturnType<typeof decodeRelabelConfigs>;

/** Alerting section plus the relabel lists still to validate against the global name scheme. */
export interface DecodedAlerting {
  cfg: AlertingConfig;
  relabelLists: RelabelList[];
}

export function decodeAlerting(d: Decoder, node: Node, opts: SDDecodeOptions): DecodedAlerting {
  const out: DecodedAlerting = { cfg: { alertRelabelConfigs: [], alertmanagers: [] }, relabelLists: [] };
  d.fields(node, 'config.plain', {
    alert_relabel_configs: (v) => {
      const l = decodeRelabelConfigs(d, v, 'empty or null alert relabeling rule');
      out.cfg.alertRelabelConfigs = l.configs;
      out.relabelLists.push(l);
    },
    alertmanagers: (v) => {
      for (const it of d.seq(v, 'config.AlertmanagerConfigs') ?? []) {
        if (d.isNull(it)) d.fail(it ?? v, 'empty or null alertmanager config section');
        const am = decodeAlertmanager(d, it, opts, out.relabelLists);
        if (am) out.cfg.alertmanagers.push(am);
      }
    },
  });
  return out;
}

function decodeAlertmanager(d: Decoder, node: Node, opts: SDDecodeOptions, lists: RelabelList[]): AlertmanagerConfig | undefined {
  const before = d.errorCount;
  const sd = emptySD();
  const staticNodes: Node[] = [];
  const http = startHTTPClient(node);
  const am: AlertmanagerConfig = {
    scheme: 'http',
    pathPrefix: '',
    timeoutMs: 10_000,
    apiVersion: 'v2',
    httpClient: http.cfg,
    sigv4: false,
    relabelConfigs: [],
    alertRelabelConfigs: [],
    ...sd,
  };
  let relabel: RelabelList = { configs: [], nodes: [], given: [] };
  let alertRelabel: RelabelList = { configs: [], nodes: [], given: [] };
  d.fields(node, 'config.AlertmanagerConfig', {
    ...httpClientFields(d, opts.dir, http),
    ...sdFields(d, sd, staticNodes, opts),
    sigv4: (v) => (am.sigv4 = !d.isNull(v)),
    scheme: (v) => {
      const s = d.str(v) ?? 'http';
      if (s !== 'http' && s !== 'https') d.fail(v, `scheme must be "http" or "https", got ${goQuote(s)}`);
      am.scheme = s;
    },
    path_prefix: (v) => (am.pathPrefix = d.str(v) ?? ''),
    timeout: (v) => (am.timeoutMs = duration(d, v) ?? am.timeoutMs),
    api_version: (v) => {
      const s = d.str(v) ?? '';
      if (s !== 'v2') d.fail(v, `expected Alertmanager api version to be one of [v2] but got ${s}`);
    },
    relabel_configs: (v) => (relabel = decodeRelabelConfigs(d, v, 'empty or null Alertmanager target relabeling rule')),
    alert_relabel_configs: (v) => (alertRelabel = decodeRelabelConfigs(d, v, 'empty or null Alertmanager alert relabeling rule')),
  });
  if (d.errorCount !== before) return undefined;
  am.httpClient = finishHTTPClient(d, http);
  const c = am.httpClient;
  if ((c.basicAuth || c.authorization || c.oauth2) && am.sigv4) {
    d.fail(node, 'at most one of basic_auth, authorization, oauth2, & sigv4 must be configured');
  }
  if (relabel.configs.length === 0) {
    for (let i = 0; i < sd.staticConfigs.length; i++) {
      for (const t of sd.staticConfigs[i]!.targets) if (t.includes('/')) d.fail(staticNodes[i], `${goQuote(t)} is not a valid hostname`);
    }
  }
  Object.assign(am, sd);
  am.relabelConfigs = relabel.configs;
  am.alertRelabelConfigs = alertRelabel.configs;
  lists.push(alertRelabel, relabel);
  return am;
}

// Headers remote write/read and tracing may not set (config.go's reservedHeaders), lower case.
const RESERVED_REMOTE_HEADERS = new Set([
  'host',
  'content-encoding',
  'content-length',
  'content-type',
  'user-agent',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'www-authenticate',
  'accept-encoding',
  'x-prometheus-remote-write-version',
  'x-prometheus-remote-read-version',
  'x-amz-date',
  'x-amz-security-token',
  'x-amz-content-sha256',
]);

function validateRemoteHeaders(d: Decoder, node: Node, headers: Record<string, string>, authMsg: string): void {
  for (const h of Object.keys(headers)) {
    if (h.toLowerCase() === 'authorization') d.fail(node, authMsg);
    if (RESERVED_REMOTE_HEADERS.has(h.toLowerCase())) d.fail(node, `${h} is a reserved header. It must not be changed`);
  }
}

function headerMap(d: Decoder, v: Node): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of d.strMap(v) ?? []) out[k] = val;
  return out;
}

function decodeURL(d: Decoder, v: Node): string {
  const s = d.str(v, 'config.URL') ?? '';
  if (s !== '' && parseGoURL(s) === undefined) d.fail(v, `parse ${goQuote(s)}: invalid URL`);
  return s;
}

export const WRITE_V1 = 'prometheus.WriteRequest';
export const WRITE_V2 = 'io.prometheus.write.v2.Request';

export function defaultQueueConfig(): QueueConfig {
  return {
    capacity: 10000,
    maxShards: 50,
    minShards: 1,
    maxSamplesPerSend: 2000,
    batchSendDeadlineMs: 5000,
    minBackoffMs: 30,
    maxBackoffMs: 5000,
    retryOnRateLimit: false,
    sampleAgeLimitMs: 0,
  };
}

export interface DecodedRemoteWrite {
  cfg: RemoteWriteConfig;
  node: Node;
  relabel: RelabelList;
}

export function decodeRemoteWrite(d: Decoder, node: Node, dir: string): DecodedRemoteWrite | undefined {
  if (d.isNull(node)) d.fail(node, 'empty or null remote write config section');
  const before = d.errorCount;
  const http = startHTTPClient(node, false);
  const q = defaultQueueConfig();
  const m: MetadataConfig = { send: true, sendIntervalMs: 60_000, maxSamplesPerSend: 2000 };
  const rw: RemoteWriteConfig = {
    url: '',
    remoteTimeoutMs: 30_000,
    headers: {},
    writeRelabelConfigs: [],
    name: '',
    sendExemplars: false,
    sendNativeHistograms: false,
    roundRobinDNS: false,
    protobufMessage: WRITE_V1,
    httpClient: http.cfg,
    queueConfig: q,
    metadataConfig: m,
  };
  let relabel: RelabelList = { configs: [], nodes: [], given: [] };
  const raw = (v: Node): Record<string, unknown> | undefined => (d.isNull(v) ? undefined : (d.deref(v) as { toJSON(): Record<string, unknown> }).toJSON());
  d.fields(node, 'config.RemoteWriteConfig', {
    ...httpClientFields(d, dir, http),
    url: (v) => (rw.url = decodeURL(d, v)),
    remote_timeout: (v) => (rw.remoteTimeoutMs = duration(d, v) ?? rw.remoteTimeoutMs),
    headers: (v) => (rw.headers = headerMap(d, v)),
    write_relabel_configs: (v) => (relabel = decodeRelabelConfigs(d, v, 'empty or null relabeling rule in remote write config')),
    name: (v) => (rw.name = d.str(v) ?? ''),
    send_exemplars: (v) => (rw.sendExemplars = d.bool(v) ?? false),
    send_native_histograms: (v) => (rw.sendNativeHistograms = d.bool(v) ?? false),
    round_robin_dns: (v) => (rw.roundRobinDNS = d.bool(v) ?? false),
    protobuf_message: (v) => (rw.protobufMessage = d.str(v) ?? WRITE_V1),
    queue_config: (v) =>
      d.fields(v, 'config.QueueConfig', {
        capacity: (x) => (q.capacity = d.int(x) ?? q.capacity),
        max_shards: (x) => (q.maxShards = d.int(x) ?? q.maxShards),
        min_shards: (x) => (q.minShards = d.int(x) ?? q.minShards),
        max_samples_per_send: (x) => (q.maxSamplesPerSend = d.int(x) ?? q.maxSamplesPerSend),
        batch_send_deadline: (x) => (q.batchSendDeadlineMs = duration(d, x) ?? q.batchSendDeadlineMs),
        min_backoff: (x) => (q.minBackoffMs = duration(d, x) ?? q.minBackoffMs),
        max_backoff: (x) => (q.maxBackoffMs = duration(d, x) ?? q.maxBackoffMs),
        retry_on_http_429: (x) => (q.retryOnRateLimit = d.bool(x) ?? false),
        sample_age_limit: (x) => (q.sampleAgeLimitMs = duration(d, x) ?? 0),
      }),
    metadata_config: (v) =>
      d.fields(v, 'config.MetadataConfig', {
        send: (x) => (m.send = d.bool(x) ?? false),
        send_interval: (x) => (m.sendIntervalMs = duration(d, x) ?? 0),
        max_samples_per_send: (x) => (m.maxSamplesPerSend = d.int(x) ?? m.maxSamplesPerSend),
      }),
    sigv4: (v) => (rw.sigv4 = raw(v)),
    azuread: (v) => (rw.azuread = raw(v)),
    google_iam: (v) => (rw.googleIAM = raw(v)),
  });
  if (d.errorCount !== before) return undefined;
  if (rw.url === '') d.fail(node, 'url for remote_write is empty');
  validateRemoteHeaders(d, node, rw.headers, 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter');
  if (rw.protobufMessage !== WRITE_V1 && rw.protobufMessage !== WRITE_V2) {
    d.fail(node, `invalid protobuf_message value: unknown type for remote write protobuf message ${rw.protobufMessage}, supported: ${WRITE_V1}, ${WRITE_V2}`);
  }
  // Queue settings Prometheus 3 refuses: a queue that can hold or send nothing, or backoffs the wrong way round.
  if (q.capacity <= 0) d.fail(node, `remote write queue_config: capacity must be greater than 0, got ${q.capacity}`);
  if (q.maxSamplesPerSend <= 0) d.fail(node, `remote write queue_config: max_samples_per_send must be greater than 0, got ${q.maxSamplesPerSend}`);
  if (q.maxShards <= 0) d.fail(node, `remote write queue_config: max_shards must be greater than 0, got ${q.maxShards}`);
  if (q.minShards <= 0) d.fail(node, `remote write queue_config: min_shards must be greater than 0, got ${q.minShards}`);
  if (q.minShards > q.maxShards) d.fail(node, `remote write queue_config: min_shards (${q.minShards}) must not be greater than max_shards (${q.maxShards})`);
  if (q.maxBackoffMs < q.minBackoffMs) d.fail(node, 'remote write queue_config: max_backoff must not be less than min_backoff');
  rw.httpClient = finishHTTPClient(d, http);
  const auth: string[] = [];
  if (rw.httpClient.basicAuth) auth.push('basic_auth');
  if (rw.httpClient.authorization) auth.push('authorization');
  if (rw.httpClient.oauth2) auth.push('oauth2');
  if (rw.sigv4) auth.push('sigv4');
  if (rw.azuread) auth.push('azuread');
  if (rw.googleIAM) auth.push('google_iam');
  if (auth.length > 1) {
    d.fail(node, `at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [${auth.join(' ')}]`);
  }
  rw.writeRelabelConfigs = relabel.configs;
  return { cfg: rw, node, relabel };
}

export function decodeRemoteRead(d: Decoder, node: Node, dir: string): RemoteReadConfig | undefined {
  if (d.isNull(node)) d.fail(node, 'empty or null remote read config section');
  const before = d.errorCount;
  const http = startHTTPClient(node);
  const rr: RemoteReadConfig = {
    url: '',
    remoteTimeoutMs: 60_000,
    chunkedReadLimit: 5e7,
    headers: {},
    readRecent: false,
    name: '',
    httpClient: http.cfg,
    requiredMatchers: {},
    filterExternalLabels: true,
  };
  d.fields(node, 'config.RemoteReadConfig', {
    ...httpClientFields(d, dir, http),
    url: (v) => (rr.url = decodeURL(d, v)),
    remote_timeout: (v) => (rr.remoteTimeoutMs = duration(d, v) ?? rr.remoteTimeoutMs),
    chunked_read_limit: (v) => (rr.chunkedReadLimit = d.int(v, true) ?? rr.chunkedReadLimit),
    headers: (v) => (rr.headers = headerMap(d, v)),
    read_recent: (v) => (rr.readRecent = d.bool(v) ?? false),
    name: (v) => (rr.name = d.str(v) ?? ''),
    required_matchers: (v) => (rr.requiredMatchers = headerMap(d, v)),
    filter_external_labels: (v) => (rr.filterExternalLabels = d.bool(v) ?? false),
  });
  if (d.errorCount !== before) return undefined;
  if (rr.url === '') d.fail(node, 'url for remote_read is empty');
  validateRemoteHeaders(d, node, rr.headers, 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter');
  rr.httpClient = finishHTTPClient(d, http);
  return rr;
}

const CHUNK_ENCODINGS = new Set(['xor', 'xor2']);

export function decodeStorage(d: Decoder, node: Node): StorageConfig {
  const s: StorageConfig = {};
  d.fields(node, 'config.StorageConfig', {
    tsdb: (v) => {
      if (d.isNull(v)) return;
      const t: NonNullable<StorageConfig['tsdb']> = { outOfOrderTimeWindowMs: 0, extra: {} };
      d.fields(v, 'config.plain', {
        out_of_order_time_window: (x) => (t.outOfOrderTimeWindowMs = duration(d, x) ?? 0),
        stale_series_compaction_threshold: (x) => {
          const f = d.float(x);
          if (f !== undefined && !(f >= 0 && f <= 1)) d.fail(x, `stale_series_compaction_threshold must be between 0 and 1, got ${f}`);
          if (f !== undefined) t.extra['stale_series_compaction_threshold'] = f;
        },
        retention: (x) => {
          if (d.isNull(x)) return;
          const r = { timeMs: 0, sizeBytes: 0, percentage: 0 };
          d.fields(x, 'config.TSDBRetentionConfig', {
            time: (y) => (r.timeMs = duration(d, y) ?? 0),
            size: (y) => {
              const str = d.str(y, 'units.Base2Bytes');
              if (str === undefined) return;
              try {
                r.sizeBytes = parseBase2Bytes(str);
              } catch (e) {
                d.fail(y, (e as Error).message);
              }
              if (r.sizeBytes < 0) d.fail(y, `invalid retention size ${goQuote(str)}: must not be negative`);
            },
            percentage: (y) => {
              const p = d.float(y);
              if (p === undefined) return;
              if (!(p >= 0 && p <= 100)) d.fail(y, `invalid retention percentage ${p}: must be between 0 and 100`);
              r.percentage = p;
            },
          });
          t.retention = r;
        },
        chunk_encoding: (x) =>
          d.fields(x, 'config.ChunkEncodingConfig', {
            floats: (y) => {
              const e = d.str(y) ?? '';
              if (!CHUNK_ENCODINGS.has(e)) d.fail(y, `invalid float chunk encoding ${goQuote(e)}, supported: xor, xor2`);
              t.extra['chunk_encoding.floats'] = e;
            },
          }),
      });
      s.tsdb = t;
    },
    exemplars: (v) => {
      if (d.isNull(v)) return;
      const e = { maxExemplars: 100000 };
      d.fields(v, 'config.ExemplarsConfig', { max_exemplars: (x) => (e.maxExemplars = d.int(x) ?? 0) });
      s.exemplars = e;
    },
  });
  return s;
}

export function decodeTracing(d: Decoder, node: Node, dir: string): Record<string, unknown> | undefined {
  if (d.isNull(node)) return undefined;
  const before = d.errorCount;
  const t: Record<string, unknown> = { client_type: 'grpc' };
  let endpoint = '';
  let headers: Record<string, string> = {};
  let compression = '';
  d.fields(node, 'config.plain', {
    client_type: (v) => {
      const s = d.str(v) ?? '';
      if (s !== 'grpc' && s !== 'http') d.fail(v, `expected tracing client type to be to be grpc or http, but got ${s}`);
      t['client_type'] = s;
    },
    endpoint: (v) => (t['endpoint'] = endpoint = d.str(v) ?? ''),
    sampling_fraction: (v) => (t['sampling_fraction'] = d.float(v) ?? 0),
    insecure: (v) => (t['insecure'] = d.bool(v) ?? false),
    tls_config: (v) => (t['tls_config'] = decodeTLSConfig(d, v, dir)),
    headers: (v) => (t['headers'] = headers = headerMap(d, v)),
    compression: (v) => (t['compression'] = compression = d.str(v) ?? ''),
    timeout: (v) => (t['timeout_ms'] = duration(d, v) ?? 0),
  });
  if (d.errorCount !== before) return t;
  for (const h of Object.keys(headers)) {
    if (h.toLowerCase() === 'authorization') d.fail(node, 'custom authorization header configuration is not yet supported');
    if (RESERVED_REMOTE_HEADERS.has(h.toLowerCase())) d.fail(node, `${h} is a reserved header. It must not be changed`);
  }
  if (endpoint === '') d.fail(node, 'tracing endpoint must be set');
  if (compression !== '' && compression !== 'gzip') d.fail(node, `invalid compression type ${compression} provided, valid options: gzip`);
  return t;
}

export function defaultOTLPConfig(): OTLPConfig {
  return {
    promoteAllResourceAttributes: false,
    promoteResourceAttributes: [],
    ignoreResourceAttributes: [],
    translationStrategy: 'UnderscoreEscapingWithSuffixes',
    keepIdentifyingResourceAttributes: false,
    convertHistogramsToNHCB: false,
    promoteScopeMetadata: false,
    labelNameUnderscoreSanitization: true,
    labelNamePreserveMultipleUnderscores: true,
  };
}

export const OTLP_STRATEGIES = new Set([
  'UnderscoreEscapingWithSuffixes',
  'UnderscoreEscapingWithoutSuffixes',
  'NoUTF8EscapingWithSuffixes',
  'NoTranslation',
]);

export function decodeOTLP(d: Decoder, node: Node): OTLPConfig {
  const o = defaultOTLPConfig();
  const before = d.errorCount;
  d.fields(node, 'config.plain', {
    promote_all_resource_attributes: (v) => (o.promoteAllResourceAttributes = d.bool(v) ?? false),
    promote_resource_attributes: (v) => (o.promoteResourceAttributes = d.strList(v) ?? []),
    ignore_resource_attributes: (v) => (o.ignoreResourceAttributes = d.strList(v) ?? []),
    translation_strategy: (v) => (o.translationStrategy = d.str(v) ?? ''),
    keep_identifying_resource_attributes: (v) => (o.keepIdentifyingResourceAttributes = d.bool(v) ?? false),
    convert_histograms_to_nhcb: (v) => (o.convertHistogramsToNHCB = d.bool(v) ?? false),
    promote_scope_metadata: (v) => (o.promoteScopeMetadata = d.bool(v) ?? false),
    label_name_underscore_sanitization: (v) => (o.labelNameUnderscoreSanitization = d.bool(v) ?? false),
    label_name_preserve_multiple_underscores: (v) => (o.labelNamePreserveMultipleUnderscores = d.bool(v) ?? false),
  });
  if (d.errorCount !== before) return o;
  if (o.promoteAllResourceAttributes) {
    if (o.promoteResourceAttributes.length > 0) {
      d.fail(node, "'promote_all_resource_attributes' and 'promote_resource_attributes' cannot be configured simultaneously");
    }
    const err = sanitizeAttributes(o.ignoreResourceAttributes, 'ignored');
    if (err) d.fail(node, `invalid 'ignore_resource_attributes': ${err}`);
  } else {
    if (o.ignoreResourceAttributes.length > 0) {
      d.fail(node, "'ignore_resource_attributes' cannot be configured unless 'promote_all_resource_attributes' is true");
    }
    const err = sanitizeAttributes(o.promoteResourceAttributes, 'promoted');
    if (err) d.fail(node, `invalid 'promote_resource_attributes': ${err}`);
  }
  return o;
}

/** Trims attribute names in place; returns every problem, one per line (Go's errors.Join). */
function sanitizeAttributes(attrs: string[], adjective: string): string | undefined {
  const seen = new Set<string>();
  const errs: string[] = [];
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i]!.trim();
    if (a === '') {
      errs.push(`empty ${adjective} OTel resource attribute`);
      continue;
    }
    if (seen.has(a)) {
      errs.push(`duplicated ${adjective} OTel resource attribute ${goQuote(a)}`);
      continue;
    }
    seen.add(a);
    attrs[i] = a;
  }
  return errs.length ? errs.join('\n') : undefined;
}
