/**
 * webhook_configs: Alertmanager's webhook payload version 4, POSTed as JSON.
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { goJSONTime } from '../template/funcs.js';
import { notificationData, type NotificationData } from '../template/data.js';
import { GoTime } from '../../template/index.js';
import { goJSONStringify, outcome, send } from './http.js';
import { authHeaders, permanentFailure, readSecret, truncateAlerts, type HttpConfig, type NotifyResult, type Receiver } from './receiver.js';

export interface WebhookConfig {
  readonly url?: string;
  /** A file holding the URL (url_file), for URLs that carry a key. */
  readonly urlFile?: string;
  /** Default true, as Alertmanager's. */
  readonly sendResolved?: boolean;
  /** Alerts per message; 0 (default) sends all, the rest are counted in truncatedAlerts. */
  readonly maxAlerts?: number;
  /** 0 (default): no timeout beyond the pipeline's. */
  readonly timeoutMs?: number;
  readonly httpConfig?: HttpConfig;
}

function sortedRecord(r: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(r).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = r[k]!;
  return out;
}

/** The payload, keys in the order Alertmanager's Go structs give them. */
export function webhookMessage(d: NotificationData, groupKey: string, truncated: number): Record<string, unknown> {
  return {
    receiver: d.receiver,
    status: d.status,
    alerts: d.alerts.map((a) => ({
      status: a.status,
      labels: sortedRecord(a.labels),
      annotations: sortedRecord(a.annotations),
      startsAt: goJSONTime(new GoTime(a.startsAtMs)),
      endsAt: goJSONTime(new GoTime(a.endsAtMs)),
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
    })),
    groupLabels: sortedRecord(d.groupLabels),
    commonLabels: sortedRecord(d.commonLabels),
    commonAnnotations: sortedRecord(d.commonAnnotations),
    externalURL: d.externalURL,
    version: '4',
    groupKey,
    truncatedAlerts: truncated,
  };
}

export class WebhookReceiver implements Receiver {
  readonly kind = 'webhook';
  readonly sendResolved: boolean;

  constructor(private readonly cfg: WebhookConfig) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    let url: string;
    let auth: Awaited<ReturnType<typeof authHeaders>>;
    try {
      url = await readSecret({ value: this.cfg.url, file: this.cfg.urlFile }, 'url');
      auth = await authHeaders(this.cfg.httpConfig);
    } catch (e) {
      return permanentFailure(e);
    }
    const { alerts: sent, truncated } = truncateAlerts(this.cfg.maxAlerts ?? 0, alerts);
    const body = goJSONStringify(webhookMessage(notificationData(ctx, sent), ctx.groupKey, truncated)) + '\n';
    return outcome(await send({ url, headers: { 'Content-Type': 'application/json', ...auth.headers }, body, timeoutMs: this.cfg.timeoutMs, secrets: auth.secrets }, signal));
  }
}
