/**
 * A scrape target: its labels before and after relabelling, its URL, and the state of its
 * last scrape for the targets API. Label population follows Prometheus 3's
 * scrape/target.go (PopulateDiscoveredLabels, PopulateLabels, Target.URL): no default port
 * is added, `instance` defaults to `__address__`, `__meta_*` labels go after relabelling and
 * every other `__`-prefixed label stays internal.
 */

import { createHash } from 'node:crypto';
import type { ScrapeConfig } from '../config/types.js';
import { formatDuration, parseDuration } from '../config/units.js';
import { Labels, LabelsBuilder } from '../model/labels.js';
import { isValidUtf8 } from '../../../shared/text/names.js';
import type { TargetGroup } from './discovery/targetGroup.js';
import { relabel } from './relabel.js';
import type { MetricType } from './textparse/types.js';

export const ADDRESS_LABEL = '__address__';
export const SCHEME_LABEL = '__scheme__';
export const METRICS_PATH_LABEL = '__metrics_path__';
export const SCRAPE_INTERVAL_LABEL = '__scrape_interval__';
export const SCRAPE_TIMEOUT_LABEL = '__scrape_timeout__';
export const PARAM_LABEL_PREFIX = '__param_';
export const META_LABEL_PREFIX = '__meta_';
export const RESERVED_LABEL_PREFIX = '__';
export const JOB_LABEL = 'job';
export const INSTANCE_LABEL = 'instance';

export type TargetHealth = 'up' | 'down' | 'unknown';

/** Metadata of one metric family as last scraped from a target. */
export interface MetricMetadata {
  metric: string;
  type: MetricType;
  help: string;
  unit: string;
}

/** Where a target's loop keeps its metadata; the target only reads it. */
export interface MetadataSource {
  listMetadata(): MetricMetadata[];
  getMetadata(metric: string): MetricMetadata | undefined;
}

/**
 * The labels of a discovered target before relabelling: its own labels, the group's labels
 * where the target has none of that name, then the job's defaults (job, interval, timeout,
 * metrics path, scheme, the first value of each `params` entry) where still unset.
 */
export function discoveredLabels(target: Labels, group: Labels, cfg: ScrapeConfig): Labels {
  const b = new LabelsBuilder(group);
  target.forEach((n, v) => b.set(n, v));
  const defaults: Array<[string, string]> = [
    [JOB_LABEL, cfg.jobName],
    [SCRAPE_INTERVAL_LABEL, formatDuration(cfg.scrapeIntervalMs)],
    [SCRAPE_TIMEOUT_LABEL, formatDuration(cfg.scrapeTimeoutMs)],
    [METRICS_PATH_LABEL, cfg.metricsPath],
    [SCHEME_LABEL, cfg.scheme],
  ];
  for (const [n, v] of defaults) if (b.get(n) === '') b.set(n, v);
  for (const [k, vs] of Object.entries(cfg.params)) {
    const name = PARAM_LABEL_PREFIX + k;
    if (vs.length > 0 && b.get(name) === '') b.set(name, vs[0]!);
  }
  return b.labels();
}

export type PopulateResult =
  | { kind: 'active'; labels: Labels }
  | { kind: 'dropped' }
  | { kind: 'error'; error: string };

/**
 * Relabels a target's discovered labels and checks the result, as PopulateLabels: a target
 * without an address, with a `/` in it, with an unparsable or zero interval or timeout, or
 * with a timeout above its interval is refused with Prometheus's message.
 */
export function populateLabels(discovered: Labels, cfg: ScrapeConfig): PopulateResult {
  const res = relabel(discovered, cfg.relabelConfigs);
  if (res === null) return { kind: 'dropped' };
  const addr = res.get(ADDRESS_LABEL);
  if (addr === '') return { kind: 'error', error: 'no address' };
  if (addr.includes('/')) return { kind: 'error', error: `${JSON.stringify(addr)} is not a valid hostname` };
  const interval = res.get(SCRAPE_INTERVAL_LABEL);
  let intervalMs: number;
  try {
    intervalMs = parseDuration(interval);
  } catch (e) {
    return { kind: 'error', error: `error parsing scrape interval: ${(e as Error).message}` };
  }
  if (intervalMs === 0) return { kind: 'error', error: 'scrape interval cannot be 0' };
  const timeout = res.get(SCRAPE_TIMEOUT_LABEL);
  let timeoutMs: number;
  try {
    timeoutMs = parseDuration(timeout);
  } catch (e) {
    return { kind: 'error', error: `error parsing scrape timeout: ${(e as Error).message}` };
  }
  if (timeoutMs === 0) return { kind: 'error', error: 'scrape timeout cannot be 0' };
  if (timeoutMs > intervalMs) {
    return {
      kind: 'error',
      error: `scrape timeout cannot be greater than scrape interval (${JSON.stringify(timeout)} > ${JSON.stringify(interval)})`,
    };
  }
  const b = new LabelsBuilder(res);
  res.forEach((n) => {
    if (n.startsWith(META_LABEL_PREFIX)) b.del(n);
  });
  if (res.get(INSTANCE_LABEL) === '') b.set(INSTANCE_LABEL, addr);
  const out = b.labels();
  for (let i = 0; i < out.size; i++) {
    if (!isValidUtf8(out.value(i))) {
      return { kind: 'error', error: `invalid label value for ${JSON.stringify(out.name(i))}: ${JSON.stringify(out.value(i))}` };
    }
  }
  return { kind: 'active', labels: out };
}


