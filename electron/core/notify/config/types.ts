/**
 * The typed alertmanager.yml: Alertmanager's fields in camelCase, durations in ms, credentials
 * as Secret, and globals already folded into each receiver as Alertmanager folds them, so a
 * sender reads only its own config.
 */

import type { HTTPClientConfig, TLSConfig } from '../../config/types.js';
import type { Matcher } from '../matchers/index.js';
import type { Secret } from './secret.js';
import type { TimeInterval } from '../timeinterval/index.js';
import type { RouteConfig } from '../route/index.js';

export interface Position {
  line: number;
  column: number;
}

export interface GlobalConfig {
  resolveTimeoutMs: number;
  httpConfig: HTTPClientConfig;
  smtpFrom: string;
  smtpHello: string;
  smtpSmarthost: string;
  smtpAuthUsername: string;
  smtpAuthPassword: Secret;
  smtpAuthPasswordFile: string;
  smtpAuthSecret: Secret;
  smtpAuthSecretFile: string;
  smtpAuthIdentity: string;
  smtpRequireTls: boolean;
  smtpForceImplicitTls: boolean | null;
  smtpTlsConfig: TLSConfig;
  slackApiUrl: Secret | null;
  slackApiUrlFile: string;
  slackAppToken: Secret;
  slackAppTokenFile: string;
  slackAppUrl: string;
  telegramApiUrl: string;
  telegramBotToken: Secret;
  telegramBotTokenFile: string;
}

/** A route with Alertmanager's inheritance applied (receiver, grouping and timings from the parent, defaults at the root). */
export interface Route {
  receiver: string;
  /** After inheritance: a child without group_by has its parent's; an explicit [] means no grouping. */
  groupBy: string[];
  groupByAll: boolean;
  matchers: Matcher[];
  muteTimeIntervals: string[];
  activeTimeIntervals: string[];
  continue: boolean;
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  routes: Route[];
  /** Where the route is written, for errors found when it is used. */
  pos: Position | null;
}

export interface InhibitRule {
  name: string;
  sourceMatchers: Matcher[];
  targetMatchers: Matcher[];
  equal: string[];
}

export interface TimeIntervalConfig {
  name: string;
  timeIntervals: TimeInterval[];
}

interface NotifierBase {
  sendResolved: boolean;
  httpConfig: HTTPClientConfig;
}

export interface WebhookConfig extends NotifierBase {
  url: Secret | null;
  urlFile: string;
  maxAlerts: number;
  timeoutMs: number;
}

export interface EmailConfig {
  sendResolved: boolean;
  to: string;
  from: string;
  hello: string;
  smarthost: string;
  authUsername: string;
  authPassword: Secret;
  authPasswordFile: string;
  authSecret: Secret;
  authSecretFile: string;
  authIdentity: string;
  headers: Record<string, string>;
  html: string;
  text: string;
  requireTls: boolean;
  forceImplicitTls: boolean | null;
  tlsConfig: TLSConfig;
}

export interface SlackField {
  title: string;
  value: string;
  short: boolean | null;
}

export interface SlackAction {
  type: string;
  text: string;
  url: string;
  style: string;
  name: string;
  value: string;
  confirm: { text: string; title: string; okText: string; dismissText: string } | null;
}

export interface SlackConfig extends NotifierBase {
  apiUrl: Secret | null;
  apiUrlFile: string;
  /** A bot token: the sender sends it as `Authorization: Bearer` to apiUrl (chat.postMessage). */
  appToken: Secret;
  appTokenFile: string;
  appUrl: string;
  channel: string;
  username: string;
  color: string;
  title: string;
  titleLink: string;
  pretext: string;
  text: string;
  fields: SlackField[];
  shortFields: boolean;
  footer: string;
  fallback: string;
  callbackId: string;
  iconEmoji: string;
  iconUrl: string;
  imageUrl: string;
  thumbUrl: string;
  linkNames: boolean;
  mrkdwnIn: string[];
  actions: SlackAction[];
  updateMessage: boolean;
  messageText: string;
}

export interface TelegramConfig extends NotifierBase {
  apiUrl: string;
  botToken: Secret;
  botTokenFile: string;
  chatId: number;
  messageThreadId: number;
  message: string;
  disableNotifications: boolean;
  parseMode: string;
}

export interface DiscordConfig extends NotifierBase {
  webhookUrl: Secret | null;
  webhookUrlFile: string;
  content: string;
  title: string;
  message: string;
  username: string;
  avatarUrl: string;
}

export interface PushoverConfig extends NotifierBase {
  userKey: Secret;
  userKeyFile: string;
  token: Secret;
  tokenFile: string;
  title: string;
  message: string;
  url: string;
  urlTitle: string;
  device: string;
  sound: string;
  priority: string;
  retryMs: number;
  expireMs: number;
  ttlMs: number;
  html: boolean;
  monospace: boolean;
}

export interface MSTeamsConfig extends NotifierBase {
  webhookUrl: Secret | null;
  webhookUrlFile: string;
  title: string;
  summary: string;
  text: string;
}

/** Hearth's native notification: shown by the desktop shell, or the browser's Notification API. */
export interface DesktopConfig {
  sendResolved: boolean;
  title: string;
  message: string;
}

/** ntfy (https://docs.ntfy.sh/publish/): POST to server/topic. */
export interface NtfyConfig extends NotifierBase {
  server: string;
  topic: string;
  token: Secret;
  tokenFile: string;
  title: string;
  message: string;
  priority: string;
  tags: string[];
}

/** Gotify (POST /message with an application token). */
export interface GotifyConfig extends NotifierBase {
  url: string;
  token: Secret;
  tokenFile: string;
  title: string;
  message: string;
  priority: string;
}

/** Matrix (client-server API: PUT /_matrix/client/v3/rooms/{room}/send/m.room.message/{txn}). */
export interface MatrixConfig extends NotifierBase {
  server: string;
  roomId: string;
  token: Secret;
  tokenFile: string;
  message: string;
}

export interface Receiver {
  name: string;
  webhookConfigs: WebhookConfig[];
  emailConfigs: EmailConfig[];
  slackConfigs: SlackConfig[];
  telegramConfigs: TelegramConfig[];
  discordConfigs: DiscordConfig[];
  pushoverConfigs: PushoverConfig[];
  msteamsConfigs: MSTeamsConfig[];
  desktopConfigs: DesktopConfig[];
  ntfyConfigs: NtfyConfig[];
  gotifyConfigs: GotifyConfig[];
  matrixConfigs: MatrixConfig[];
}

export interface NotifyConfig {
  global: GlobalConfig;
  route: Route;
  /** The same tree as written, for notify/route's Route (the dispatcher's). */
  routeConfig: RouteConfig;
  inhibitRules: InhibitRule[];
  receivers: Receiver[];
  /** Globs, made absolute against the config file's folder. */
  templates: string[];
  timeIntervals: TimeIntervalConfig[];
  /** The deprecated mute_time_intervals section, kept apart as Alertmanager keeps it. */
  muteTimeIntervals: TimeIntervalConfig[];
}
