/**
 * One Alertmanager's queue and the loop that empties it, as Prometheus 3.10's sendLoop: each
 * Alertmanager has its own queue (capacity --alertmanager.notification-queue-capacity), so a
 * slow or unreachable one fills only its own queue and never delays the others. A full queue
 * drops its oldest alerts for the newest; a batch (at most --alertmanager.notification-batch-size
 * alerts) that fails is dropped, not retried, since the rule engine resends active alerts
 * every resend delay anyway. Both are counted in prometheus_notifications_dropped_total.
 */

import type { Logger } from '../../log.js';
import type { NotifierAlert } from '../../rules/types.js';
import type { PostFunc } from './client.js';
import { AlertmanagerMetrics } from './metrics.js';
import { alertsPayload } from './payload.js';

export interface SendLoopOptions {
  readonly queueCapacity: number;
  readonly maxBatchSize: number;
  /** Per request, the alertmanager config's `timeout`. */
  readonly timeoutMs: number;
  readonly post: PostFunc;
  readonly logger: Logger;
  readonly now: () => number;
}

export class SendLoop {
  readonly metrics: AlertmanagerMetrics;
  // A queue with a moving head, so taking a batch or dropping the oldest is O(batch), not O(queue).
  private queue: NotifierAlert[] = [];
  private head = 0;
  private running: Promise<void> | null = null;
  private inFlight: AbortController | null = null;
  private closed = false;
  /** Time after which a stopping loop gives up (ms since the epoch); Infinity while running normally. */
  private deadlineMs = Infinity;

  constructor(
    readonly url: string,
    private readonly opts: SendLoopOptions,
  ) {
    this.metrics = new AlertmanagerMetrics(opts.now);
  }

  get queueLength(): number {
    return this.queue.length - this.head;
  }

  get queueCapacity(): number {
    return this.opts.queueCapacity;
  }

  /** Queues alerts and wakes the loop; never waits. Ignored once the loop is stopping. */
  add(alerts: readonly NotifierAlert[]): void {
    if (this.closed || alerts.length === 0) return;
    const cap = this.opts.queueCapacity;
    let dropped = 0;
    let from = 0;
    if (alerts.length > cap) {
      from = alerts.length - cap;
      dropped += from;
      this.opts.logger.warn('Alert batch larger than queue capacity, dropping alerts', { count: from });
    }
    const overflow = this.queueLength + (alerts.length - from) - cap;
    if (overflow > 0) {
      this.head += overflow;
      dropped += overflow;
      this.opts.logger.warn('Alert notification queue full, dropping alerts', { count: overflow });
    }
    this.compact();
    for (let i = from; i < alerts.length; i++) this.queue.push(alerts[i]!);
    if (dropped > 0) this.metrics.dropped += dropped;
    this.wake();
  }

  /**
   * Stops taking alerts. With `drain`, keeps sending what is queued until `deadlineMs`, then
   * aborts the request in flight; whatever is left is counted as dropped. Resolves when the
   * loop has ended.
   */
  async stop(drain: boolean, deadlineMs: number): Promise<void> {
    this.closed = true;
    this.deadlineMs = drain ? deadlineMs : -Infinity;
    if (!drain) this.inFlight?.abort(new Error('notifier stopped'));
    if (drain && this.running === null) this.wake();
    const wait = Math.max(0, deadlineMs - this.opts.now());
    let timer: NodeJS.Timeout | undefined;
    if (this.running !== null) {
      await Promise.race([this.running, new Promise<void>((r) => (timer = setTimeout(r, wait)))]);
      clearTimeout(timer);
      this.inFlight?.abort(new Error('notifier stopped before the request completed'));
      await this.running;
    }
    const left = this.queueLength;
    if (left > 0) {
      this.opts.logger.warn('Alert notification queue not drained on shutdown, dropping alerts', { count: left });
      this.metrics.dropped += left;
      this.queue = [];
      this.head = 0;
    }
  }

  private wake(): void {
    if (this.running !== null) return;
    this.running = this.run()
      .catch((e: unknown) => this.opts.logger.error('Send loop failed', { err: String(e) }))
      .finally(() => {
        this.running = null;
        // Alerts queued while the last batch finished are picked up by a new run.
        if (!this.closed && this.queueLength > 0) this.wake();
      });
  }

  private async run(): Promise<void> {
    while (this.queueLength > 0 && (!this.closed || this.opts.now() < this.deadlineMs)) {
      const batch = this.nextBatch();
      if (!(await this.sendBatch(batch))) this.metrics.dropped += batch.length;
    }
  }

  private nextBatch(): NotifierAlert[] {
    const end = Math.min(this.queue.length, this.head + this.opts.maxBatchSize);
    const batch = this.queue.slice(this.head, end);
    this.head = end;
    this.compact();
    return batch;
  }

  private compact(): void {
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** One POST of one batch; true when the Alertmanager answered 2xx. */
  private async sendBatch(alerts: NotifierAlert[]): Promise<boolean> {
    const begin = this.opts.now();
    const ac = new AbortController();
    this.inFlight = ac;
    const timer = setTimeout(() => ac.abort(new Error('context deadline exceeded')), this.opts.timeoutMs);
    try {
      const res = await this.opts.post(this.url, alertsPayload(alerts), ac.signal);
      if (res.status < 200 || res.status > 299) throw new Error(`bad response status ${res.statusText}`);
    } catch (e) {
      const reason = ac.signal.aborted && ac.signal.reason instanceof Error ? ac.signal.reason.message : (e as Error).message;
      const err = (e as Error).message.startsWith('bad response status') ? reason : `Post ${JSON.stringify(this.url)}: ${reason}`;
      this.opts.logger.error('Error sending alerts', { alertmanager: this.url, count: alerts.length, err });
      this.metrics.errors += alerts.length;
      return false;
    } finally {
      clearTimeout(timer);
      this.inFlight = null;
    }
    this.metrics.latency.observe((this.opts.now() - begin) / 1000);
    this.metrics.sent += alerts.length;
    return true;
  }
}
