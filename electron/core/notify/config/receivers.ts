/**
 * receivers: each integration's block as Alertmanager decodes it (its defaults, its checks
 * and their wording), plus Hearth's desktop, ntfy, Gotify and Matrix blocks in the same style.
 * Globals are folded in later (parse.ts), once the whole file is read, as Alertmanager does.
 */

import { isScalar } from 'yaml';
import { type Decoder, type Node } from '../../config/yamlDecoder.js';
import { decodeTLSConfig, defaultHTTPClientConfig, defaultTLSConfig } from '../../config/httpClient.js';
import { canonicalHeaderKey } from '../../config/httpClient.js';
import { goQuote } from '../../../../shared/text/quote.js';
import {
  durationField,
  fileField,
  hostPortField,
  httpConfigField,
  PLAIN,
  secretField,
  secretTemplateUrlField,
  secretUrlField,
  stringMap,
  urlField,
} from './fields.js';
import { Secret } from './secret.js';
import type {
  DesktopConfig,
  DiscordConfig,
  EmailConfig,
  GotifyConfig,
  MatrixConfig,
  MSTeamsConfig,
  NtfyConfig,
  PushoverConfig,
  Receiver,
  SlackAction,
  SlackConfig,
  SlackField,
  TelegramConfig,
  WebhookConfig,
} from './types.js';
import type { HTTPClientConfig } from '../../config/types.js';

/** Alertmanager's receivers that Hearth cannot deliver to yet, with the service's name. */
const UNSUPPORTED: Record<string, string> = {
  pagerduty_configs: 'PagerDuty',
  opsgenie_configs: 'Opsgenie',
  victorops_configs: 'VictorOps',
  wechat_configs: 'WeChat',
  sns_configs: 'Amazon SNS',
  webex_configs: 'Webex',
  jira_configs: 'Jira',
  rocketchat_configs: 'Rocket.Chat',
  mattermost_configs: 'Mattermost',
  incidentio_configs: 'incident.io',
  msteamsv2_configs: 'Microsoft Teams (Workflows)',
};

/** Which email fields the block set itself, so globals fill only the others. */
export const EMAIL_OWN = new WeakMap<EmailConfig, { requireTls: boolean; tls: boolean }>();

export const SLACK_APP_URL = 'https://slack.com/api/chat.postMessage';

/** http_config given in the block, or null to take the global one later. */
export interface Pending<T> {
  cfg: T;
  ownHttpConfig: boolean;
  node: Node;
}

export interface DecodedReceiver {
  receiver: Receiver;
  pending: {
    webhook: Pending<WebhookConfig>[];
    email: Pending<EmailConfig>[];
    slack: Pending<SlackConfig>[];
    telegram: Pending<TelegramConfig>[];
    discord: Pending<DiscordConfig>[];
    pushover: Pending<PushoverConfig>[];
    msteams: Pending<MSTeamsConfig>[];
    ntfy: Pending<NtfyConfig>[];
    gotify: Pending<GotifyConfig>[];
    matrix: Pending<MatrixConfig>[];
  };
  nameNode: Node;
}

type Block<T> = (d: Decoder, v: Node, dir: string, http: { cfg: HTTPClientConfig | undefined }) => T;

function list<T>(d: Decoder, v: Node, dir: string, kind: string, nullMsg: string | null, decode: Block<T>, out: Pending<T>[]): void {
  for (const item of d.seq(v, `[]*config.${kind}`) ?? []) {
    if (d.isNull(item) && nullMsg !== null) d.fail(item ?? v, nullMsg);
    const http = { cfg: undefined as HTTPClientConfig | undefined };
    const cfg = decode(d, item, dir, http);
    out.push({ cfg, ownHttpConfig: http.cfg !== undefined, node: item ?? v });
  }
}

function httpHandler(d: Decoder, dir: string, http: { cfg: HTTPClientConfig | undefined }, set: (c: HTTPClientConfig) => void) {
  return (x: Node) => {
    const c = httpConfigField(d, x, dir);
    if (c) {
      http.cfg = c;
      set(c);
    }
  };
}

