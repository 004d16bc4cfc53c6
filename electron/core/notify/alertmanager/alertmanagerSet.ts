/**
 * The Alertmanagers of one `alertmanagers:` entry, as Prometheus's alertmanagerSet: one
 * HTTP client for the entry's http_config, the Alertmanagers its discovery currently yields
 * (deduplicated by URL) and those its relabel_configs dropped, and one send loop per
 * Alertmanager, created when it appears and stopped when it goes.
 */

import { createHash } from 'node:crypto';
import type { AlertmanagerConfig } from '../../config/types.js';
import { Labels } from '../../model/labels.js';
import type { Logger } from '../../log.js';
import type { NotifierAlert } from '../../rules/types.js';
import type { TargetGroup } from '../../scrape/discovery/index.js';
import { AlertmanagerClient, type PostFunc } from './client.js';
import { relabelAlerts } from './relabelAlerts.js';
import { SendLoop } from './sendLoop.js';
import { alertmanagersFromGroup, type AlertmanagerTarget } from './targets.js';

export interface AlertmanagerSetOptions {
  readonly queueCapacity: number;
  readonly maxBatchSize: number;
  readonly userAgent: string;
  readonly logger: Logger;
  readonly now: () => number;
  /** Replaces the HTTP client (tests). */
  readonly post?: PostFunc;
  /** How a removed Alertmanager's loop ends: drain within this many ms, or drop at once when 0. */
  readonly retireDrainMs: number;
}

export class AlertmanagerSet {
  active: AlertmanagerTarget[] = [];
  dropped: AlertmanagerTarget[] = [];
  readonly loops = new Map<string, SendLoop>();
  readonly hash: string;
  private readonly client: AlertmanagerClient | null;
  private readonly post: PostFunc;
  private readonly retiring = new Set<Promise<void>>();

  constructor(
    readonly cfg: AlertmanagerConfig,
    private readonly opts: AlertmanagerSetOptions,
  ) {
    this.hash = alertmanagerConfigHash(cfg);
    this.client = opts.post ? null : new AlertmanagerClient(cfg.httpClient, cfg.sigv4, opts.userAgent);
    this.post = opts.post ?? this.client!.post;
  }

  /** Replaces the discovered Alertmanagers with those of `groups` (the full state of this entry's discovery). */
  sync(groups: readonly TargetGroup[]): void {
    const all: AlertmanagerTarget[] = [];
    const dropped: AlertmanagerTarget[] = [];
    for (const tg of groups) {
      try {
        const r = alertmanagersFromGroup(tg, this.cfg);
        all.push(...r.active);
        dropped.push(...r.dropped);
      } catch (e) {
        this.opts.logger.error('Creating discovered Alertmanagers failed', { err: (e as Error).message });
      }
    }
    const seen = new Set<string>();
    const active: AlertmanagerTarget[] = [];
    for (const am of all) {
      if (seen.has(am.url)) continue;
      seen.add(am.url);
      active.push(am);
      if (!this.loops.has(am.url)) {
        this.loops.set(
          am.url,
          new SendLoop(am.url, {
            queueCapacity: this.opts.queueCapacity,
            maxBatchSize: this.opts.maxBatchSize,
            timeoutMs: this.cfg.timeoutMs,
            post: this.post,
            logger: this.opts.logger.with({ alertmanager: am.url }),
            now: this.opts.now,
          }),
        );
      }
    }
    for (const [url, loop] of this.loops) {
      if (seen.has(url)) continue;
      this.loops.delete(url);
      this.retire(loop);
    }
    this.active = active;
    this.dropped = dropped;
  }

  /** Applies this entry's alert_relabel_configs and queues the result on every Alertmanager. */
  send(alerts: readonly NotifierAlert[]): void {
    if (this.loops.size === 0) return;
    const mine = relabelAlerts(alerts, this.cfg.alertRelabelConfigs, Labels.EMPTY);
    if (mine.length === 0) return;
    for (const loop of this.loops.values()) loop.add(mine);
  }

  /** Stops every loop (draining until `deadlineMs` when `drain`) and closes the client. */
  async stop(drain: boolean, deadlineMs: number): Promise<void> {
    const loops = [...this.loops.values()];
    this.loops.clear();
    this.active = [];
    await Promise.all([...loops.map((l) => l.stop(drain, deadlineMs)), ...this.retiring]);
    this.client?.close();
  }

  private retire(loop: SendLoop): void {
    const drainMs = this.opts.retireDrainMs;
    const p = loop.stop(drainMs > 0, this.opts.now() + drainMs).finally(() => this.retiring.delete(p));
    this.retiring.add(p);
  }
}

/** Identity of an entry for reloads: an unchanged entry keeps its Alertmanagers and queues. */
export function alertmanagerConfigHash(cfg: AlertmanagerConfig): string {
  const text = JSON.stringify(cfg, (key, value: unknown) => {
    if (value instanceof Labels) return { $labels: value.key };
    // A relabel regex is its source; the compiled form is not data.
    if (key === 're' && typeof value === 'object') return undefined;
    return value;
  });
  return createHash('sha256').update(text).digest('hex');
}
