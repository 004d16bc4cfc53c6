/**
 * ntfy_configs (Hearth's): a JSON publish to an ntfy server.
 * https://docs.ntfy.sh/publish/#publish-as-json
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { outcome, send } from './http.js';
import { ntfyPriority } from './priority.js';
import { authHeaders, permanentFailure, readSecret, truncateBytes, type HttpConfig, type NotifyResult, type Receiver } from './receiver.js';

export interface NtfyConfig {
  /** The server (default https://ntfy.sh). */
  readonly url?: string;
  readonly topic: string;
  /** An access token, sent as a bearer; or use httpConfig for basic auth. */
  readonly token?: string;
  readonly tokenFile?: string;
  readonly title?: string;
  readonly message?: string;
  /** Renders to 1–5 or a priority name. */
  readonly priority?: string;
  /** Each renders to one tag (emoji shortcodes become emojis); empty ones are dropped. */
  readonly tags?: readonly string[];
  readonly click?: string;
  /** Default true. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
  readonly httpConfig?: HttpConfig;
}

export const NTFY_DEFAULTS = {
  title: '{{ template "ntfy.default.title" . }}',
  message: '{{ template "ntfy.default.message" . }}',
  priority: '{{ if eq .Status "firing" }}high{{ else }}default{{ end }}',
  tags: ['{{ if eq .Status "firing" }}rotating_light{{ else }}white_check_mark{{ end }}'],
  click: '{{ template "ntfy.default.click" . }}',
} as const;

// ntfy's default message-size-limit; beyond it a server turns the message into an attachment.
const MAX_MESSAGE_BYTES = 4096;

export class NtfyReceiver implements Receiver {
  readonly kind = 'ntfy';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: NtfyConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  async message(ctx: NotifyContext, alerts: readonly NotifyAlert[]): Promise<Record<string, unknown>> {
    const c = this.cfg;
    const d = notificationData(ctx, alerts);
    const f = await this.tmpl.renderAll(
      { title: c.title ?? NTFY_DEFAULTS.title, message: c.message ?? NTFY_DEFAULTS.message, priority: c.priority ?? NTFY_DEFAULTS.priority, click: c.click ?? NTFY_DEFAULTS.click },
      d,
    );
    const tags: string[] = [];
    for (const t of c.tags ?? NTFY_DEFAULTS.tags) {
      const v = (await this.tmpl.renderAll({ tags: t }, d)).tags.trim();
      if (v !== '') tags.push(v);
    }
    const msg: Record<string, unknown> = { topic: c.topic, title: f.title, message: truncateBytes(f.message, MAX_MESSAGE_BYTES).text, priority: ntfyPriority(f.priority) };
    if (tags.length > 0) msg['tags'] = tags;
    if (f.click !== '') msg['click'] = f.click;
    return msg;
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    if (!this.cfg.topic) return { retry: false, error: 'topic is missing' };
    let headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const secrets: string[] = [];
    let body: string;
    try {
      if (this.cfg.token || this.cfg.tokenFile) {
        const token = await readSecret({ value: this.cfg.token, file: this.cfg.tokenFile }, 'token');
        headers['Authorization'] = `Bearer ${token}`;
        secrets.push(token);
      } else {
        const auth = await authHeaders(this.cfg.httpConfig);
        headers = { ...headers, ...auth.headers };
        secrets.push(...auth.secrets);
      }
      body = JSON.stringify(await this.message(ctx, alerts));
    } catch (e) {
      return permanentFailure(e, secrets);
    }
    const url = (this.cfg.url ?? 'https://ntfy.sh').replace(/\/+$/, '') + '/';
    return outcome(await send({ url, headers, body, timeoutMs: this.cfg.timeoutMs, secrets }, signal));
  }
}