const webhook: Block<WebhookConfig> = (d, v, dir, http) => {
  const c: WebhookConfig = { sendResolved: true, httpConfig: defaultHTTPClientConfig(), url: null, urlFile: '', maxAlerts: 0, timeoutMs: 0 };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    url: (x) => (c.url = secretTemplateUrlField(d, x)),
    url_file: (x) => (c.urlFile = fileField(d, x, dir)),
    max_alerts: (x) => (c.maxAlerts = d.int(x, true) ?? 0),
    timeout: (x) => (c.timeoutMs = durationField(d, x) ?? 0),
  });
  if (c.url === null && c.urlFile === '') d.fail(v, 'one of url or url_file must be configured');
  if (c.url !== null && c.urlFile !== '') d.fail(v, 'at most one of url & url_file must be configured');
  return c;
};

const email: Block<EmailConfig> = (d, v, dir) => {
  const c: EmailConfig = {
    sendResolved: false,
    to: '',
    from: '',
    hello: '',
    smarthost: '',
    authUsername: '',
    authPassword: new Secret(''),
    authPasswordFile: '',
    authSecret: new Secret(''),
    authSecretFile: '',
    authIdentity: '',
    headers: {},
    html: '{{ template "email.default.html" . }}',
    text: '',
    requireTls: true,
    forceImplicitTls: null,
    tlsConfig: defaultTLSConfig(),
  };
  let headersNode: Node = null;
  let requireTlsSet = false;
  let tlsSet = false;
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    to: (x) => (c.to = d.str(x) ?? ''),
    from: (x) => (c.from = d.str(x) ?? ''),
    hello: (x) => (c.hello = d.str(x) ?? ''),
    smarthost: (x) => (c.smarthost = hostPortField(d, x)),
    auth_username: (x) => (c.authUsername = d.str(x) ?? ''),
    auth_password: (x) => (c.authPassword = secretField(d, x)),
    auth_password_file: (x) => (c.authPasswordFile = fileField(d, x, dir)),
    auth_secret: (x) => (c.authSecret = secretField(d, x)),
    auth_secret_file: (x) => (c.authSecretFile = fileField(d, x, dir)),
    auth_identity: (x) => (c.authIdentity = d.str(x) ?? ''),
    headers: (x) => {
      headersNode = x;
      c.headers = stringMap(d, x);
    },
    html: (x) => (c.html = d.str(x) ?? ''),
    text: (x) => (c.text = d.str(x) ?? ''),
    require_tls: (x) => {
      const b = d.bool(x);
      if (b !== undefined) {
        c.requireTls = b;
        requireTlsSet = true;
      }
    },
    force_implicit_tls: (x) => (c.forceImplicitTls = d.bool(x) ?? null),
    tls_config: (x) => {
      if (!d.isNull(x)) {
        c.tlsConfig = decodeTLSConfig(d, x, dir);
        tlsSet = true;
      }
    },
  });
  if (c.to === '') d.fail(v, 'missing to address in email config');
  const normalized: Record<string, string> = {};
  for (const [h, val] of Object.entries(c.headers)) {
    const k = canonicalHeaderKey(h);
    if (Object.prototype.hasOwnProperty.call(normalized, k)) d.fail(headersNode, `duplicate header ${goQuote(k)} in email config`);
    normalized[k] = val;
  }
  c.headers = normalized;
  if (!c.authPassword.isEmpty && c.authPasswordFile !== '') d.fail(v, 'at most one of auth_password & auth_password_file must be configured');
  if (!c.authSecret.isEmpty && c.authSecretFile !== '') d.fail(v, 'at most one of auth_secret & auth_secret_file must be configured');
  EMAIL_OWN.set(c, { requireTls: requireTlsSet, tls: tlsSet });
  return c;
};

function slackField(d: Decoder, v: Node): SlackField {
  const f: SlackField = { title: '', value: '', short: null };
  d.fields(v, PLAIN, {
    title: (x) => (f.title = d.str(x) ?? ''),
    value: (x) => (f.value = d.str(x) ?? ''),
    short: (x) => (f.short = d.bool(x) ?? null),
  });
  if (f.title === '') d.fail(v, 'missing title in Slack field configuration');
  if (f.value === '') d.fail(v, 'missing value in Slack field configuration');
  return f;
}

