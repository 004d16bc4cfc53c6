/**
 * Sending alerts to the Alertmanagers of prometheus.yml's `alerting` section, as Prometheus's
 * notifier.Manager (3.10, with a queue per Alertmanager):
 *
 *   send(alerts) → external labels + alerting.alert_relabel_configs → for each alertmanagers
 *   entry: its alert_relabel_configs → each discovered Alertmanager's queue → batches POSTed
 *   to <scheme>://<address><path_prefix>/api/v2/alerts, concurrently, each with the entry's
 *   timeout.
 *
 * Alertmanagers are found by the scrape room's discovery (static_configs, file_sd_configs,
 * http_sd_configs) and kept or rewritten by the entry's relabel_configs (`__address__`,
 * `__scheme__`, `__alerts_path__`). Nothing here waits on the network: send() only queues, so
 * the rule engine never waits for an Alertmanager, and a slow or dead one only fills its own
 * queue.
 *
 * Wiring (server.ts): `const notifier = new Notifier({ logger })`; on every config load
 * `notifier.applyConfig(config)`; hand `notifier` to the rule manager as its AlertSender;
 * `/api/v1/alertmanagers` answers from `notifier.alertmanagers()`; `/metrics` appends
 * `notifier.renderMetrics()`; on shutdown `await notifier.stop()` after the rule manager stops.
 */

import type { Config, RelabelConfig } from '../../config/types.js';
import { Labels } from '../../model/labels.js';
import { nopLogger, type Logger } from '../../log.js';
import type { AlertSender, NotifierAlert } from '../../rules/types.js';
import { DiscoveryManager, type TargetGroupsByJob } from '../../scrape/discovery/index.js';
import { HEARTH_VERSION } from '../../../../shared/version.js';
import { AlertmanagerSet, alertmanagerConfigHash } from './alertmanagerSet.js';
import type { PostFunc } from './client.js';
import { renderNotifierMetrics } from './metrics.js';
import { relabelAlerts } from './relabelAlerts.js';

/** Prometheus's defaults for its --alertmanager.* flags. */
export const DEFAULT_QUEUE_CAPACITY = 10_000;
export const DEFAULT_MAX_BATCH_SIZE = 256;

/**
 * Alerts relabelled and queued per turn of the event loop. Relabelling costs microseconds an
 * alert, so a rule with 10,000 alerts would otherwise hold the loop for a good part of a second.
 */
const INTAKE_CHUNK = 500;

export interface NotifierOptions {
  logger?: Logger;
  /** --alertmanager.notification-queue-capacity: alerts each Alertmanager's queue holds. Default 10,000. */
  queueCapacity?: number;
  /** --alertmanager.notification-batch-size: most alerts in one request. Default 256. */
  maxBatchSize?: number;
  /** --alertmanager.drain-notification-queue-on-shutdown: send what is queued on stop(). Default true. */
  drainOnShutdown?: boolean;
  /** How long stop() may spend draining before it drops what is left. Default 5 s. */
  drainTimeoutMs?: number;
  /** Default `Hearth/<version>`. */
  userAgent?: string;
  /** Least time between two discovery updates (Prometheus: 5 s). Configuration changes apply at once. */
  discoveryUpdateIntervalMs?: number;
  /** Delay before re-reading file_sd files after a change. */
  fileWatchDebounceMs?: number;
  /** Replaces HTTP (tests): called for every batch with its URL and JSON body. */
  post?: PostFunc;
  now?: () => number;
}

/** A bad option: names the flag (or option) it comes from. */
export class NotifierOptionError extends Error {}

function checkInt(what: string, v: number, min: number): number {
  if (!Number.isSafeInteger(v) || v < min) throw new NotifierOptionError(`${what} must be an integer >= ${min}, got ${v}`);
  return v;
}

/** The `jobName` under which discovery runs the i-th alertmanagers entry (Prometheus's "config-i"). */
export function alertmanagerSetKey(i: number): string {
  return `config-${i}`;
}

