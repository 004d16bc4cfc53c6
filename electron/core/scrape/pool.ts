/**
 * The scrape pool of one job, as Prometheus's scrapePool: turns discovered target groups
 * into targets, runs one loop per distinct target, stops the loops of targets that went
 * away (their series get staleness markers two intervals later), and applies target_limit.
 * On a config change the loops restart with the new config, keeping their scrape caches
 * when only the interval, timeout, sample limit or HTTP settings changed.
 */

import fs from 'node:fs';
import type { ScrapeConfig } from '../config/types.js';
import { scrapeConfigHash } from '../config/equal.js';
import type { Logger } from '../log.js';
import type { Labels } from '../model/labels.js';
import type { Appendable } from '../storage/interface.js';
import { ScrapeCache } from './cache.js';
import type { TargetGroup } from './discovery/targetGroup.js';
import { ScrapeLoop, type LoopConfig } from './loop.js';
import { NodeScrapeClient, type FetchFn } from './scraper.js';
import type { ScrapeStats } from './stats.js';
import { Target, targetsFromGroup } from './target.js';
import { acceptHeader } from './textparse/mediaType.js';

/** Read at most this much of a body when the job sets no body_size_limit. */
export const DEFAULT_BODY_SIZE_LIMIT = 128 * 1024 * 1024;
/** Never more than this: a body must fit in one string for parsing. */
export const MAX_BODY_SIZE_LIMIT = 500 * 1024 * 1024;

export interface PoolDeps {
  appendable: Appendable;
  stats: ScrapeStats;
  logger: Logger;
  now: () => number;
  /** Injected transport (tests); when absent each pool uses a NodeScrapeClient. */
  fetchImpl: FetchFn | null;
  offsetSeed: () => string;
  userAgent: string;
  /** Loops that still owe end-of-run staleness markers; cancelled on shutdown. */
  retired: Set<ScrapeLoop>;
  /** Start each loop at once instead of at its hashed offset (tests). */
  skipOffset: boolean;
}

export function loopConfig(cfg: ScrapeConfig): LoopConfig {
  const limit = cfg.bodySizeLimitBytes > 0 ? Math.min(cfg.bodySizeLimitBytes, MAX_BODY_SIZE_LIMIT) : DEFAULT_BODY_SIZE_LIMIT;
  return {
    honorLabels: cfg.honorLabels,
    honorTimestamps: cfg.honorTimestamps,
    trackTimestampsStaleness: cfg.trackTimestampsStaleness,
    sampleLimit: cfg.sampleLimit,
    labelLimit: cfg.labelLimit,
    labelNameLengthLimit: cfg.labelNameLengthLimit,
    labelValueLengthLimit: cfg.labelValueLengthLimit,
    bodySizeLimit: limit,
    metricRelabelConfigs: cfg.metricRelabelConfigs,
    legacyNames: cfg.metricNameValidationScheme === 'legacy',
    fallbackScrapeProtocol: cfg.fallbackScrapeProtocol,
    acceptHeader: acceptHeader(cfg.scrapeProtocols, cfg.metricNameEscapingScheme),
    enableCompression: cfg.enableCompression,
    extraScrapeMetrics: cfg.extraScrapeMetrics,
    httpClient: cfg.httpClient,
  };
}

/** Whether the caches of `a`'s loops stay valid under `b` (Prometheus's reusableCache). */
function reusableCache(a: ScrapeConfig, b: ScrapeConfig): boolean {
  const zero = (c: ScrapeConfig): ScrapeConfig => ({
    ...c,
    scrapeIntervalMs: 0,
    scrapeTimeoutMs: 0,
    sampleLimit: 0,
    httpClient: {} as ScrapeConfig['httpClient'],
  });
  return scrapeConfigHash(zero(a)) === scrapeConfigHash(zero(b));
}

interface Active {
  target: Target;
  loop: ScrapeLoop;
}

export class ScrapePool {
  private cfg: ScrapeConfig;
  private cfgHash: string;
  private loopCfg: LoopConfig;
  private client: NodeScrapeClient | null = null;
  private fetch: FetchFn;
  private active = new Map<string, Active>();
  private dropped: Labels[] = [];
  private droppedCount = 0;
  private groups: readonly TargetGroup[] = [];
  private readonly log: Logger;

  constructor(
    cfg: ScrapeConfig,
    private readonly deps: PoolDeps,
  ) {
    this.cfg = cfg;
    this.cfgHash = scrapeConfigHash(cfg);
    this.loopCfg = loopConfig(cfg);
    this.log = deps.logger.with({ scrape_pool: cfg.jobName });
    this.fetch = this.makeFetch();
  }

  get name(): string {
    return this.cfg.jobName;
  }

  get config(): ScrapeConfig {
    return this.cfg;
  }

  get hash(): string {
    return this.cfgHash;
  }

  private makeFetch(): FetchFn {
    if (this.deps.fetchImpl) return this.deps.fetchImpl;
    this.client = new NodeScrapeClient(this.cfg.httpClient);
    return this.client.fetch;
  }

