/**
 * discord_configs: an execute-webhook call with one embed, as Alertmanager sends it.
 * https://discord.com/developers/docs/resources/webhook#execute-webhook
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { goJSONStringify, outcome, send } from './http.js';
import { permanentFailure, readSecret, truncateRunes, type NotifyResult, type Receiver } from './receiver.js';

export interface DiscordConfig {
  readonly webhookUrl?: string;
  readonly webhookUrlFile?: string;
  readonly title?: string;
  readonly message?: string;
  /** Default true, as Alertmanager's. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
}

// Discord's embed limits.
const MAX_TITLE_RUNES = 256;
const MAX_DESCRIPTION_RUNES = 4096;

export const DISCORD_COLOR = { firing: 0x992d22, resolved: 0x2ecc71 } as const;

export class DiscordReceiver implements Receiver {
  readonly kind = 'discord';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: DiscordConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  async message(ctx: NotifyContext, alerts: readonly NotifyAlert[]): Promise<Record<string, unknown>> {
    const d = notificationData(ctx, alerts);
    const f = await this.tmpl.renderAll(
      { title: this.cfg.title ?? '{{ template "discord.default.title" . }}', message: this.cfg.message ?? '{{ template "discord.default.message" . }}' },
      d,
    );
    return {
      content: '',
      embeds: [{ title: truncateRunes(f.title, MAX_TITLE_RUNES).text, description: truncateRunes(f.message, MAX_DESCRIPTION_RUNES).text, color: DISCORD_COLOR[d.status] }],
    };
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