export class Notifier implements AlertSender {
  private sets = new Map<string, AlertmanagerSet>();
  private externalLabels: Labels = Labels.EMPTY;
  private relabelConfigs: readonly RelabelConfig[] = [];
  private readonly discovery: DiscoveryManager;
  private readonly logger: Logger;
  private readonly queueCapacity: number;
  private readonly maxBatchSize: number;
  private readonly drainOnShutdown: boolean;
  private readonly drainTimeoutMs: number;
  private readonly now: () => number;
  private readonly retiring = new Set<Promise<void>>();
  private stopping: Promise<void> | null = null;
  /** Alerts handed to send() and not yet relabelled and queued, oldest first, at most queueCapacity. */
  private intake: NotifierAlert[] = [];
  private intakeHead = 0;
  private pump: NodeJS.Immediate | null = null;

  constructor(private readonly opts: NotifierOptions = {}) {
    this.logger = (opts.logger ?? nopLogger).with({ component: 'notifier' });
    this.queueCapacity = checkInt('--alertmanager.notification-queue-capacity', opts.queueCapacity ?? DEFAULT_QUEUE_CAPACITY, 0);
    // Prometheus takes a batch size <= 0 as the default.
    const batch = opts.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
    this.maxBatchSize = checkInt('--alertmanager.notification-batch-size', batch <= 0 ? DEFAULT_MAX_BATCH_SIZE : batch, 1);
    this.drainOnShutdown = opts.drainOnShutdown ?? true;
    this.drainTimeoutMs = checkInt('the notifier drain timeout (ms)', opts.drainTimeoutMs ?? 5000, 0);
    this.now = opts.now ?? Date.now;
    this.discovery = new DiscoveryManager({
      logger: this.logger,
      updateIntervalMs: opts.discoveryUpdateIntervalMs ?? 5000,
      fileWatchDebounceMs: opts.fileWatchDebounceMs,
      userAgent: this.userAgent(),
    });
    this.discovery.onUpdate((groups) => this.reload(groups));
  }

  /**
   * Takes the `alerting` section and the external labels of a loaded config. An entry that did
   * not change keeps its Alertmanagers and their queues; a removed one stops (its queues drain
   * in the background within the drain timeout). Static Alertmanagers are in place when this
   * returns; discovered ones follow as discovery reports them.
   */
  applyConfig(config: Config): void {
    if (this.stopping) throw new Error('notifier is stopped');
    this.externalLabels = config.global.externalLabels;
    this.relabelConfigs = config.alerting.alertRelabelConfigs;
    const old = new Map<string, AlertmanagerSet>();
    for (const s of this.sets.values()) if (!old.has(s.hash)) old.set(s.hash, s);
    const next = new Map<string, AlertmanagerSet>();
    config.alerting.alertmanagers.forEach((cfg, i) => {
      const hash = alertmanagerConfigHash(cfg);
      const reused = old.get(hash);
      if (reused) old.delete(hash);
      next.set(
        alertmanagerSetKey(i),
        reused ??
          new AlertmanagerSet(cfg, {
            queueCapacity: this.queueCapacity,
            maxBatchSize: this.maxBatchSize,
            userAgent: this.userAgent(),
            logger: this.logger,
            now: this.now,
            post: this.opts.post,
            retireDrainMs: this.drainOnShutdown ? this.drainTimeoutMs : 0,
          }),
      );
    });
    const kept = new Set(next.values());
    for (const s of this.sets.values()) if (!kept.has(s)) this.retire(s);
    this.sets = next;
    this.discovery.applyConfig(config.alerting.alertmanagers.map((cfg, i) => ({ jobName: alertmanagerSetKey(i), ...sdOf(cfg) })));
    // Static providers report synchronously: take their groups now, so alerts sent right after
    // a (re)load are not lost waiting for the discovery timer.
    this.reload(this.discovery.targetGroups());
  }

  /**
   * Queues alerts for every Alertmanager; returns at once. Up to a few hundred alerts are
   * relabelled and queued before it returns; a larger hand-over is worked off in slices on
   * the next turns of the event loop, in order, so send() never holds the loop for long.
   */
  send(alerts: readonly NotifierAlert[]): void {
    if (this.stopping || alerts.length === 0) return;
    if (this.intakeLength() === 0 && alerts.length <= INTAKE_CHUNK) {
      this.dispatch(alerts);
      return;
    }
    for (const a of alerts) this.intake.push(a);
    // Beyond a queue's capacity the oldest would be dropped by every queue anyway: drop them here.
    const over = this.intakeLength() - this.queueCapacity;
    if (over > 0) {
      this.intakeHead += over;
      this.logger.warn('Alert notification queue full, dropping alerts', { count: over });
      for (const set of this.sets.values()) for (const loop of set.loops.values()) loop.metrics.dropped += over;
    }
    this.pump ??= setImmediate(this.drainIntake);
  }

