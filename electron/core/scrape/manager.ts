/**
 * The scrape manager, as Prometheus's scrape.Manager: one pool per scrape config, fed with
 * target groups by service discovery, and the read side the API needs (targets, pools,
 * metadata) plus counters for Hearth's own /metrics.
 *
 * applyConfig keeps pools whose config did not change running untouched, reloads changed
 * ones (their loops restart, caches kept where valid), and stops removed ones; targets that
 * disappear get staleness markers for their series. stop() is for shutdown: no markers.
 */

import os from 'node:os';
import { scrapeConfigHash } from '../config/equal.js';
import type { Config } from '../config/types.js';
import { nopLogger, type Logger } from '../log.js';
import type { Appendable } from '../storage/interface.js';
import { HEARTH_VERSION } from '../../../shared/version.js';
import { DiscoveryManager } from './discovery/manager.js';
import type { TargetGroup, TargetGroupsByJob } from './discovery/targetGroup.js';
import type { ScrapeLoop } from './loop.js';
import { ScrapePool } from './pool.js';
import type { FetchFn } from './scraper.js';
import { ScrapeStats, renderScrapeStats, type PoolTargetCount } from './stats.js';
import { SCRAPE_INTERVAL_LABEL, SCRAPE_TIMEOUT_LABEL, type MetricMetadata, type Target, type TargetHealth } from './target.js';

export type { FetchFn, ScrapeRequest, ScrapeResponse } from './scraper.js';
export type { MetricMetadata, TargetHealth } from './target.js';

/** One active target, in the shape /api/v1/targets needs (the API formats times). */
export interface TargetStatus {
  discoveredLabels: Record<string, string>;
  labels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  globalUrl: string;
  lastError: string;
  /** Time of the last scrape, ms since the epoch; 0 when the target was never scraped. */
  lastScrape: number;
  /** Seconds. */
  lastScrapeDuration: number;
  health: TargetHealth;
  /** As Prometheus prints durations, e.g. "15s". */
  scrapeInterval: string;
  scrapeTimeout: string;
}

export interface DroppedTarget {
  discoveredLabels: Record<string, string>;
  scrapePool: string;
}

export interface TargetsSnapshot {
  active: TargetStatus[];
  /** Dropped targets, at most keep_dropped_targets per pool when that is set. */
  dropped: DroppedTarget[];
  /** Every dropped target counted, per pool (the API's droppedTargetCounts). */
  droppedCounts: Record<string, number>;
}

/** The metric metadata of one target, for /api/v1/targets/metadata and /api/v1/metadata. */
export interface TargetMetadata {
  scrapePool: string;
  /** The target's labels (as in the targets API). */
  target: Record<string, string>;
  metadata: MetricMetadata[];
}

export type ScrapeStatsSnapshot = Readonly<ScrapeStats> & { readonly pools: PoolTargetCount[] };

export interface ScrapeManagerOptions {
  appendable: Appendable;
  logger?: Logger;
  /** Clock for sample timestamps, ms. Default Date.now. */
  now?: () => number;
  /** Transport for scrapes; default Node's http/https. */
  fetchImpl?: FetchFn;
  /** Where targets come from; default a DiscoveryManager of its own. Pass null to feed updateTargets() directly. */
  discovery?: DiscoveryManager | null;
  /** How the API's globalUrl is derived from a scrape URL; default globalUrlFunc() (localhost → hostname). */
  globalUrl?: (scrapeUrl: string) => string;
  /** Start each target's first scrape at once instead of at its hashed offset (tests). */
  skipOffset?: boolean;
  userAgent?: string;
}

const LOCALHOST = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Prometheus's globalUrl for the targets API: a target on localhost is not reachable from
 * elsewhere, so its host is replaced by the host of the server's external URL; for the
 * server's own port the scheme and port of the external URL are used as well.
 * `externalUrl` defaults to http://<hostname>:<listen port>/, as in Prometheus.
 */
export function globalUrlFunc(opts: { externalUrl?: string; listenPort?: string } = {}): (scrapeUrl: string) => string {
  const ext = new URL(opts.externalUrl ?? `http://${os.hostname()}:${opts.listenPort ?? '9090'}/`);
  return (scrapeUrl: string) => {
    let u: URL;
    try {
      u = new URL(scrapeUrl);
    } catch {
      return scrapeUrl;
    }
    if (!LOCALHOST.has(u.hostname)) return scrapeUrl;
    const port = u.port || (u.protocol === 'https:' ? '443' : '80');
    if (opts.listenPort !== undefined && port === opts.listenPort) {
      u.protocol = ext.protocol;
      u.host = ext.host;
    } else {
      u.host = `${ext.hostname}:${port}`;
    }
    return u.toString();
  };
}

function seedFor(cfg: Config | null): string {
  // As Prometheus: the hostname and the external labels, so that HA pairs scrape at different phases.
  return `${os.hostname()}\xff${cfg?.global.externalLabels.key ?? ''}`;
}

