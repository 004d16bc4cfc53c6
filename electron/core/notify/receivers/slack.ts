/**
 * slack_configs: one attachment message as Alertmanager sends it, to an incoming webhook or to
 * chat.postMessage (then the token travels in http_config's authorization).
 * https://prometheus.io/docs/alerting/latest/configuration/#slack_config
 * https://api.slack.com/methods/chat.postMessage
 */

import type { NotifyAlert, NotifyContext } from '../data.js';
import { notificationData } from '../template/data.js';
import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { goJSONStringify, outcome, send } from './http.js';
import { authHeaders, permanentFailure, readSecret, truncateRunes, type HttpConfig, type NotifyResult, type Receiver } from './receiver.js';

export interface SlackField {
  readonly title: string;
  readonly value: string;
  readonly short?: boolean;
}

export interface SlackAction {
  readonly type?: string;
  readonly text?: string;
  readonly url?: string;
  readonly style?: string;
  readonly name?: string;
  readonly value?: string;
  readonly confirm?: { readonly text: string; readonly title?: string; readonly okText?: string; readonly dismissText?: string };
}

export interface SlackConfig {
  readonly apiUrl?: string;
  readonly apiUrlFile?: string;
  readonly channel?: string;
  readonly username?: string;
  readonly color?: string;
  readonly title?: string;
  readonly titleLink?: string;
  readonly pretext?: string;
  readonly text?: string;
  readonly fields?: readonly SlackField[];
  readonly shortFields?: boolean;
  readonly footer?: string;
  readonly fallback?: string;
  readonly callbackId?: string;
  readonly iconEmoji?: string;
  readonly iconUrl?: string;
  readonly imageUrl?: string;
  readonly thumbUrl?: string;
  readonly linkNames?: boolean;
  readonly mrkdwnIn?: readonly string[];
  readonly actions?: readonly SlackAction[];
  /** Default false, as Alertmanager's. */
  readonly sendResolved?: boolean;
  readonly timeoutMs?: number;
  readonly httpConfig?: HttpConfig;
}

/** Alertmanager's DefaultSlackConfig templates. */
export const SLACK_DEFAULTS = {
  username: '{{ template "slack.default.username" . }}',
  color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}',
  title: '{{ template "slack.default.title" . }}',
  titleLink: '{{ template "slack.default.titlelink" . }}',
  iconEmoji: '{{ template "slack.default.iconemoji" . }}',
  iconUrl: '{{ template "slack.default.iconurl" . }}',
  pretext: '{{ template "slack.default.pretext" . }}',
  text: '{{ template "slack.default.text" . }}',
  fallback: '{{ template "slack.default.fallback" . }}',
  callbackId: '{{ template "slack.default.callbackid" . }}',
  footer: '{{ template "slack.default.footer" . }}',
} as const;

const MAX_TITLE_RUNES = 1024;

/** Go's omitempty: drops empty strings, false and empty arrays, keeping the key order. */
function omitEmpty(o: Record<string, unknown>, keep: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!keep.includes(k) && (v === '' || v === false || v === undefined || (Array.isArray(v) && v.length === 0))) continue;
    out[k] = v;
  }
  return out;
}

export class SlackReceiver implements Receiver {
  readonly kind = 'slack';
  readonly sendResolved: boolean;

  constructor(
    private readonly cfg: SlackConfig,
    private readonly tmpl: NotifyTemplate,
  ) {
    this.sendResolved = cfg.sendResolved ?? false;
  }

