/**
 * The service discovery sections of scrape and alertmanager configs: static_configs,
 * file_sd_configs and http_sd_configs are decoded; Prometheus's other discoveries are
 * recognised by name and refused (or skipped, when the caller asks) with a message saying
 * Hearth does not support them.
 */

import type { FileSDConfig, HTTPSDConfig, ServiceDiscoveryConfigs, StaticConfig } from './types.js';
import { Labels } from '../model/labels.js';
import { finishHTTPClient, httpClientFields, joinDir, startHTTPClient } from './httpClient.js';
import { isValidLabelName } from '../../../shared/text/names.js';
import { parseDuration } from './units.js';
import { goQuote } from '../../../shared/text/quote.js';
import { Decoder, type FieldHandler, type Node } from './yamlDecoder.js';

/** Prometheus's discovery mechanisms that Hearth does not implement, with a readable name. */
export const UNSUPPORTED_SD: Readonly<Record<string, string>> = {
  azure_sd_configs: 'Azure',
  consul_sd_configs: 'Consul',
  digitalocean_sd_configs: 'DigitalOcean',
  docker_sd_configs: 'Docker',
  dockerswarm_sd_configs: 'Docker Swarm',
  dns_sd_configs: 'DNS',
  ec2_sd_configs: 'EC2',
  eureka_sd_configs: 'Eureka',
  gce_sd_configs: 'GCE',
  hetzner_sd_configs: 'Hetzner',
  ionos_sd_configs: 'IONOS',
  kubernetes_sd_configs: 'Kubernetes',
  kuma_sd_configs: 'Kuma',
  lightsail_sd_configs: 'Lightsail',
  linode_sd_configs: 'Linode',
  marathon_sd_configs: 'Marathon',
  nerve_sd_configs: 'Nerve',
  nomad_sd_configs: 'Nomad',
  oci_sd_configs: 'OCI',
  openstack_sd_configs: 'OpenStack',
  outscale_sd_configs: 'Outscale',
  ovhcloud_sd_configs: 'OVHcloud',
  puppetdb_sd_configs: 'PuppetDB',
  scaleway_sd_configs: 'Scaleway',
  serverset_sd_configs: 'Serverset',
  stackit_sd_configs: 'STACKIT',
  triton_sd_configs: 'Triton',
  uyuni_sd_configs: 'Uyuni',
  vultr_sd_configs: 'Vultr',
  aws_sd_configs: 'AWS',
  ecs_sd_configs: 'ECS',
  rds_sd_configs: 'RDS',
  msk_sd_configs: 'MSK',
  elasticache_sd_configs: 'ElastiCache',
};

export const SUPPORTED_SD = ['static_configs', 'file_sd_configs', 'http_sd_configs'] as const;

export function unsupportedSDMessage(field: string): string {
  return `Hearth does not support ${field} (${UNSUPPORTED_SD[field]} service discovery); supported discovery: ${SUPPORTED_SD.join(', ')}`;
}

export interface SDDecodeOptions {
  dir: string;
  /** Skip unsupported discoveries (reporting them here) instead of refusing the config. */
  onUnsupported?: (field: string, node: Node) => void;
}

export function emptySD(): ServiceDiscoveryConfigs {
  return { staticConfigs: [], fileSDConfigs: [], httpSDConfigs: [] };
}

// file_sd accepts only these names, with at most one '*' in the last path element.
const FILE_SD_NAME = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

/** Field handlers for the SD sections; merge into the owner's spec. */
export function sdFields(d: Decoder, sd: ServiceDiscoveryConfigs, staticNodes: Node[], opts: SDDecodeOptions): Record<string, FieldHandler> {
  const spec: Record<string, FieldHandler> = {
    static_configs: (v) => {
      for (const it of d.seq(v, 'discovery.StaticConfig') ?? []) {
        if (d.isNull(it)) d.fail(it ?? v, 'empty or null section in static_configs');
        const sc = decodeStaticConfig(d, it);
        if (sc) {
          sd.staticConfigs.push(sc);
          staticNodes.push(it);
        }
      }
    },
    file_sd_configs: (v) => {
      for (const it of d.seq(v, '[]*file.SDConfig') ?? []) {
        if (d.isNull(it)) d.fail(it ?? v, 'empty or null section in file_sd_configs');
        const c = decodeFileSD(d, it, opts.dir);
        if (c) sd.fileSDConfigs.push(c);
      }
    },
    http_sd_configs: (v) => {
      for (const it of d.seq(v, '[]*http.SDConfig') ?? []) {
        if (d.isNull(it)) d.fail(it ?? v, 'empty or null section in http_sd_configs');
        const c = decodeHTTPSD(d, it, opts.dir);
        if (c) sd.httpSDConfigs.push(c);
      }
    },
  };
  for (const field of Object.keys(UNSUPPORTED_SD)) {
    spec[field] = (v, key) => {
      if (d.isNull(v)) return;
      if (opts.onUnsupported) opts.onUnsupported(field, key);
      else d.fail(key, unsupportedSDMessage(field));
    };
  }
  return spec;
}