  private intakeLength(): number {
    return this.intake.length - this.intakeHead;
  }

  private readonly drainIntake = (): void => {
    this.pump = null;
    const end = Math.min(this.intake.length, this.intakeHead + INTAKE_CHUNK);
    const chunk = this.intake.slice(this.intakeHead, end);
    this.intakeHead = end;
    if (this.intakeHead === this.intake.length) {
      this.intake = [];
      this.intakeHead = 0;
    } else {
      if (this.intakeHead > 4096 && this.intakeHead * 2 > this.intake.length) {
        this.intake = this.intake.slice(this.intakeHead);
        this.intakeHead = 0;
      }
      this.pump = setImmediate(this.drainIntake);
    }
    this.dispatch(chunk);
  };

  private dispatch(alerts: readonly NotifierAlert[]): void {
    const relabelled = relabelAlerts(alerts, this.relabelConfigs, this.externalLabels);
    if (relabelled.length === 0) return;
    for (const s of this.sets.values()) s.send(relabelled);
  }

  /** The URLs /api/v1/alertmanagers lists: active ones, then those relabelling dropped, in config order. */
  alertmanagers(): { active: string[]; dropped: string[] } {
    const active: string[] = [];
    const dropped: string[] = [];
    for (const s of this.sets.values()) {
      for (const am of s.active) active.push(am.url);
      for (const am of s.dropped) dropped.push(am.url);
    }
    return { active, dropped };
  }

  /** The prometheus_notifications_* families in the text format, for Hearth's /metrics. */
  renderMetrics(): string {
    const sets = [...this.sets.values()];
    return renderNotifierMetrics({
      *loops() {
        for (const s of sets) yield* s.loops.values();
      },
      discovered: () => this.alertmanagers().active.length,
    });
  }

  /**
   * Stops discovery and takes no more alerts; sends what is queued (when draining on shutdown)
   * for at most the drain timeout, then drops the rest. Safe to call more than once.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.logger.info('Stopping notification manager...');
      await this.discovery.stop();
      const deadline = this.now() + this.drainTimeoutMs;
      // What send() took before stop() still goes to the queues (a slice per turn), if there is time.
      while (this.pump !== null && this.drainOnShutdown && this.now() < deadline) await new Promise((r) => setImmediate(r));
      if (this.pump !== null) {
        clearImmediate(this.pump);
        this.pump = null;
        const left = this.intakeLength();
        this.intake = [];
        this.intakeHead = 0;
        for (const set of this.sets.values()) for (const loop of set.loops.values()) loop.metrics.dropped += left;
      }
      const sets = [...this.sets.values()];
      await Promise.all([...sets.map((s) => s.stop(this.drainOnShutdown, deadline)), ...this.retiring]);
      this.logger.info('Notification manager stopped');
    })();
    return this.stopping;
  }

  private reload(groups: TargetGroupsByJob): void {
    if (this.stopping) return;
    for (const [key, tgs] of groups) {
      const s = this.sets.get(key);
      if (s) s.sync(tgs);
      else this.logger.error("couldn't sync alert manager set", { err: `invalid id:${key}` });
    }
  }

  private retire(s: AlertmanagerSet): void {
    const p = s.stop(this.drainOnShutdown, this.now() + this.drainTimeoutMs).finally(() => this.retiring.delete(p));
    this.retiring.add(p);
  }

  private userAgent(): string {
    return this.opts.userAgent ?? `Hearth/${HEARTH_VERSION}`;
  }
}

function sdOf(cfg: Config['alerting']['alertmanagers'][number]) {
  return { staticConfigs: cfg.staticConfigs, fileSDConfigs: cfg.fileSDConfigs, httpSDConfigs: cfg.httpSDConfigs };
}