export class ScrapeManager {
  private readonly pools = new Map<string, ScrapePool>();
  private readonly stats_ = new ScrapeStats();
  private readonly retired = new Set<ScrapeLoop>();
  private readonly log: Logger;
  private readonly discovery: DiscoveryManager | null;
  private readonly unsubscribe: (() => void) | null = null;
  private groups: TargetGroupsByJob = new Map();
  private cfg: Config | null = null;
  private seed = seedFor(null);
  private stopped = false;
  private globalUrl: ((u: string) => string) | undefined;

  constructor(private readonly opts: ScrapeManagerOptions) {
    this.log = opts.logger ?? nopLogger;
    this.discovery = opts.discovery === undefined ? new DiscoveryManager({ logger: this.log }) : opts.discovery;
    if (this.discovery) this.unsubscribe = this.discovery.onUpdate((g) => this.updateTargets(g));
  }

  /** (Re)builds the pools from cfg.scrapeConfigs and points discovery at them. */
  applyConfig(cfg: Config): void {
    if (this.stopped) throw new Error('scrape manager is stopped');
    this.cfg = cfg;
    this.seed = seedFor(cfg);
    const wanted = new Set<string>();
    for (const sc of cfg.scrapeConfigs) {
      wanted.add(sc.jobName);
      const pool = this.pools.get(sc.jobName);
      if (!pool) {
        const p = new ScrapePool(sc, {
          appendable: this.opts.appendable,
          stats: this.stats_,
          logger: this.log,
          now: this.opts.now ?? Date.now,
          fetchImpl: this.opts.fetchImpl ?? null,
          offsetSeed: () => this.seed,
          userAgent: this.opts.userAgent ?? `Hearth/${HEARTH_VERSION}`,
          retired: this.retired,
          skipOffset: this.opts.skipOffset ?? false,
        });
        this.pools.set(sc.jobName, p);
        p.sync(this.groups.get(sc.jobName) ?? []);
      } else if (pool.hash !== scrapeConfigHash(sc)) {
        pool.reload(sc);
      }
    }
    for (const [name, pool] of this.pools) {
      if (wanted.has(name)) continue;
      this.pools.delete(name);
      void pool.stop(true);
    }
    this.discovery?.applyConfig(cfg.scrapeConfigs);
  }

  /** New target groups per job (the full state); what discovery calls. */
  updateTargets(groups: TargetGroupsByJob): void {
    if (this.stopped) return;
    this.groups = groups;
    for (const [job, pool] of this.pools) pool.sync(groups.get(job) ?? ([] as TargetGroup[]));
  }

  scrapePools(): string[] {
    return [...this.pools.keys()].sort();
  }

  targets(): TargetsSnapshot {
    const active: TargetStatus[] = [];
    const dropped: DroppedTarget[] = [];
    const droppedCounts: Record<string, number> = {};
    const globalUrl = (this.globalUrl ??= this.opts.globalUrl ?? globalUrlFunc());
    for (const name of this.scrapePools()) {
      const pool = this.pools.get(name)!;
      const ts = pool.activeTargets().sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : a.key < b.key ? -1 : 1));
      for (const t of ts) active.push(status(t, name, globalUrl));
      const d = pool.droppedTargets();
      for (const l of d.labels) dropped.push({ discoveredLabels: l.toObject(), scrapePool: name });
      droppedCounts[name] = d.count;
    }
    return { active, dropped, droppedCounts };
  }

  metadata(): TargetMetadata[] {
    const out: TargetMetadata[] = [];
    for (const name of this.scrapePools()) {
      for (const t of this.pools.get(name)!.activeTargets()) {
        out.push({ scrapePool: name, target: t.publicLabels.toObject(), metadata: t.metadata?.listMetadata() ?? [] });
      }
    }
    return out;
  }

  /** A snapshot of the counters, with the number of targets per pool. */
  stats(): ScrapeStatsSnapshot {
    const pools = this.scrapePools().map((p) => ({ pool: p, targets: this.pools.get(p)!.activeTargets().length }));
    return { ...this.stats_, pools };
  }

  /** The counters in the text exposition format, for Hearth's own /metrics. */
  renderMetrics(): string {
    const s = this.stats();
    return renderScrapeStats(s, s.pools);
  }

  /** The pool of a job (tests and diagnostics). */
  pool(job: string): ScrapePool | undefined {
    return this.pools.get(job);
  }

  /** Stops discovery and every loop; resolves once the scrapes in flight have committed. No staleness markers. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    const ds = this.discovery?.stop();
    for (const loop of this.retired) loop.disableEndOfRunStaleness();
    this.retired.clear();
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all([...pools.map((p) => p.stop(false)), ds]);
  }
}

function status(t: Target, pool: string, globalUrl: (u: string) => string): TargetStatus {
  return {
    discoveredLabels: t.discoveredLabels.toObject(),
    labels: t.publicLabels.toObject(),
    scrapePool: pool,
    scrapeUrl: t.url,
    globalUrl: globalUrl(t.url),
    lastError: t.lastError,
    lastScrape: t.lastScrapeMs,
    lastScrapeDuration: t.lastScrapeDurationMs / 1000,
    health: t.health,
    scrapeInterval: t.labels.get(SCRAPE_INTERVAL_LABEL),
    scrapeTimeout: t.labels.get(SCRAPE_TIMEOUT_LABEL),
  };
}