/** Go's url.QueryEscape: only [A-Za-z0-9-_.~] stay, space becomes '+'. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/** A path as Go's URL.EscapedPath writes it. */
function escapePath(p: string): string {
  return encodeURI(p).replace(/\?/g, '%3F').replace(/#/g, '%23');
}

/**
 * The scrape URL: scheme, address and path from the labels; the config's params with each
 * `__param_<name>` label replacing that parameter's first value; parameters sorted by name.
 */
export function targetURL(labels: Labels, params: Readonly<Record<string, readonly string[]>>): string {
  const q = new Map<string, string[]>();
  for (const [k, vs] of Object.entries(params)) q.set(k, [...vs]);
  labels.forEach((n, v) => {
    if (!n.startsWith(PARAM_LABEL_PREFIX)) return;
    const k = n.slice(PARAM_LABEL_PREFIX.length);
    const vs = q.get(k);
    if (vs && vs.length > 0) vs[0] = v;
    else q.set(k, [v]);
  });
  const parts: string[] = [];
  for (const k of [...q.keys()].sort()) for (const v of q.get(k)!) parts.push(`${queryEscape(k)}=${queryEscape(v)}`);
  const query = parts.length > 0 ? '?' + parts.join('&') : '';
  return `${labels.get(SCHEME_LABEL)}://${labels.get(ADDRESS_LABEL)}${escapePath(labels.get(METRICS_PATH_LABEL))}${query}`;
}

/** Labels without the reserved `__` prefix: what samples and the targets API get. */
export function publicLabels(labels: Labels): Labels {
  const drop: string[] = [];
  labels.forEach((n) => {
    if (n.startsWith(RESERVED_LABEL_PREFIX)) drop.push(n);
  });
  return drop.length === 0 ? labels : labels.without(drop);
}

export class Target {
  readonly url: string;
  /** Identity within a pool: labels and URL, as Prometheus's Target.hash. */
  readonly key: string;
  readonly publicLabels: Labels;
  readonly intervalMs: number;
  readonly timeoutMs: number;

  health: TargetHealth = 'unknown';
  lastError = '';
  /** Time of the last scrape (its sample timestamp), ms; 0 before the first. */
  lastScrapeMs = 0;
  lastScrapeDurationMs = 0;
  metadata: MetadataSource | null = null;

  constructor(
    /** Labels after relabelling (reserved labels kept, `__meta_*` removed). */
    readonly labels: Labels,
    /** Labels before relabelling. */
    public discoveredLabels: Labels,
    params: Readonly<Record<string, readonly string[]>>,
  ) {
    this.url = targetURL(labels, params);
    this.key = `${labels.key}\x00${this.url}`;
    this.publicLabels = publicLabels(labels);
    // populateLabels has validated both, so they parse.
    this.intervalMs = parseDuration(labels.get(SCRAPE_INTERVAL_LABEL));
    this.timeoutMs = parseDuration(labels.get(SCRAPE_TIMEOUT_LABEL));
  }

  /** A stable number in [0, 2^48) for spreading targets over their interval. */
  hash(seed: string): number {
    return createHash('sha256').update(seed).update('\xff').update(this.key).digest().readUIntBE(0, 6);
  }

  /**
   * Delay until this target's first scrape, so that it always falls at the same phase of
   * the interval (now + delay ≡ hash mod interval), as Prometheus's Target.offset does.
   */
  offsetMs(nowMs: number, seed: string): number {
    const interval = this.intervalMs;
    const base = interval - (nowMs % interval);
    let next = base + (this.hash(seed) % interval);
    if (next > interval) next -= interval;
    return next;
  }

  report(startMs: number, durationMs: number, error: string | null): void {
    this.health = error === null ? 'up' : 'down';
    this.lastError = error ?? '';
    this.lastScrapeMs = startMs;
    this.lastScrapeDurationMs = durationMs;
  }
}

export interface TargetsFromGroupResult {
  active: Target[];
  /** Discovered labels of targets that relabelling dropped. */
  dropped: Labels[];
  /** One message per target that could not be created (Prometheus logs these). */
  errors: string[];
}

/** Builds the targets of one discovered group for a scrape config. */
export function targetsFromGroup(group: TargetGroup, cfg: ScrapeConfig): TargetsFromGroupResult {
  const out: TargetsFromGroupResult = { active: [], dropped: [], errors: [] };
  group.targets.forEach((t, i) => {
    const disc = discoveredLabels(t, group.labels, cfg);
    const res = populateLabels(disc, cfg);
    if (res.kind === 'active') out.active.push(new Target(res.labels, disc, cfg.params));
    else if (res.kind === 'dropped') out.dropped.push(disc);
    else out.errors.push(`instance ${i} in group ${group.source}: ${res.error}`);
  });
  return out;
}
