/**
 * parseConfig: prometheus.yml text → a defaulted, validated Config, refusing what
 * Prometheus's config.Load refuses, with its wording, plus file/line/column.
 */

import path from 'node:path';
import { Labels } from '../model/labels.js';
import type { Config, GlobalConfig, NameValidationScheme, ScrapeConfig, ScrapeProtocol } from './types.js';
import { ConfigError } from './errors.js';
import { SUPPORTED_SD, UNSUPPORTED_SD, duration } from './discoveryConfig.js';
import { joinDir } from './httpClient.js';
import { isValidLabelName, isValidUtf8 } from '../../../shared/text/names.js';
import { validateRelabelList } from './relabelConfig.js';
import { decodeScrapeConfig, finishScrapeConfig, validateScrapeProtocols, decodeValidationScheme, type DecodedScrapeConfig } from './scrapeConfig.js';
import {
  decodeAlerting,
  decodeOTLP,
  decodeRemoteRead,
  decodeRemoteWrite,
  decodeStorage,
  decodeTracing,
  defaultOTLPConfig,
  OTLP_STRATEGIES,
  type DecodedAlerting,
  type DecodedRemoteWrite,
} from './sections.js';
import { parseBase2Bytes } from './units.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Decoder, SemanticError, SyntaxError, type Node, type Position } from './yamlDecoder.js';

export interface ParseOptions {
  /**
   * Skip scrape/alertmanager discoveries Hearth does not support instead of refusing the
   * config; each one skipped is reported through `onWarning`. Default false (refuse).
   */
  allowUnsupportedSD?: boolean;
  onWarning?: (message: string) => void;
  /** Environment for `${VAR}` in external_labels; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Directory that relative paths are joined with; default the directory of `filename`. */
  baseDir?: string;
}

// rule_files and scrape_config_files entries: a '*' is allowed only in the last path element.
const PAT_RULE_PATH = /^[^*]*(\*[^/]*)?$/;

export function defaultGlobalConfig(): GlobalConfig {
  return {
    scrapeIntervalMs: 60_000,
    scrapeTimeoutMs: 10_000,
    evaluationIntervalMs: 60_000,
    ruleQueryOffsetMs: 0,
    queryLogFile: '',
    scrapeFailureLogFile: '',
    externalLabels: Labels.EMPTY,
    bodySizeLimitBytes: 0,
    sampleLimit: 0,
    targetLimit: 0,
    labelLimit: 0,
    labelNameLengthLimit: 0,
    labelValueLengthLimit: 0,
    keepDroppedTargets: 0,
    metricNameValidationScheme: 'utf8',
    metricNameEscapingScheme: '',
    scrapeNativeHistograms: false,
    convertClassicHistogramsToNHCB: false,
    alwaysScrapeClassicHistograms: false,
    extraScrapeMetrics: false,
  };
}

/** Parses and validates prometheus.yml text. Throws ConfigError naming `filename`. */
export function parseConfig(text: string, filename: string, opts: ParseOptions = {}): Config {
  try {
    return parse(text, filename, opts);
  } catch (e) {
    throw toConfigError(e, filename);
  }
}

/** Turns a decoder failure into a ConfigError with Prometheus's wording and our position. */
export function toConfigError(e: unknown, filename: string, prefix = ''): ConfigError {
  if (e instanceof ConfigError) return e;
  if (e instanceof TypeErrors) {
    const lines = e.errors.map((t) => `${posPrefix(t.pos)}${t.msg}`);
    const first = e.errors[0]?.pos;
    const body = `${prefix}yaml: unmarshal errors:\n  ${lines.join('\n  ')}`;
    return new ConfigError(filename, lines, first?.line, first?.column, filename === '' ? body : `parsing YAML file ${filename}: ${body}`);
  }
  if (e instanceof SemanticError) {
    const where = e.pos ? ` (line ${e.pos.line}, column ${e.pos.column})` : '';
    return new ConfigError(filename, [`${prefix}${e.message}${where}`], e.pos?.line, e.pos?.column);
  }
  if (e instanceof SyntaxError) return new ConfigError(filename, [`${prefix}${e.message}`], e.pos?.line, e.pos?.column);
  throw e;
}

function posPrefix(p: Position | undefined): string {
  return p ? `line ${p.line}, column ${p.column}: ` : '';
}

/** Collected unmarshal errors, thrown once decoding is done. */
export class TypeErrors extends Error {
  constructor(readonly errors: { msg: string; pos?: Position }[]) {
    super('yaml: unmarshal errors');
  }
}