/** One target group of static_configs (also the shape of file_sd entries). */
export function decodeStaticConfig(d: Decoder, node: Node): StaticConfig | undefined {
  const before = d.errorCount;
  let targets: string[] = [];
  let labels = Labels.EMPTY;
  d.fields(node, 'targetgroup.plain', {
    targets: (v) => (targets = d.strList(v) ?? []),
    labels: (v) => (labels = decodeLabelSet(d, v)),
  });
  if (d.errorCount !== before) return undefined;
  return { targets, labels };
}

/** A model.LabelSet: names must be valid (UTF-8), values well-formed. */
export function decodeLabelSet(d: Decoder, node: Node): Labels {
  const pairs: Array<[string, string]> = [];
  for (const p of d.pairs(node, 'model.LabelSet') ?? []) {
    const k = p.key as Node;
    const name = d.str(k, 'model.LabelName', (q) => d.fail(k, `${q} is not a valid label name`)) ?? '';
    if (!isValidLabelName(name, 'utf8')) d.fail(k, `${goQuote(name)} is not a valid label name`);
    const vnode = p.value as Node;
    const value = d.str(vnode, 'model.LabelValue', (q) => d.fail(vnode, `${q} is not a valid label value`)) ?? '';
    pairs.push([name, value]);
  }
  return Labels.fromPairs(pairs);
}

function decodeFileSD(d: Decoder, node: Node, dir: string): FileSDConfig | undefined {
  const before = d.errorCount;
  let files: string[] = [];
  let refreshIntervalMs = 5 * 60 * 1000;
  d.fields(node, 'file.plain', {
    files: (v) => (files = d.strList(v) ?? []),
    refresh_interval: (v) => (refreshIntervalMs = duration(d, v) ?? refreshIntervalMs),
  });
  if (d.errorCount !== before) return undefined;
  if (files.length === 0) d.fail(node, 'file service discovery config must contain at least one path name');
  for (const f of files) {
    if (!FILE_SD_NAME.test(f)) d.fail(node, `path name ${goQuote(f)} is not valid for file discovery`);
  }
  return { files: files.map((f) => joinDir(dir, f)), refreshIntervalMs };
}

function decodeHTTPSD(d: Decoder, node: Node, dir: string): HTTPSDConfig | undefined {
  const before = d.errorCount;
  let url = '';
  let refreshIntervalMs = 60 * 1000;
  const http = startHTTPClient(node);
  d.fields(node, 'http.plain', {
    ...httpClientFields(d, dir, http),
    url: (v) => (url = d.str(v) ?? ''),
    refresh_interval: (v) => (refreshIntervalMs = duration(d, v) ?? refreshIntervalMs),
  });
  if (d.errorCount !== before) return undefined;
  if (url === '') d.fail(node, 'URL is missing');
  const parsed = parseGoURL(url);
  if (parsed === undefined) d.fail(node, `parse ${goQuote(url)}: invalid URL`);
  if (parsed.scheme !== 'http' && parsed.scheme !== 'https') d.fail(node, "URL scheme must be 'http' or 'https'");
  if (parsed.host === '') d.fail(node, 'host is missing in URL');
  return { url, refreshIntervalMs, httpClient: finishHTTPClient(d, http) };
}

/** A duration field: semantic error with Prometheus's wording when malformed. */
export function duration(d: Decoder, v: Node): number | undefined {
  const s = d.str(v, 'model.Duration');
  if (s === undefined) return undefined;
  try {
    return parseDuration(s);
  } catch (e) {
    d.fail(v, (e as Error).message);
  }
}

/**
 * The parts of a URL as Go's url.Parse sees them (scheme and host), or undefined when Go
 * would refuse it. Go accepts scheme-less references such as "localhost:9090" (scheme
 * "localhost") or "foo" (a relative path), so this is deliberately lenient.
 */
export function parseGoURL(s: string): { scheme: string; host: string } | undefined {
  if (/[\x00-\x1f\x7f ]/.test(s)) return undefined;
  if (/%(?![0-9a-fA-F]{2})/.test(s.split('#')[0]!)) return undefined;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
  if (!m) {
    // A relative reference: its first segment may not contain ':'.
    if (/^[^/?#]*:/.test(s)) return undefined;
    return { scheme: '', host: '' };
  }
  const rest = m[2]!;
  let host = '';
  if (rest.startsWith('//')) {
    const auth = rest.slice(2).split(/[/?#]/)[0]!;
    host = auth.includes('@') ? auth.slice(auth.lastIndexOf('@') + 1) : auth;
  }
  return { scheme: m[1]!.toLowerCase(), host };
}