function slackAction(d: Decoder, v: Node): SlackAction {
  const a: SlackAction = { type: '', text: '', url: '', style: '', name: '', value: '', confirm: null };
  d.fields(v, PLAIN, {
    type: (x) => (a.type = d.str(x) ?? ''),
    text: (x) => (a.text = d.str(x) ?? ''),
    url: (x) => (a.url = d.str(x) ?? ''),
    style: (x) => (a.style = d.str(x) ?? ''),
    name: (x) => (a.name = d.str(x) ?? ''),
    value: (x) => (a.value = d.str(x) ?? ''),
    confirm: (x) => {
      if (d.isNull(x)) return;
      const c = { text: '', title: '', okText: '', dismissText: '' };
      d.fields(x, PLAIN, {
        text: (y) => (c.text = d.str(y) ?? ''),
        title: (y) => (c.title = d.str(y) ?? ''),
        ok_text: (y) => (c.okText = d.str(y) ?? ''),
        dismiss_text: (y) => (c.dismissText = d.str(y) ?? ''),
      });
      if (c.text === '') d.fail(x, 'missing text in Slack confirmation configuration');
      a.confirm = c;
    },
  });
  if (a.type === '') d.fail(v, 'missing type in Slack action configuration');
  if (a.text === '') d.fail(v, 'missing text in Slack action configuration');
  if (a.url !== '') {
    a.name = '';
    a.value = '';
    a.confirm = null;
  } else if (a.name === '') d.fail(v, 'missing name or url in Slack action configuration');
  return a;
}

const slack: Block<SlackConfig> = (d, v, dir, http) => {
  const c: SlackConfig = {
    sendResolved: false,
    httpConfig: defaultHTTPClientConfig(),
    apiUrl: null,
    apiUrlFile: '',
    appToken: new Secret(''),
    appTokenFile: '',
    appUrl: '',
    channel: '',
    username: '{{ template "slack.default.username" . }}',
    color: '{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}',
    title: '{{ template "slack.default.title" . }}',
    titleLink: '{{ template "slack.default.titlelink" . }}',
    pretext: '{{ template "slack.default.pretext" . }}',
    text: '{{ template "slack.default.text" . }}',
    fields: [],
    shortFields: false,
    footer: '{{ template "slack.default.footer" . }}',
    fallback: '{{ template "slack.default.fallback" . }}',
    callbackId: '{{ template "slack.default.callbackid" . }}',
    iconEmoji: '{{ template "slack.default.iconemoji" . }}',
    iconUrl: '{{ template "slack.default.iconurl" . }}',
    imageUrl: '',
    thumbUrl: '',
    linkNames: false,
    mrkdwnIn: [],
    actions: [],
    updateMessage: false,
    messageText: '',
  };
  if (d.isNull(v)) return c;
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    api_url: (x) => (c.apiUrl = secretUrlField(d, x)),
    api_url_file: (x) => (c.apiUrlFile = fileField(d, x, dir)),
    app_token: (x) => (c.appToken = secretField(d, x)),
    app_token_file: (x) => (c.appTokenFile = fileField(d, x, dir)),
    app_url: (x) => (c.appUrl = urlField(d, x) ?? ''),
    channel: (x) => (c.channel = d.str(x) ?? ''),
    username: (x) => (c.username = d.str(x) ?? ''),
    color: (x) => (c.color = d.str(x) ?? ''),
    title: (x) => (c.title = d.str(x) ?? ''),
    title_link: (x) => (c.titleLink = d.str(x) ?? ''),
    pretext: (x) => (c.pretext = d.str(x) ?? ''),
    text: (x) => (c.text = d.str(x) ?? ''),
    fields: (x) => (c.fields = (d.seq(x, '[]*config.SlackField') ?? []).map((f) => slackField(d, f))),
    short_fields: (x) => (c.shortFields = d.bool(x) ?? false),
    footer: (x) => (c.footer = d.str(x) ?? ''),
    fallback: (x) => (c.fallback = d.str(x) ?? ''),
    callback_id: (x) => (c.callbackId = d.str(x) ?? ''),
    icon_emoji: (x) => (c.iconEmoji = d.str(x) ?? ''),
    icon_url: (x) => (c.iconUrl = d.str(x) ?? ''),
    image_url: (x) => (c.imageUrl = d.str(x) ?? ''),
    thumb_url: (x) => (c.thumbUrl = d.str(x) ?? ''),
    link_names: (x) => (c.linkNames = d.bool(x) ?? false),
    mrkdwn_in: (x) => (c.mrkdwnIn = d.strList(x) ?? []),
    actions: (x) => (c.actions = (d.seq(x, '[]*config.SlackAction') ?? []).map((a) => slackAction(d, a))),
    update_message: (x) => (c.updateMessage = d.bool(x) ?? false),
    message_text: (x) => (c.messageText = d.str(x) ?? ''),
  });
  const hasUrl = c.apiUrl !== null || c.apiUrlFile !== '';
  const hasToken = !c.appToken.isEmpty || c.appTokenFile !== '';
  if (c.apiUrl !== null && c.apiUrlFile !== '') d.fail(v, 'at most one of api_url & api_url_file must be configured');
  if (!c.appToken.isEmpty && c.appTokenFile !== '') d.fail(v, 'at most one of app_token & app_token_file must be configured');
  if (hasUrl && hasToken) d.fail(v, 'at most one of app_token/app_token_file & api_url/api_url_file must be configured');
  if (c.updateMessage && c.apiUrl !== null && c.apiUrl.reveal() !== SLACK_APP_URL) {
    d.fail(v, `update_message can only be used with bot tokens. api_url must be set to ${SLACK_APP_URL}`);
  }
  return c;
};