interface Decoded {
  global: GlobalConfig;
  globalNode: Node;
  gogc: number;
  alerting?: DecodedAlerting;
  ruleFiles: string[];
  scrapeConfigFiles: string[];
  scrape: Array<DecodedScrapeConfig | null>;
  scrapeNodes: Node[];
  remoteWrite: Array<DecodedRemoteWrite | undefined>;
  remoteRead: ReturnType<typeof decodeRemoteRead>[];
  storage: Config['storage'];
  tracing?: Record<string, unknown>;
  otlp: Config['otlp'];
  otlpNode: Node;
}

function parse(text: string, filename: string, opts: ParseOptions): Config {
  const dir = opts.baseDir ?? (filename === '' ? '' : path.dirname(filename));
  const d = new Decoder(text);
  const sdOpts = {
    dir,
    onUnsupported: opts.allowUnsupportedSD
      ? (field: string) => opts.onWarning?.(`skipping ${field}: Hearth does not support ${UNSUPPORTED_SD[field]} service discovery`)
      : undefined,
  };
  const dec: Decoded = {
    global: defaultGlobalConfig(),
    globalNode: null,
    gogc: 75,
    ruleFiles: [],
    scrapeConfigFiles: [],
    scrape: [],
    scrapeNodes: [],
    remoteWrite: [],
    remoteRead: [],
    storage: {},
    otlp: defaultOTLPConfig(),
    otlpNode: null,
  };
  d.fields(d.root, 'config.plain', {
    global: (v) => {
      dec.globalNode = v;
      dec.global = decodeGlobal(d, v);
    },
    runtime: (v) => d.fields(v, 'config.plain', { gogc: (x) => (dec.gogc = d.int(x) || 75) }),
    alerting: (v) => (dec.alerting = decodeAlerting(d, v, sdOpts)),
    rule_files: (v) => (dec.ruleFiles = d.strList(v) ?? []),
    scrape_config_files: (v) => (dec.scrapeConfigFiles = d.strList(v) ?? []),
    scrape_configs: (v) => {
      for (const it of d.seq(v, '[]*config.ScrapeConfig') ?? []) {
        dec.scrapeNodes.push(it);
        if (d.isNull(it)) dec.scrape.push(null);
        else {
          const s = decodeScrapeConfig(d, it, sdOpts);
          if (s) dec.scrape.push(s);
        }
      }
    },
    storage: (v) => (dec.storage = decodeStorage(d, v)),
    tracing: (v) => (dec.tracing = decodeTracing(d, v, dir)),
    remote_write: (v) => {
      for (const it of d.seq(v, '[]*config.RemoteWriteConfig') ?? []) dec.remoteWrite.push(decodeRemoteWrite(d, it, dir));
    },
    remote_read: (v) => {
      for (const it of d.seq(v, '[]*config.RemoteReadConfig') ?? []) dec.remoteRead.push(decodeRemoteRead(d, it, dir));
    },
    otlp: (v) => {
      dec.otlpNode = v;
      dec.otlp = decodeOTLP(d, v);
    },
  });
  if (d.typeErrors.length > 0) throw new TypeErrors(d.typeErrors);
  return finish(d, dec, text, filename, dir, opts);
}

