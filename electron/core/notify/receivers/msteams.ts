/**
 * msteams_configs: an Office 365 connector MessageCard to an incoming webhook, as Alertmanager
 * (0.26+) sends it.
 * https://learn.microsoft.com/en-us/outlook/actionable-messages/message-card-reference
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { goJSONStringify, outcome, send } from './http.js';
import { permanentFailure, readSecret, type NotifyResult, type Receiver } from './receiver.js';

export interface MSTeamsConfig {
  readonly webhookUrl?: string;
  readonly webhookUrlFile?: string;
  readonly title?: string;
  readonly summary?: string;
  readonly text?: string;
  /** Default true, as Alertmanager's. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
}

export const MSTEAMS_COLOR = { firing: '8C1A1A', resolved: '2DC72D' } as const;

export class MSTeamsReceiver implements Receiver {
  readonly kind = 'msteams';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: MSTeamsConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  async message(ctx: NotifyContext, alerts: readonly NotifyAlert[]): Promise<Record<string, unknown>> {
    const d = notificationData(ctx, alerts);
    const f = await this.tmpl.renderAll(
      {
        title: this.cfg.title ?? '{{ template "msteams.default.title" . }}',
        summary: this.cfg.summary ?? '{{ template "msteams.default.summary" . }}',
        text: this.cfg.text ?? '{{ template "msteams.default.text" . }}',
      },
      d,
    );
    return { '@context': 'http://schema.org/extensions', type: 'MessageCard', title: f.title, summary: f.summary, text: f.text, themeColor: MSTEAMS_COLOR[d.status] };
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    let url: string;
    let body: string;
    try {
      url = await readSecret({ value: this.cfg.webhookUrl, file: this.cfg.webhookUrlFile }, 'webhook_url');
      body = goJSONStringify(await this.message(ctx, alerts)) + '\n';
    } catch (e) {
      return permanentFailure(e);
    }
    return outcome(await send({ url, headers: { 'Content-Type': 'application/json' }, body, timeoutMs: this.cfg.timeoutMs }, signal));
  }
}
