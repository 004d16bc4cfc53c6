/**
 * The discovery manager: runs the discoveries of every job (static, file_sd, http_sd),
 * keeps the current target groups per job and tells listeners about changes, as
 * Prometheus's discovery.Manager. Updates are coalesced (`updateIntervalMs`) and always
 * carry the full state of every job.
 *
 * On applyConfig, a discovery whose configuration did not change keeps running with its
 * targets (no re-discovery); removed ones are stopped.
 */

import type { ServiceDiscoveryConfigs } from '../../config/types.js';
import { nopLogger, type Logger } from '../../log.js';
import { FileProvider } from './file.js';
import { HTTPProvider } from './http.js';
import type { Provider } from './provider.js';
import { StaticProvider } from './static.js';
import type { TargetGroup, TargetGroupsByJob } from './targetGroup.js';

export interface DiscoveryManagerOptions {
  logger?: Logger;
  /** Minimum time between two update notifications (Prometheus: 5s). Default 1000 ms; 0 = next tick. */
  updateIntervalMs?: number;
  /** Delay before re-reading file_sd files after a file system event. Default 50 ms. */
  fileWatchDebounceMs?: number;
  userAgent?: string;
}

/** What a job needs for discovery: its name and its SD sections (a ScrapeConfig fits). */
export type DiscoveryJob = { readonly jobName: string } & ServiceDiscoveryConfigs;

export type DiscoveryListener = (groups: TargetGroupsByJob) => void;

interface RunningProvider {
  key: string;
  provider: Provider;
  /** Jobs fed by this provider (identical SD configs in two jobs share one provider). */
  jobs: Set<string>;
  /** Current groups of this provider, by source. */
  groups: Map<string, TargetGroup>;
}

export class DiscoveryManager {
  private providers = new Map<string, RunningProvider>();
  private jobs: string[] = [];
  private listeners = new Set<DiscoveryListener>();
  private timer: NodeJS.Timeout | undefined;
  private lastSent = 0;
  private stopped = false;
  private readonly logger: Logger;

  constructor(private readonly opts: DiscoveryManagerOptions = {}) {
    this.logger = (opts.logger ?? nopLogger).with({ component: 'discovery manager' });
  }

  /** Subscribes to updates; returns the unsubscribe function. */
  onUpdate(listener: DiscoveryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts, keeps or stops discoveries so they match `jobs`; notifies listeners. */
  applyConfig(jobs: readonly DiscoveryJob[]): void {
    if (this.stopped) throw new Error('discovery manager is stopped');
    const wanted = new Map<string, { make: () => Provider; jobs: Set<string> }>();
    const add = (key: string, job: string, make: () => Provider) => {
      const w = wanted.get(key);
      if (w) w.jobs.add(job);
      else wanted.set(key, { make, jobs: new Set([job]) });
    };
    for (const job of jobs) {
      // Static groups are per job and per position: their source is the position, as in Prometheus.
      job.staticConfigs.forEach((sc, i) => add(`static|${job.jobName}|${i}|${JSON.stringify([sc.targets, sc.labels.key])}`, job.jobName, () => new StaticProvider(sc, i)));
      for (const fc of job.fileSDConfigs) {
        add(`file|${JSON.stringify(fc)}`, job.jobName, () => new FileProvider(fc, { logger: this.opts.logger, watchDebounceMs: this.opts.fileWatchDebounceMs }));
      }
      for (const hc of job.httpSDConfigs) {
        add(`http|${JSON.stringify(hc)}`, job.jobName, () => new HTTPProvider(hc, { logger: this.opts.logger, userAgent: this.opts.userAgent }));
      }
    }
    for (const [key, rp] of this.providers) {
      if (!wanted.has(key)) {
        this.providers.delete(key);
        void rp.provider.stop();
      }
    }
    for (const [key, w] of wanted) {
      const existing = this.providers.get(key);
      if (existing) {
        existing.jobs = w.jobs;
        continue;
      }
      const rp: RunningProvider = { key, provider: w.make(), jobs: w.jobs, groups: new Map() };
      this.providers.set(key, rp);
      rp.provider.start((groups) => this.receive(rp, groups));
    }
    this.jobs = jobs.map((j) => j.jobName);
    this.schedule(true);
  }

  private receive(rp: RunningProvider, groups: TargetGroup[]): void {
    if (this.stopped || this.providers.get(rp.key) !== rp) return;
    for (const g of groups) {
      if (g.targets.length === 0) rp.groups.delete(g.source);
      else rp.groups.set(g.source, g);
    }
    this.schedule(false);
  }

  private schedule(immediate: boolean): void {
    if (this.stopped) return;
    // A config change is announced at once, even if provider updates were waiting for the interval.
    if (this.timer && immediate) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.timer) return;
    const interval = this.opts.updateIntervalMs ?? 1000;
    const wait = immediate ? 0 : Math.max(0, this.lastSent + interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.lastSent = Date.now();
      this.notify();
    }, wait);
    this.timer.unref?.();
  }

  private notify(): void {
    const state = this.targetGroups();
    for (const l of this.listeners) {
      try {
        l(state);
      } catch (err) {
        this.logger.error('Discovery update listener failed', { err: String(err) });
      }
    }
  }

  /** The current groups of every configured job (jobs without targets map to []). */
  targetGroups(): TargetGroupsByJob {
    const out: TargetGroupsByJob = new Map();
    for (const j of this.jobs) out.set(j, []);
    for (const rp of this.providers.values()) {
      for (const job of rp.jobs) {
        const list = out.get(job);
        if (list) for (const g of rp.groups.values()) list.push(g);
      }
    }
    return out;
  }

  /** Resolves when every current discovery has finished its first round. */
  async ready(): Promise<void> {
    await Promise.all([...this.providers.values()].map((p) => p.provider.initialized));
  }

  /** Stops every discovery and timer; no listener is called afterwards. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const ps = [...this.providers.values()];
    this.providers.clear();
    this.listeners.clear();
    await Promise.all(ps.map((p) => p.provider.stop()));
  }
}