const PARSE_MODES = new Set(['', 'Markdown', 'MarkdownV2', 'HTML']);

const telegram: Block<TelegramConfig> = (d, v, dir, http) => {
  const c: TelegramConfig = {
    sendResolved: true,
    httpConfig: defaultHTTPClientConfig(),
    apiUrl: '',
    botToken: new Secret(''),
    botTokenFile: '',
    chatId: 0,
    messageThreadId: 0,
    message: '{{ template "telegram.default.message" . }}',
    disableNotifications: false,
    parseMode: 'HTML',
  };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    api_url: (x) => (c.apiUrl = urlField(d, x) ?? ''),
    bot_token: (x) => (c.botToken = secretField(d, x)),
    bot_token_file: (x) => (c.botTokenFile = fileField(d, x, dir)),
    chat_id: (x) => (c.chatId = d.int(x) ?? 0),
    message_thread_id: (x) => (c.messageThreadId = d.int(x) ?? 0),
    message: (x) => (c.message = d.str(x) ?? ''),
    disable_notifications: (x) => (c.disableNotifications = d.bool(x) ?? false),
    parse_mode: (x) => (c.parseMode = d.str(x) ?? ''),
  });
  if (!c.botToken.isEmpty && c.botTokenFile !== '') d.fail(v, 'at most one of bot_token & bot_token_file must be configured');
  if (c.chatId === 0) d.fail(v, 'missing chat_id on telegram_config');
  if (!PARSE_MODES.has(c.parseMode)) d.fail(v, 'unknown parse_mode on telegram_config, must be Markdown, MarkdownV2, HTML or empty string');
  return c;
};

const discord: Block<DiscordConfig> = (d, v, dir, http) => {
  const c: DiscordConfig = {
    sendResolved: true,
    httpConfig: defaultHTTPClientConfig(),
    webhookUrl: null,
    webhookUrlFile: '',
    content: '',
    title: '{{ template "discord.default.title" . }}',
    message: '{{ template "discord.default.message" . }}',
    username: '',
    avatarUrl: '',
  };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    webhook_url: (x) => (c.webhookUrl = secretUrlField(d, x)),
    webhook_url_file: (x) => (c.webhookUrlFile = fileField(d, x, dir)),
    content: (x) => (c.content = d.str(x) ?? ''),
    title: (x) => (c.title = d.str(x) ?? ''),
    message: (x) => (c.message = d.str(x) ?? ''),
    username: (x) => (c.username = d.str(x) ?? ''),
    avatar_url: (x) => (c.avatarUrl = d.str(x) ?? ''),
  });
  if (c.webhookUrl === null && c.webhookUrlFile === '') d.fail(v, 'one of webhook_url or webhook_url_file must be configured');
  if (c.webhookUrl !== null && c.webhookUrlFile !== '') d.fail(v, 'at most one of webhook_url & webhook_url_file must be configured');
  return c;
};