  /** Targets from the job's current groups, deduplicated; records dropped ones. */
  private buildTargets(groups: readonly TargetGroup[]): Map<string, Target> {
    const out = new Map<string, Target>();
    const keep = this.cfg.keepDroppedTargets;
    this.dropped = [];
    this.droppedCount = 0;
    for (const g of groups) {
      const r = targetsFromGroup(g, this.cfg);
      for (const err of r.errors) {
        this.log.error('Creating target failed', { err });
        this.deps.stats.targetSyncFailed++;
      }
      for (const t of r.active) if (!out.has(t.key)) out.set(t.key, t);
      for (const d of r.dropped) {
        if (keep === 0 || this.dropped.length < keep) this.dropped.push(d);
        this.droppedCount++;
      }
    }
    return out;
  }

  /** Appends a JSON line per failed scrape to scrape_failure_log_file, as Prometheus 3 does. */
  private failureLogger(): ((error: string, target: Target) => void) | undefined {
    const file = this.cfg.scrapeFailureLogFile;
    if (file === '') return undefined;
    const job = this.cfg.jobName;
    return (error, target) => {
      const line = JSON.stringify({ time: new Date().toISOString(), level: 'ERROR', msg: error, job_name: job, target: target.url });
      fs.appendFile(file, line + '\n', (err) => {
        if (err) this.log.warn('Writing the scrape failure log failed', { file, err: err.message });
      });
    };
  }

  private newLoop(target: Target, cache: ScrapeCache): ScrapeLoop {
    return new ScrapeLoop({
      onFailure: this.failureLogger(),
      target,
      fetch: this.fetch,
      appendable: this.deps.appendable,
      cache,
      config: this.loopCfg,
      stats: this.deps.stats,
      now: this.deps.now,
      logger: this.log,
      offsetSeed: this.deps.offsetSeed(),
      userAgent: this.deps.userAgent,
    });
  }

  private retire(loop: ScrapeLoop): void {
    this.deps.retired.add(loop);
    void loop.stop(true).then(() => loop.endOfRun.then(() => this.deps.retired.delete(loop)));
  }

  /** Applies the job's current target groups (the full set, as discovery sends it). */
  sync(groups: readonly TargetGroup[]): void {
    this.groups = groups;
    const next = this.buildTargets(groups);
    for (const [key, a] of this.active) {
      if (next.has(key)) {
        // Keep the running loop; the discovered labels may have changed without changing the target.
        a.target.discoveredLabels = next.get(key)!.discoveredLabels;
        continue;
      }
      this.active.delete(key);
      this.retire(a.loop);
    }
    for (const [key, t] of next) {
      if (this.active.has(key)) continue;
      const loop = this.newLoop(t, new ScrapeCache());
      this.active.set(key, { target: t, loop });
      loop.start(null, this.deps.skipOffset);
    }
    this.applyTargetLimit();
  }

  /** Switches to a changed config for the same job. */
  reload(cfg: ScrapeConfig): void {
    const reuse = reusableCache(this.cfg, cfg);
    this.cfg = cfg;
    this.cfgHash = scrapeConfigHash(cfg);
    this.loopCfg = loopConfig(cfg);
    const oldClient = this.client;
    this.client = null;
    this.fetch = this.makeFetch();
    const next = this.buildTargets(this.groups);
    const old = this.active;
    this.active = new Map();
    const stops: Promise<void>[] = [];
    for (const [key, a] of old) {
      const t = next.get(key);
      if (!t) {
        this.retire(a.loop);
        continue;
      }
      // The new loop takes over: no end-of-run markers from the old one, and it starts
      // only after the old one's scrape in flight has committed.
      a.loop.disableEndOfRunStaleness();
      const stopped = a.loop.stop(false);
      stops.push(stopped);
      const loop = this.newLoop(t, reuse ? a.loop.cache : new ScrapeCache());
      this.active.set(key, { target: t, loop });
      loop.start(stopped, this.deps.skipOffset);
    }
    for (const [key, t] of next) {
      if (this.active.has(key)) continue;
      const loop = this.newLoop(t, new ScrapeCache());
      this.active.set(key, { target: t, loop });
      loop.start(null, this.deps.skipOffset);
    }
    if (oldClient) void Promise.all(stops).then(() => oldClient.close());
    this.applyTargetLimit();
  }

  private applyTargetLimit(): void {
    const limit = this.cfg.targetLimit;
    let err: string | null = null;
    if (limit > 0 && this.active.size > limit) {
      err = `target_limit exceeded (number of targets: ${this.active.size}, limit: ${limit})`;
      this.deps.stats.exceededTargetLimit++;
    }
    for (const a of this.active.values()) a.loop.setForcedError(err);
  }

  /**
   * Stops every loop and waits for the scrapes in flight. With `staleness` (the job was
   * removed from the config) the targets' series get end-of-run staleness markers.
   */
  async stop(staleness: boolean): Promise<void> {
    const loops = [...this.active.values()].map((a) => a.loop);
    this.active.clear();
    const done: Promise<void>[] = [];
    for (const loop of loops) {
      if (staleness) {
        this.retire(loop);
        done.push(loop.stop(true));
      } else {
        loop.disableEndOfRunStaleness();
        done.push(loop.stop(false));
      }
    }
    await Promise.all(done);
    this.client?.close();
  }

  activeTargets(): Target[] {
    return [...this.active.values()].map((a) => a.target);
  }

  droppedTargets(): { labels: Labels[]; count: number } {
    return { labels: this.dropped, count: this.droppedCount };
  }

  /** The loops (tests drive them directly). */
  loops(): ScrapeLoop[] {
    return [...this.active.values()].map((a) => a.loop);
  }
}