function decodeGlobal(d: Decoder, node: Node): GlobalConfig {
  const g = defaultGlobalConfig();
  const before = d.errorCount;
  let interval = 0;
  let timeout = 0;
  let evaluation = 0;
  let scheme: NameValidationScheme | '' = '';
  let protocols: string[] | undefined;
  const labelPairs: Array<[string, string, Node]> = [];
  const uint = (apply: (n: number) => void) => (v: Node) => apply(d.int(v, true) ?? 0);
  d.fields(node, 'config.plain', {
    scrape_interval: (v) => (interval = duration(d, v) ?? 0),
    scrape_timeout: (v) => (timeout = duration(d, v) ?? 0),
    scrape_protocols: (v) => (protocols = d.strList(v, '[]config.ScrapeProtocol')),
    evaluation_interval: (v) => (evaluation = duration(d, v) ?? 0),
    rule_query_offset: (v) => (g.ruleQueryOffsetMs = duration(d, v) ?? 0),
    query_log_file: (v) => (g.queryLogFile = d.str(v) ?? ''),
    scrape_failure_log_file: (v) => (g.scrapeFailureLogFile = d.str(v) ?? ''),
    external_labels: (v) => {
      const seen = new Set<string>();
      for (const p of d.pairs(v, 'labels.Labels') ?? []) {
        const k = p.key as Node;
        const name = d.str(k, 'string', (q) => d.fail(k, `${q} is not a valid label name`)) ?? '';
        const vn = p.value as Node;
        const value = d.str(vn, 'string', (q) => d.fail(vn, `${q} is not a valid label value`)) ?? '';
        if (seen.has(name)) d.typeError(k, `key ${goQuote(name)} already set in map`);
        seen.add(name);
        labelPairs.push([name, value, k]);
      }
    },
    body_size_limit: (v) => {
      const s = d.str(v, 'units.Base2Bytes');
      if (s === undefined) return;
      try {
        g.bodySizeLimitBytes = parseBase2Bytes(s);
      } catch (e) {
        d.fail(v, (e as Error).message);
      }
    },
    sample_limit: uint((n) => (g.sampleLimit = n)),
    target_limit: uint((n) => (g.targetLimit = n)),
    label_limit: uint((n) => (g.labelLimit = n)),
    label_name_length_limit: uint((n) => (g.labelNameLengthLimit = n)),
    label_value_length_limit: uint((n) => (g.labelValueLengthLimit = n)),
    keep_dropped_targets: uint((n) => (g.keepDroppedTargets = n)),
    metric_name_validation_scheme: (v) => (scheme = decodeValidationScheme(d, v)),
    metric_name_escaping_scheme: (v) => (g.metricNameEscapingScheme = (d.str(v) ?? '') as GlobalConfig['metricNameEscapingScheme']),
    scrape_native_histograms: (v) => (g.scrapeNativeHistograms = d.bool(v) ?? false),
    convert_classic_histograms_to_nhcb: (v) => (g.convertClassicHistogramsToNHCB = d.bool(v) ?? false),
    always_scrape_classic_histograms: (v) => (g.alwaysScrapeClassicHistograms = d.bool(v) ?? false),
    extra_scrape_metrics: (v) => (g.extraScrapeMetrics = d.bool(v) ?? false),
  });
  if (d.errorCount !== before) return g;
  g.metricNameValidationScheme = scheme === '' ? 'utf8' : scheme;
  for (const [name, value, k] of labelPairs) {
    if (!isValidLabelName(name, g.metricNameValidationScheme)) d.fail(k, `${goQuote(name)} is not a valid label name`);
    if (!isValidUtf8(value)) d.fail(k, `${goQuote(value)} is not a valid label value`);
  }
  // Expanded later (Load does it after unmarshalling); keep the raw pairs meanwhile.
  g.externalLabels = Labels.fromPairs(labelPairs.map(([n, v]) => [n, v] as [string, string]));
  rawExternal.set(g, labelPairs.map(([n, v]) => [n, v]));
  g.scrapeIntervalMs = interval === 0 ? 60_000 : interval;
  if (timeout > g.scrapeIntervalMs) d.fail(node, 'global scrape timeout greater than scrape interval');
  g.scrapeTimeoutMs = timeout === 0 ? Math.min(10_000, g.scrapeIntervalMs) : timeout;
  g.evaluationIntervalMs = evaluation === 0 ? 60_000 : evaluation;
  if (protocols !== undefined) {
    const err = validateScrapeProtocols(protocols);
    if (err) d.fail(node, `${err} for global config`);
    g.scrapeProtocols = protocols as ScrapeProtocol[];
  }
  return g;
}

// External label values before ${VAR} expansion (which needs the caller's environment).
const rawExternal = new WeakMap<GlobalConfig, Array<[string, string]>>();