const pushover: Block<PushoverConfig> = (d, v, dir, http) => {
  const c: PushoverConfig = {
    sendResolved: true,
    httpConfig: defaultHTTPClientConfig(),
    userKey: new Secret(''),
    userKeyFile: '',
    token: new Secret(''),
    tokenFile: '',
    title: '{{ template "pushover.default.title" . }}',
    message: '{{ template "pushover.default.message" . }}',
    url: '{{ template "pushover.default.url" . }}',
    urlTitle: '',
    device: '',
    sound: '',
    priority: '{{ if eq .Status "firing" }}2{{ else }}0{{ end }}',
    retryMs: 60_000,
    expireMs: 3_600_000,
    ttlMs: 0,
    html: false,
    monospace: false,
  };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    user_key: (x) => (c.userKey = secretField(d, x)),
    user_key_file: (x) => (c.userKeyFile = fileField(d, x, dir)),
    token: (x) => (c.token = secretField(d, x)),
    token_file: (x) => (c.tokenFile = fileField(d, x, dir)),
    title: (x) => (c.title = d.str(x) ?? ''),
    message: (x) => (c.message = d.str(x) ?? ''),
    url: (x) => (c.url = d.str(x) ?? ''),
    url_title: (x) => (c.urlTitle = d.str(x) ?? ''),
    device: (x) => (c.device = d.str(x) ?? ''),
    sound: (x) => (c.sound = d.str(x) ?? ''),
    priority: (x) => (c.priority = d.str(x) ?? ''),
    retry: (x) => (c.retryMs = durationField(d, x) ?? c.retryMs),
    expire: (x) => (c.expireMs = durationField(d, x) ?? c.expireMs),
    ttl: (x) => (c.ttlMs = durationField(d, x) ?? 0),
    html: (x) => (c.html = d.bool(x) ?? false),
    monospace: (x) => (c.monospace = d.bool(x) ?? false),
  });
  if (c.userKey.isEmpty && c.userKeyFile === '') d.fail(v, 'one of user_key or user_key_file must be configured');
  if (!c.userKey.isEmpty && c.userKeyFile !== '') d.fail(v, 'at most one of user_key & user_key_file must be configured');
  if (c.token.isEmpty && c.tokenFile === '') d.fail(v, 'one of token or token_file must be configured');
  if (!c.token.isEmpty && c.tokenFile !== '') d.fail(v, 'at most one of token & token_file must be configured');
  if (c.html && c.monospace) d.fail(v, 'at most one of monospace & html must be configured');
  return c;
};

const msteams: Block<MSTeamsConfig> = (d, v, dir, http) => {
  const c: MSTeamsConfig = {
    sendResolved: true,
    httpConfig: defaultHTTPClientConfig(),
    webhookUrl: null,
    webhookUrlFile: '',
    title: '{{ template "msteams.default.title" . }}',
    summary: '{{ template "msteams.default.summary" . }}',
    text: '{{ template "msteams.default.text" . }}',
  };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    webhook_url: (x) => (c.webhookUrl = secretUrlField(d, x)),
    webhook_url_file: (x) => (c.webhookUrlFile = fileField(d, x, dir)),
    title: (x) => (c.title = d.str(x) ?? ''),
    summary: (x) => (c.summary = d.str(x) ?? ''),
    text: (x) => (c.text = d.str(x) ?? ''),
  });
  if (c.webhookUrl === null && c.webhookUrlFile === '') d.fail(v, 'one of webhook_url or webhook_url_file must be configured');
  if (c.webhookUrl !== null && c.webhookUrlFile !== '') d.fail(v, 'at most one of webhook_url & webhook_url_file must be configured');
  return c;
};

