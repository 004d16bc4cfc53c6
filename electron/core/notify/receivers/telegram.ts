/**
 * telegram_configs: the Bot API's sendMessage, as Alertmanager sends it.
 * https://core.telegram.org/bots/api#sendmessage
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { goJSONStringify, send } from './http.js';
import { permanentFailure, readSecret, truncateRunes, type NotifyResult, type Receiver } from './receiver.js';

export interface TelegramConfig {
  /** Default https://api.telegram.org. */
  readonly apiUrl?: string;
  readonly botToken?: string;
  readonly botTokenFile?: string;
  readonly chatId: number | bigint | string;
  readonly message?: string;
  readonly disableNotifications?: boolean;
  /** 'HTML' (default), 'Markdown', 'MarkdownV2' or '' for plain text. */
  readonly parseMode?: string;
  /** Default true, as Alertmanager's. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
}

const MAX_MESSAGE_RUNES = 4096;

export class TelegramReceiver implements Receiver {
  readonly kind = 'telegram';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: TelegramConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  private parseMode(): string {
    return this.cfg.parseMode ?? 'HTML';
  }

  async message(ctx: NotifyContext, alerts: readonly NotifyAlert[]): Promise<Record<string, string>> {
    // HTML mode renders as html/template would: the data is escaped, the template's own tags are kept.
    const text = await this.tmpl.render(this.cfg.message ?? '{{ template "telegram.default.message" . }}', notificationData(ctx, alerts), { html: this.parseMode() === 'HTML' });
    // Alertmanager's Telegram client sends string parameters in a map, so in name order, and always without link previews.
    const body: Record<string, string> = { chat_id: String(this.cfg.chatId) };
    if (this.cfg.disableNotifications) body['disable_notification'] = 'true';
    body['disable_web_page_preview'] = 'true';
    if (this.parseMode() !== '') body['parse_mode'] = this.parseMode();
    body['text'] = truncateRunes(text, MAX_MESSAGE_RUNES).text;
    return body;
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    let token: string;
    let body: string;
    try {
      token = await readSecret({ value: this.cfg.botToken, file: this.cfg.botTokenFile }, 'bot_token');
      body = goJSONStringify(await this.message(ctx, alerts)) + '\n';
    } catch (e) {
      return permanentFailure(e, [this.cfg.botToken ?? '']);
    }
    const base = (this.cfg.apiUrl ?? 'https://api.telegram.org').replace(/\/+$/, '');
    const r = await send({ url: `${base}/bot${token}/sendMessage`, headers: { 'Content-Type': 'application/json' }, body, timeoutMs: this.cfg.timeoutMs, secrets: [token] }, signal);
    if (r.error !== undefined) return { retry: r.retry, status: r.status, error: r.error };
    try {
      const answer = JSON.parse(r.body ?? '') as { ok?: boolean; description?: string };
      if (answer.ok === false) return { retry: false, status: r.status, error: `telegram refused the message: ${String(answer.description ?? '').slice(0, 200)}` };
    } catch {
      /* a 2xx without JSON: take it as delivered */
    }
    return { retry: false, status: r.status };
  }
}