function finish(d: Decoder, dec: Decoded, text: string, filename: string, dir: string, opts: ParseOptions): Config {
  const g = dec.global;
  g.queryLogFile = joinDir(dir, g.queryLogFile);
  g.scrapeFailureLogFile = joinDir(dir, g.scrapeFailureLogFile);
  for (const rf of dec.ruleFiles) if (!PAT_RULE_PATH.test(rf)) throw new SemanticError(`invalid rule file path ${goQuote(rf)}`);
  for (const sf of dec.scrapeConfigFiles) {
    if (!PAT_RULE_PATH.test(sf)) throw new SemanticError(`invalid scrape config file path ${goQuote(sf)}`);
  }
  const scrapeConfigs: ScrapeConfig[] = [];
  const jobs = new Set<string>();
  for (let i = 0; i < dec.scrape.length; i++) {
    const s = dec.scrape[i];
    if (!s) throw new SemanticError('empty or null scrape config section', d.pos(dec.scrapeNodes[i]));
    const c = finishScrapeConfig(d, s, g);
    if (jobs.has(c.jobName)) d.fail(s.node, `found multiple scrape configs with job name ${goQuote(c.jobName)}`);
    jobs.add(c.jobName);
    scrapeConfigs.push(c);
  }
  if (dec.alerting) for (const l of dec.alerting.relabelLists) validateRelabelList(d, l, g.metricNameValidationScheme);
  const rwNames = new Set<string>();
  for (const rw of dec.remoteWrite) {
    if (!rw) continue;
    if (rw.cfg.name !== '' && rwNames.has(rw.cfg.name)) d.fail(rw.node, `found multiple remote write configs with job name ${goQuote(rw.cfg.name)}`);
    validateRelabelList(d, rw.relabel, g.metricNameValidationScheme);
    rwNames.add(rw.cfg.name);
  }
  const rrNames = new Set<string>();
  for (const rr of dec.remoteRead) {
    if (!rr) continue;
    if (rr.name !== '' && rrNames.has(rr.name)) throw new SemanticError(`found multiple remote read configs with job name ${goQuote(rr.name)}`);
    rrNames.add(rr.name);
  }

  // Only external label values get ${VAR} expansion, as in Prometheus.
  const env = opts.env ?? process.env;
  const raw = rawExternal.get(g) ?? [];
  if (raw.length > 0) {
    g.externalLabels = Labels.fromPairs(
      raw.map(([n, v]) => [n, expandEnv(v, (name) => {
        const val = env[name] ?? '';
        if (val === '') opts.onWarning?.(`Empty environment variable ${name} in external label ${n}`);
        return val;
      })] as [string, string]),
    );
  }

  const o = dec.otlp;
  if (!OTLP_STRATEGIES.has(o.translationStrategy) && o.translationStrategy !== '') {
    d.fail(dec.otlpNode, `unsupported OTLP translation strategy ${goQuote(o.translationStrategy)}`);
  }
  if ((o.translationStrategy === 'NoTranslation' || o.translationStrategy === 'NoUTF8EscapingWithSuffixes') && g.metricNameValidationScheme === 'legacy') {
    d.fail(dec.otlpNode, `OTLP translation strategy ${goQuote(o.translationStrategy)} is not allowed when UTF8 is disabled`);
  }

  return {
    global: g,
    runtime: { gogc: dec.gogc },
    alerting: dec.alerting?.cfg ?? { alertRelabelConfigs: [], alertmanagers: [] },
    ruleFiles: dec.ruleFiles.map((f) => joinDir(dir, f)),
    scrapeConfigFiles: dec.scrapeConfigFiles.map((f) => joinDir(dir, f)),
    scrapeConfigs,
    storage: dec.storage,
    tracing: dec.tracing,
    remoteWrite: dec.remoteWrite.filter((x): x is DecodedRemoteWrite => !!x).map((x) => x.cfg),
    remoteRead: dec.remoteRead.filter((x): x is NonNullable<typeof x> => !!x),
    otlp: o,
    filename,
    source: text,
  };
}

/** Go's os.Expand: `$VAR` and `${VAR}`; `$$` is '$'; `${}` and a dangling `${` are dropped. */
export function expandEnv(s: string, mapping: (name: string) => string): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] === '$' && j + 1 < s.length) {
      out += s.slice(i, j);
      const [name, w] = shellName(s.slice(j + 1));
      if (name === '' && w > 0) {
        // Bad syntax: the characters are eaten.
      } else if (name === '') {
        out += '$';
      } else {
        out += name === '$' ? '$' : mapping(name);
      }
      j += w;
      i = j + 1;
    }
  }
  return out + s.slice(i);
}

function isSpecial(c: string): boolean {
  return '*#$@!?-'.includes(c) || (c >= '0' && c <= '9');
}

function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && isSpecial(s[1]!) && s[2] === '}') return [s[1]!, 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') {
        if (i === 1) return ['', 2];
        return [s.slice(1, i), i + 1];
      }
    }
    return ['', 1];
  }
  if (isSpecial(s[0]!)) return [s[0]!, 1];
  let i = 0;
  while (i < s.length && /[A-Za-z0-9_]/.test(s[i]!)) i++;
  return [s.slice(0, i), i];
}

export { SUPPORTED_SD, UNSUPPORTED_SD };