const desktop: Block<DesktopConfig> = (d, v) => {
  const c: DesktopConfig = { sendResolved: true, title: '{{ template "desktop.default.title" . }}', message: '{{ template "desktop.default.message" . }}' };
  if (d.isNull(v)) return c;
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    title: (x) => (c.title = d.str(x) ?? ''),
    message: (x) => (c.message = d.str(x) ?? ''),
  });
  return c;
};

/** token and token_file, at most one, as Alertmanager words it for its own receivers. */
function oneToken(d: Decoder, v: Node, token: Secret, tokenFile: string, kind: string, required: boolean): void {
  if (!token.isEmpty && tokenFile !== '') d.fail(v, 'at most one of token & token_file must be configured');
  if (required && token.isEmpty && tokenFile === '') d.fail(v, `missing token or token_file on ${kind}`);
}

const NTFY_PRIORITIES = /^(|[1-5]|min|low|default|high|max|urgent|\{\{.*)$/s;

const ntfy: Block<NtfyConfig> = (d, v, dir, http) => {
  const c: NtfyConfig = {
    sendResolved: true,
    httpConfig: defaultHTTPClientConfig(),
    server: 'https://ntfy.sh',
    topic: '',
    token: new Secret(''),
    tokenFile: '',
    title: '{{ template "ntfy.default.title" . }}',
    message: '{{ template "ntfy.default.message" . }}',
    priority: '{{ if eq .Status "firing" }}high{{ else }}default{{ end }}',
    tags: [],
  };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    server: (x) => (c.server = urlField(d, x) ?? c.server),
    topic: (x) => (c.topic = d.str(x) ?? ''),
    token: (x) => (c.token = secretField(d, x)),
    token_file: (x) => (c.tokenFile = fileField(d, x, dir)),
    title: (x) => (c.title = d.str(x) ?? ''),
    message: (x) => (c.message = d.str(x) ?? ''),
    priority: (x) => (c.priority = d.str(x) ?? ''),
    tags: (x) => (c.tags = d.strList(x) ?? []),
  });
  if (c.topic === '') d.fail(v, 'missing topic on ntfy_config');
  if (/[/?#\s]/.test(c.topic)) d.fail(v, `invalid topic ${goQuote(c.topic)} on ntfy_config: a topic cannot contain '/', '?', '#' or spaces`);
  if (!NTFY_PRIORITIES.test(c.priority)) d.fail(v, `unknown priority ${goQuote(c.priority)} on ntfy_config, must be 1-5, min, low, default, high, max/urgent or a template`);
  oneToken(d, v, c.token, c.tokenFile, 'ntfy_config', false);
  return c;
};

const gotify: Block<GotifyConfig> = (d, v, dir, http) => {
  const c: GotifyConfig = {
    sendResolved: true,
    httpConfig: defaultHTTPClientConfig(),
    url: '',
    token: new Secret(''),
    tokenFile: '',
    title: '{{ template "gotify.default.title" . }}',
    message: '{{ template "gotify.default.message" . }}',
    priority: '{{ if eq .Status "firing" }}8{{ else }}2{{ end }}',
  };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    url: (x) => (c.url = urlField(d, x) ?? ''),
    token: (x) => (c.token = secretField(d, x)),
    token_file: (x) => (c.tokenFile = fileField(d, x, dir)),
    title: (x) => (c.title = d.str(x) ?? ''),
    message: (x) => (c.message = d.str(x) ?? ''),
    priority: (x) => (c.priority = d.str(x) ?? ''),
  });
  if (c.url === '') d.fail(v, 'missing url on gotify_config');
  oneToken(d, v, c.token, c.tokenFile, 'gotify_config', true);
  return c;
};