  /** The request body, rendered; throws TemplateError for a bad template. */
  async message(ctx: NotifyContext, alerts: readonly NotifyAlert[]): Promise<Record<string, unknown>> {
    const c = this.cfg;
    const d = notificationData(ctx, alerts);
    const f = await this.tmpl.renderAll(
      {
        username: c.username ?? SLACK_DEFAULTS.username,
        color: c.color ?? SLACK_DEFAULTS.color,
        title: c.title ?? SLACK_DEFAULTS.title,
        titleLink: c.titleLink ?? SLACK_DEFAULTS.titleLink,
        iconEmoji: c.iconEmoji ?? SLACK_DEFAULTS.iconEmoji,
        iconUrl: c.iconUrl ?? SLACK_DEFAULTS.iconUrl,
        pretext: c.pretext ?? SLACK_DEFAULTS.pretext,
        text: c.text ?? SLACK_DEFAULTS.text,
        fallback: c.fallback ?? SLACK_DEFAULTS.fallback,
        callbackId: c.callbackId ?? SLACK_DEFAULTS.callbackId,
        footer: c.footer ?? SLACK_DEFAULTS.footer,
        channel: c.channel ?? '',
        imageUrl: c.imageUrl ?? '',
        thumbUrl: c.thumbUrl ?? '',
      },
      d,
    );
    const fields = [];
    for (const field of c.fields ?? []) {
      const r = await this.tmpl.renderAll({ title: field.title, value: field.value }, d);
      // Alertmanager fills a field's unset short from short_fields, so short is always sent.
      fields.push({ title: r.title, value: r.value, short: field.short ?? c.shortFields ?? false });
    }
    const actions = [];
    for (const a of c.actions ?? []) {
      const r = await this.tmpl.renderAll({ type: a.type ?? '', text: a.text ?? '', url: a.url ?? '', style: a.style ?? '', name: a.name ?? '', value: a.value ?? '' }, d);
      let confirm: Record<string, unknown> | undefined;
      if (a.confirm) {
        const cf = await this.tmpl.renderAll({ text: a.confirm.text, title: a.confirm.title ?? '', ok_text: a.confirm.okText ?? '', dismiss_text: a.confirm.dismissText ?? '' }, d);
        confirm = omitEmpty({ text: cf.text, title: cf.title, ok_text: cf.ok_text, dismiss_text: cf.dismiss_text }, ['text']);
      }
      actions.push(omitEmpty({ ...r, confirm }));
    }
    const attachment = omitEmpty(
      {
        title: truncateRunes(f.title, MAX_TITLE_RUNES).text,
        title_link: f.titleLink,
        pretext: f.pretext,
        text: f.text,
        fallback: f.fallback,
        callback_id: f.callbackId,
        fields,
        actions,
        image_url: f.imageUrl,
        thumb_url: f.thumbUrl,
        footer: f.footer,
        color: f.color,
        mrkdwn_in: c.mrkdwnIn ?? ['fallback', 'pretext', 'text'],
      },
      ['text', 'fallback', 'callback_id', 'footer'],
    );
    return omitEmpty({ channel: f.channel, username: f.username, icon_emoji: f.iconEmoji, icon_url: f.iconUrl, link_names: c.linkNames ?? false, attachments: [attachment] }, ['attachments']);
  }

  async notify(ctx: NotifyContext, alerts: readonly NotifyAlert[], signal: AbortSignal): Promise<NotifyResult> {
    let url: string;
    let auth: Awaited<ReturnType<typeof authHeaders>>;
    let body: string;
    try {
      url = await readSecret({ value: this.cfg.apiUrl, file: this.cfg.apiUrlFile }, 'api_url');
      auth = await authHeaders(this.cfg.httpConfig);
      body = goJSONStringify(await this.message(ctx, alerts)) + '\n';
    } catch (e) {
      return permanentFailure(e);
    }
    const r = await send({ url, headers: { 'Content-Type': 'application/json', ...auth.headers }, body, timeoutMs: this.cfg.timeoutMs, secrets: auth.secrets }, signal);
    // chat.postMessage answers 200 with {"ok":false,"error":"…"} when it refuses a message.
    if (r.error === undefined && r.body && r.body.trimStart().startsWith('{')) {
      try {
        const answer = JSON.parse(r.body) as { ok?: boolean; error?: string };
        if (answer.ok === false) return { retry: false, status: r.status, error: `slack refused the message: ${String(answer.error ?? 'unknown error').slice(0, 200)}` };
      } catch {
        /* not JSON: an incoming webhook's "ok" */
      }
    }
    return outcome(r);
  }
}
