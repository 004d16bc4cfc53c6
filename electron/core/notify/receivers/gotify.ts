/**
 * gotify_configs (Hearth's): POST /message to a Gotify server with an application token.
 * https://gotify.net/api-docs#/message/createMessage and https://gotify.net/docs/msgextras
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { outcome, send } from './http.js';
import { intPriority } from './priority.js';
import { permanentFailure, readSecret, type NotifyResult, type Receiver } from './receiver.js';

export interface GotifyConfig {
  /** The server's base URL, e.g. https://gotify.example. */
  readonly url: string;
  /** The application token (X-Gotify-Key). */
  readonly token?: string;
  readonly tokenFile?: string;
  readonly title?: string;
  readonly message?: string;
  /** Renders to an integer. */
  readonly priority?: string;
  /** Whether clients render the message as markdown (default false: plain text). */
  readonly markdown?: boolean;
  /** Opened when the notification is clicked. */
  readonly click?: string;
  /** Default true. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
}

export const GOTIFY_DEFAULTS = {
  title: '{{ template "gotify.default.title" . }}',
  message: '{{ template "gotify.default.message" . }}',
  priority: '{{ if eq .Status "firing" }}8{{ else }}4{{ end }}',
  click: '{{ template "__alertmanagerURL" . }}',
} as const;

export class GotifyReceiver implements Receiver {
  readonly kind = 'gotify';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: GotifyConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  async message(ctx: NotifyContext, alerts: readonly NotifyAlert[]): Promise<Record<string, unknown>> {
    const c = this.cfg;
    const f = await this.tmpl.renderAll(
      { title: c.title ?? GOTIFY_DEFAULTS.title, message: c.message ?? GOTIFY_DEFAULTS.message, priority: c.priority ?? GOTIFY_DEFAULTS.priority, click: c.click ?? GOTIFY_DEFAULTS.click },
      notificationData(ctx, alerts),
    );
    const extras: Record<string, unknown> = { 'client::display': { contentType: c.markdown ? 'text/markdown' : 'text/plain' } };
    if (f.click !== '') extras['client::notification'] = { click: { url: f.click } };
    return { title: f.title, message: f.message, priority: intPriority(f.priority, 5), extras };
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    let token = '';
    let body: string;
    try {
      token = await readSecret({ value: this.cfg.token, file: this.cfg.tokenFile }, 'token');
      body = JSON.stringify(await this.message(ctx, alerts));
    } catch (e) {
      return permanentFailure(e, [token]);
    }
    const url = this.cfg.url.replace(/\/+$/, '') + '/message';
    return outcome(await send({ url, headers: { 'Content-Type': 'application/json', 'X-Gotify-Key': token }, body, timeoutMs: this.cfg.timeoutMs, secrets: [token] }, signal));
  }
}