const matrix: Block<MatrixConfig> = (d, v, dir, http) => {
  const c: MatrixConfig = {
    sendResolved: true,
    httpConfig: defaultHTTPClientConfig(),
    server: '',
    roomId: '',
    token: new Secret(''),
    tokenFile: '',
    message: '{{ template "matrix.default.message" . }}',
  };
  d.fields(v, PLAIN, {
    send_resolved: (x) => (c.sendResolved = d.bool(x) ?? false),
    http_config: httpHandler(d, dir, http, (h) => (c.httpConfig = h)),
    server: (x) => (c.server = urlField(d, x) ?? ''),
    room_id: (x) => (c.roomId = d.str(x) ?? ''),
    token: (x) => (c.token = secretField(d, x)),
    token_file: (x) => (c.tokenFile = fileField(d, x, dir)),
    message: (x) => (c.message = d.str(x) ?? ''),
  });
  if (c.server === '') d.fail(v, 'missing server on matrix_config');
  if (c.roomId === '') d.fail(v, 'missing room_id on matrix_config');
  if (!/^[!#][^:]+:.+$/.test(c.roomId)) d.fail(v, `invalid room_id ${goQuote(c.roomId)} on matrix_config: want !id:server or #alias:server`);
  oneToken(d, v, c.token, c.tokenFile, 'matrix_config', true);
  return c;
};

export function decodeReceiver(d: Decoder, v: Node, dir: string): DecodedReceiver {
  const r: Receiver = {
    name: '',
    webhookConfigs: [],
    emailConfigs: [],
    slackConfigs: [],
    telegramConfigs: [],
    discordConfigs: [],
    pushoverConfigs: [],
    msteamsConfigs: [],
    desktopConfigs: [],
    ntfyConfigs: [],
    gotifyConfigs: [],
    matrixConfigs: [],
  };
  const p: DecodedReceiver['pending'] = { webhook: [], email: [], slack: [], telegram: [], discord: [], pushover: [], msteams: [], ntfy: [], gotify: [], matrix: [] };
  const desktopPending: Pending<DesktopConfig>[] = [];
  const unsupported: Array<[string, Node]> = [];
  let nameNode: Node = v;
  const spec: Record<string, (x: Node, k: import('yaml').Scalar) => void> = {
    name: (x) => {
      nameNode = x;
      r.name = d.str(x) ?? '';
    },
    webhook_configs: (x) => list(d, x, dir, 'WebhookConfig', 'missing webhook config', webhook, p.webhook),
    email_configs: (x) => list(d, x, dir, 'EmailConfig', 'missing email config', email, p.email),
    slack_configs: (x) => list(d, x, dir, 'SlackConfig', null, slack, p.slack),
    telegram_configs: (x) => list(d, x, dir, 'TelegramConfig', 'missing telegram config', telegram, p.telegram),
    discord_configs: (x) => list(d, x, dir, 'DiscordConfig', 'missing discord config', discord, p.discord),
    pushover_configs: (x) => list(d, x, dir, 'PushoverConfig', 'missing pushover config', pushover, p.pushover),
    msteams_configs: (x) => list(d, x, dir, 'MSTeamsConfig', 'missing msteams config', msteams, p.msteams),
    desktop_configs: (x) => list(d, x, dir, 'DesktopConfig', null, desktop, desktopPending),
    ntfy_configs: (x) => list(d, x, dir, 'NtfyConfig', 'missing ntfy config', ntfy, p.ntfy),
    gotify_configs: (x) => list(d, x, dir, 'GotifyConfig', 'missing gotify config', gotify, p.gotify),
    matrix_configs: (x) => list(d, x, dir, 'MatrixConfig', 'missing matrix config', matrix, p.matrix),
  };
  for (const key of Object.keys(UNSUPPORTED)) spec[key] = (_x, k) => unsupported.push([key, k as Node]);
  d.fields(v, PLAIN, spec);
  if (unsupported.length > 0) {
    const [key, node] = unsupported[0]!;
    const who = r.name === '' ? '' : ` (receiver ${goQuote(r.name)})`;
    d.fail(node, `${key}${who}: Hearth does not support ${UNSUPPORTED[key]} receivers yet`);
  }
  if (r.name === '') d.fail(v, 'missing name in receiver');
  r.desktopConfigs = desktopPending.map((x) => x.cfg);
  return { receiver: r, pending: p, nameNode: isScalar(nameNode) ? nameNode : v };
}
