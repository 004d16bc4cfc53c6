/**
 * pushover_configs: Pushover's message API with Alertmanager's fields and limits.
 * https://pushover.net/api
 *
 * NOTE: Alertmanager puts the parameters (token and user key included) in the query string of
 * an empty POST; Hearth sends the same parameters as a form body, which Pushover documents,
 * so the keys never sit in a URL that proxies log.
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { outcome, send } from './http.js';
import { permanentFailure, readSecret, truncateRunes, type NotifyResult, type Receiver } from './receiver.js';

export interface PushoverConfig {
  readonly userKey?: string;
  readonly userKeyFile?: string;
  readonly token?: string;
  readonly tokenFile?: string;
  readonly title?: string;
  readonly message?: string;
  readonly url?: string;
  readonly urlTitle?: string;
  readonly device?: string;
  readonly sound?: string;
  readonly priority?: string;
  /** How often an emergency message is repeated (default 1m). */
  readonly retryMs?: number;
  /** How long an emergency message is repeated (default 1h). */
  readonly expireMs?: number;
  /** Message lifetime on the device; 0 (default) keeps it. */
  readonly ttlMs?: number;
  readonly html?: boolean;
  /** Hearth's: where the API is (default https://api.pushover.net/1/messages.json). */
  readonly apiUrl?: string;
  /** Default true, as Alertmanager's. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
}

export const PUSHOVER_API_URL = 'https://api.pushover.net/1/messages.json';

// Pushover's limits, as Alertmanager applies them.
const MAX_TITLE_RUNES = 250;
const MAX_MESSAGE_RUNES = 1024;
const MAX_URL_RUNES = 512;

export class PushoverReceiver implements Receiver {
  readonly kind = 'pushover';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: PushoverConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? true;
  }

  /** The parameters, sorted by name as Go's url.Values.Encode writes them. */
  async params(ctx: NotifyContext, alerts: readonly NotifyAlert[], token: string, userKey: string): Promise<URLSearchParams> {
    const c = this.cfg;
    const d = notificationData(ctx, alerts);
    const f = await this.tmpl.renderAll(
      {
        title: c.title ?? '{{ template "pushover.default.title" . }}',
        url: c.url ?? '{{ template "pushover.default.url" . }}',
        urlTitle: c.urlTitle ?? '',
        device: c.device ?? '',
        sound: c.sound ?? '',
        priority: c.priority ?? '{{ if eq .Status "firing" }}2{{ else }}0{{ end }}',
      },
      d,
    );
    let message = (await this.tmpl.renderAll({ message: c.message ?? '{{ template "pushover.default.message" . }}' }, d, { html: c.html ?? false })).message;
    message = truncateRunes(message, MAX_MESSAGE_RUNES).text;
    if (message === '') message = '(no details)';
    const p: [string, string][] = [
      ['token', token],
      ['user', userKey],
      ['title', truncateRunes(f.title, MAX_TITLE_RUNES).text],
      ['message', message],
      ['url', truncateRunes(f.url, MAX_URL_RUNES).text],
      ['priority', f.priority],
      ['retry', String(Math.trunc((c.retryMs ?? 60_000) / 1000))],
      ['expire', String(Math.trunc((c.expireMs ?? 3_600_000) / 1000))],
    ];
    if (c.html) p.push(['html', '1']);
    if (f.urlTitle !== '') p.push(['url_title', f.urlTitle]);
    if (f.device !== '') p.push(['device', f.device]);
    if (f.sound !== '') p.push(['sound', f.sound]);
    if (c.ttlMs && c.ttlMs > 0) p.push(['ttl', String(Math.trunc(c.ttlMs / 1000))]);
    p.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return new URLSearchParams(p);
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    let token = '';
    let userKey = '';
    let body: string;
    try {
      token = await readSecret({ value: this.cfg.token, file: this.cfg.tokenFile }, 'token');
      userKey = await readSecret({ value: this.cfg.userKey, file: this.cfg.userKeyFile }, 'user_key');
      body = (await this.params(ctx, alerts, token, userKey)).toString();
    } catch (e) {
      return permanentFailure(e, [token, userKey]);
    }
    return outcome(
      await send({ url: this.cfg.apiUrl ?? PUSHOVER_API_URL, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body, timeoutMs: this.cfg.timeoutMs, secrets: [token, userKey] }, signal),
    );
  }
}
