/**
 * http_sd_configs: target groups fetched as JSON from a URL every refresh_interval, as
 * Prometheus's discovery/http. A failed refresh keeps the previous targets and is logged;
 * groups missing from a new response are removed.
 */

import { Labels } from '../../model/labels.js';
import type { HTTPSDConfig } from '../../config/types.js';
import { nopLogger, type Logger } from '../../log.js';
import { parseTargetGroupFile } from './fileFormat.js';
import { groupFromStatic } from './static.js';
import { httpGet } from './httpGet.js';
import type { Provider } from './provider.js';
import type { TargetGroup } from './targetGroup.js';

export const URL_LABEL = '__meta_url';

export interface HTTPProviderOptions {
  logger?: Logger;
  userAgent?: string;
}

export class HTTPProvider implements Provider {
  readonly initialized: Promise<void>;
  private resolveInit!: () => void;
  private send: ((groups: TargetGroup[]) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private inflight: Promise<void> | undefined;
  private lastCount = 0;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    private readonly cfg: HTTPSDConfig,
    private readonly opts: HTTPProviderOptions = {},
  ) {
    this.logger = (opts.logger ?? nopLogger).with({ discovery: 'http' });
    this.initialized = new Promise((r) => (this.resolveInit = r));
  }

  start(send: (groups: TargetGroup[]) => void): void {
    this.send = send;
    void this.tick().finally(() => this.resolveInit());
    this.timer = setInterval(() => void this.tick(), this.cfg.refreshIntervalMs);
    this.timer.unref?.();
  }

  /** One refresh, skipped while the previous one is still running. */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (!this.inflight) {
      this.inflight = this.refresh()
        .catch((err: Error) => this.logger.error('Unable to refresh target groups', { url: this.cfg.url, err: err.message }))
        .finally(() => (this.inflight = undefined));
    }
    return this.inflight;
  }

  private async refresh(): Promise<void> {
    const res = await httpGet(this.cfg.url, this.cfg.httpClient, {
      headers: {
        Accept: 'application/json',
        'User-Agent': this.opts.userAgent ?? 'Hearth',
        'X-Prometheus-Refresh-Interval-Seconds': String(Math.floor(this.cfg.refreshIntervalMs / 1000)),
      },
      timeoutMs: this.cfg.refreshIntervalMs,
      signal: this.abort.signal,
    });
    if (res.status !== 200) throw new Error(`server returned HTTP status ${res.status} ${res.statusText}`.trimEnd());
    const ct = String(res.headers['content-type'] ?? '');
    if (!/^application\/json(\s*;.*)?$/i.test(ct.trim())) throw new Error(`unsupported content type ${JSON.stringify(ct)}`);
    const raw = parseTargetGroupFile(res.body.toString('utf8'), 'response.json');
    if (this.stopped || !this.send) return;
    const meta = Labels.fromPairs([[URL_LABEL, this.cfg.url]]);
    const groups = raw.map((g, i) => groupFromStatic(g, `${this.cfg.url}:${i}`, meta));
    for (let i = groups.length; i < this.lastCount; i++) groups.push({ source: `${this.cfg.url}:${i}`, targets: [], labels: Labels.EMPTY });
    this.lastCount = raw.length;
    if (groups.length > 0) this.send(groups);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.abort.abort();
    await this.inflight;
  }
}
