/**
 * alertmanager.yml → NotifyConfig, as Alertmanager's config.Load does it: strict YAML (unknown
 * and repeated fields are errors, collected as yaml.v2 collects them), each block's own checks
 * while it is read, then the whole-file checks in Alertmanager's order (globals, receivers with
 * globals folded in, the root route, receiver and time interval references).
 */

import { dirname } from 'node:path';
import { Decoder, SemanticError, SyntaxError as YamlSyntaxError, type Node } from '../../config/yamlDecoder.js';
import { decodeTLSConfig, defaultHTTPClientConfig, defaultTLSConfig, joinDir } from '../../config/httpClient.js';
import { goQuote } from '../../../../shared/text/quote.js';
import { checkAliasing } from './aliasing.js';
import { NotifyConfigError } from './errors.js';
import { durationField, failAt, fileField, hostPortField, httpConfigField, PLAIN, posOf, secretField, secretUrlField, urlField } from './fields.js';
import { decodeReceiver, EMAIL_OWN, SLACK_APP_URL, type DecodedReceiver } from './receivers.js';
import { decodeInhibitRule, decodeRoute, resolveRoute, toRouteConfig, type RawRoute } from './route.js';
import { Secret } from './secret.js';
import { decodeTimeIntervals } from './timeIntervals.js';
import type { GlobalConfig, InhibitRule, NotifyConfig, Position, TimeIntervalConfig } from './types.js';

export function defaultGlobal(): GlobalConfig {
  return {
    resolveTimeoutMs: 5 * 60_000,
    httpConfig: defaultHTTPClientConfig(),
    smtpFrom: '',
    smtpHello: 'localhost',
    smtpSmarthost: '',
    smtpAuthUsername: '',
    smtpAuthPassword: new Secret(''),
    smtpAuthPasswordFile: '',
    smtpAuthSecret: new Secret(''),
    smtpAuthSecretFile: '',
    smtpAuthIdentity: '',
    smtpRequireTls: true,
    smtpForceImplicitTls: null,
    smtpTlsConfig: defaultTLSConfig(),
    slackApiUrl: null,
    slackApiUrlFile: '',
    slackAppToken: new Secret(''),
    slackAppTokenFile: '',
    slackAppUrl: SLACK_APP_URL,
    telegramApiUrl: 'https://api.telegram.org',
    telegramBotToken: new Secret(''),
    telegramBotTokenFile: '',
  };
}

/** Globals of receivers Hearth does not support: read so files stay valid, checked as Alertmanager checks them. */
interface ForeignGlobals {
  set: Map<string, string>;
}

const FOREIGN_URLS = ['pagerduty_url', 'opsgenie_api_url', 'wechat_api_url', 'victorops_api_url', 'webex_api_url', 'jira_api_url', 'rocketchat_api_url'];
const FOREIGN_STRINGS = [
  'opsgenie_api_key',
  'opsgenie_api_key_file',
  'wechat_api_secret',
  'wechat_api_secret_file',
  'wechat_api_corp_id',
  'victorops_api_key',
  'victorops_api_key_file',
  'rocketchat_token',
  'rocketchat_token_file',
  'rocketchat_token_id',
  'rocketchat_token_id_file',
  'mattermost_webhook_url',
  'mattermost_webhook_url_file',
];
const FOREIGN_PAIRS: Array<[string, string]> = [
  ['opsgenie_api_key', 'opsgenie_api_key_file'],
  ['victorops_api_key', 'victorops_api_key_file'],
  ['rocketchat_token', 'rocketchat_token_file'],
  ['rocketchat_token_id', 'rocketchat_token_id_file'],
  ['wechat_api_secret', 'wechat_api_secret_file'],
  ['mattermost_webhook_url', 'mattermost_webhook_url_file'],
];

function decodeGlobal(d: Decoder, v: Node, dir: string, foreign: ForeignGlobals): GlobalConfig {
  const g = defaultGlobal();
  const spec: Parameters<Decoder['fields']>[2] = {
    resolve_timeout: (x) => (g.resolveTimeoutMs = durationField(d, x) ?? g.resolveTimeoutMs),
    http_config: (x) => (g.httpConfig = httpConfigField(d, x, dir) ?? g.httpConfig),
    smtp_from: (x) => (g.smtpFrom = d.str(x) ?? ''),
    smtp_hello: (x) => (g.smtpHello = d.str(x) ?? ''),
    smtp_smarthost: (x) => (g.smtpSmarthost = hostPortField(d, x)),
    smtp_auth_username: (x) => (g.smtpAuthUsername = d.str(x) ?? ''),
    smtp_auth_password: (x) => (g.smtpAuthPassword = secretField(d, x)),
    smtp_auth_password_file: (x) => (g.smtpAuthPasswordFile = fileField(d, x, dir)),
    smtp_auth_secret: (x) => (g.smtpAuthSecret = secretField(d, x)),
    smtp_auth_secret_file: (x) => (g.smtpAuthSecretFile = fileField(d, x, dir)),
    smtp_auth_identity: (x) => (g.smtpAuthIdentity = d.str(x) ?? ''),
    smtp_require_tls: (x) => (g.smtpRequireTls = d.bool(x) ?? false),
    smtp_force_implicit_tls: (x) => (g.smtpForceImplicitTls = d.bool(x) ?? null),
    smtp_tls_config: (x) => (g.smtpTlsConfig = d.isNull(x) ? g.smtpTlsConfig : decodeTLSConfig(d, x, dir)),
    slack_api_url: (x) => (g.slackApiUrl = secretUrlField(d, x)),
    slack_api_url_file: (x) => (g.slackApiUrlFile = fileField(d, x, dir)),
    slack_app_token: (x) => (g.slackAppToken = secretField(d, x)),
    slack_app_token_file: (x) => (g.slackAppTokenFile = fileField(d, x, dir)),
    slack_app_url: (x) => (g.slackAppUrl = urlField(d, x) ?? g.slackAppUrl),
    telegram_api_url: (x) => (g.telegramApiUrl = urlField(d, x) ?? g.telegramApiUrl),
    telegram_bot_token: (x) => (g.telegramBotToken = secretField(d, x)),
    telegram_bot_token_file: (x) => (g.telegramBotTokenFile = fileField(d, x, dir)),
  };
  for (const k of FOREIGN_URLS) spec[k] = (x) => void urlField(d, x);
  for (const k of FOREIGN_STRINGS) spec[k] = (x) => void foreign.set.set(k, d.str(x) ?? '');
  d.fields(v, PLAIN, spec);
  return g;
}

function checkGlobal(g: GlobalConfig, foreign: ForeignGlobals, pos: Position | null): void {
  const both = (a: string, b: string): never => failAt(pos, `at most one of ${a} & ${b} must be configured`);
  if (g.slackApiUrl !== null && g.slackApiUrlFile !== '') both('slack_api_url', 'slack_api_url_file');
  if (!g.slackAppToken.isEmpty && g.slackAppTokenFile !== '') both('slack_app_token', 'slack_app_token_file');
  // slack_api_url pointing at chat.postMessage is the old way to use a bot token: allowed with one.
  const plainWebhook = g.slackApiUrlFile !== '' || (g.slackApiUrl !== null && g.slackApiUrl.reveal() !== SLACK_APP_URL);
  if ((!g.slackAppToken.isEmpty || g.slackAppTokenFile !== '') && plainWebhook) {
    failAt(pos, 'at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured');
  }
  for (const [a, b] of FOREIGN_PAIRS) if (foreign.set.get(a) && foreign.set.get(b)) both(a, b);
  if (!g.smtpAuthPassword.isEmpty && g.smtpAuthPasswordFile !== '') both('smtp_auth_password', 'smtp_auth_password_file');
  if (!g.smtpAuthSecret.isEmpty && g.smtpAuthSecretFile !== '') both('smtp_auth_secret', 'smtp_auth_secret_file');
  if (!g.telegramBotToken.isEmpty && g.telegramBotTokenFile !== '') both('telegram_bot_token', 'telegram_bot_token_file');
}

/** Alertmanager's Config.UnmarshalYAML: every receiver gets the globals it left unset. */
function foldGlobals(g: GlobalConfig, dr: DecodedReceiver, d: Decoder): void {
  const r = dr.receiver;
  const p = dr.pending;
  for (const x of p.webhook) if (!x.ownHttpConfig) x.cfg.httpConfig = g.httpConfig;
  for (const x of p.email) {
    const c = x.cfg;
    const own = EMAIL_OWN.get(c);
    if (!own?.tls) c.tlsConfig = g.smtpTlsConfig;
    if (c.smarthost === '') {
      if (g.smtpSmarthost === '') d.fail(x.node, 'no global SMTP smarthost set');
      c.smarthost = g.smtpSmarthost;
    }
    if (c.from === '') {
      if (g.smtpFrom === '') d.fail(x.node, 'no global SMTP from set');
      c.from = g.smtpFrom;
    }
    if (c.hello === '') c.hello = g.smtpHello;
    if (c.authUsername === '') c.authUsername = g.smtpAuthUsername;
    if (c.authPassword.isEmpty && c.authPasswordFile === '') {
      c.authPassword = g.smtpAuthPassword;
      c.authPasswordFile = g.smtpAuthPasswordFile;
    }
    if (c.authSecret.isEmpty && c.authSecretFile === '') {
      c.authSecret = g.smtpAuthSecret;
      c.authSecretFile = g.smtpAuthSecretFile;
    }
    if (c.authIdentity === '') c.authIdentity = g.smtpAuthIdentity;
    if (!own?.requireTls) c.requireTls = g.smtpRequireTls;
    if (c.forceImplicitTls === null) c.forceImplicitTls = g.smtpForceImplicitTls;
  }
  for (const x of p.slack) {
    const c = x.cfg;
    if (!x.ownHttpConfig) c.httpConfig = g.httpConfig;
    const hasUrl = c.apiUrl !== null || c.apiUrlFile !== '';
    const hasToken = !c.appToken.isEmpty || c.appTokenFile !== '';
    const ownAuthorization = x.ownHttpConfig && c.httpConfig.authorization !== undefined;
    if (!hasUrl && !hasToken) {
      const globalToken = !g.slackAppToken.isEmpty || g.slackAppTokenFile !== '';
      if (globalToken && !ownAuthorization) {
        c.appToken = g.slackAppToken;
        c.appTokenFile = g.slackAppTokenFile;
      } else if (g.slackApiUrl !== null || g.slackApiUrlFile !== '') {
        c.apiUrl = g.slackApiUrl;
        c.apiUrlFile = g.slackApiUrlFile;
      } else if (globalToken) {
        c.apiUrl = new Secret(c.appUrl || g.slackAppUrl);
      } else d.fail(x.node, 'no Slack API URL nor App token set either inline or in a file');
    }
    // A bot token goes to chat.postMessage (or the configured app_url); the sender sends it as
    // a bearer token, as Alertmanager does through its http_config, so it stays a Secret here.
    if (!c.appToken.isEmpty || c.appTokenFile !== '') {
      if (c.appUrl === '') c.appUrl = g.slackAppUrl;
      if (c.apiUrl === null && c.apiUrlFile === '') c.apiUrl = new Secret(c.appUrl);
    }
  }
  for (const x of p.pushover) if (!x.ownHttpConfig) x.cfg.httpConfig = g.httpConfig;
  for (const x of p.telegram) {
    const c = x.cfg;
    if (!x.ownHttpConfig) c.httpConfig = g.httpConfig;
    if (c.apiUrl === '') c.apiUrl = g.telegramApiUrl;
    if (c.botToken.isEmpty && c.botTokenFile === '') {
      if (g.telegramBotToken.isEmpty && g.telegramBotTokenFile === '') d.fail(x.node, 'missing bot_token or bot_token_file on telegram_config');
      c.botToken = g.telegramBotToken;
      c.botTokenFile = g.telegramBotTokenFile;
    }
  }
  for (const x of [...p.discord, ...p.msteams, ...p.ntfy, ...p.gotify, ...p.matrix]) if (!x.ownHttpConfig) x.cfg.httpConfig = g.httpConfig;
  r.webhookConfigs = p.webhook.map((x) => x.cfg);
  r.emailConfigs = p.email.map((x) => x.cfg);
  r.slackConfigs = p.slack.map((x) => x.cfg);
  r.telegramConfigs = p.telegram.map((x) => x.cfg);
  r.discordConfigs = p.discord.map((x) => x.cfg);
  r.pushoverConfigs = p.pushover.map((x) => x.cfg);
  r.msteamsConfigs = p.msteams.map((x) => x.cfg);
  r.ntfyConfigs = p.ntfy.map((x) => x.cfg);
  r.gotifyConfigs = p.gotify.map((x) => x.cfg);
  r.matrixConfigs = p.matrix.map((x) => x.cfg);
}

function checkReceivers(r: RawRoute, names: Set<string>): void {
  for (const c of r.routes) checkReceivers(c, names);
  if (r.receiver !== '' && !names.has(r.receiver)) failAt(r.receiverPos ?? r.pos, `undefined receiver ${goQuote(r.receiver)} used in route`);
}

function checkTimeIntervals(r: RawRoute, names: Set<string>): void {
  for (const c of r.routes) checkTimeIntervals(c, names);
  for (const ti of [...r.activeTimeIntervals, ...r.muteTimeIntervals]) {
    if (!names.has(ti)) failAt(r.pos, `undefined time interval ${goQuote(ti)} used in route`);
  }
}

/** Parses alertmanager.yml text; `path` names the file in errors and anchors relative paths. */
export function parseNotifyConfig(text: string, path: string): NotifyConfig {
  try {
    return decode(text, dirname(path) || '.');
  } catch (e) {
    if (e instanceof SemanticError || e instanceof YamlSyntaxError) {
      throw new NotifyConfigError(path, [{ detail: e.message, line: e.pos?.line, column: e.pos?.column }]);
    }
    if (e instanceof UnmarshalErrors) throw new NotifyConfigError(path, e.problems, 'yaml: unmarshal errors:');
    throw e;
  }
}

class UnmarshalErrors extends Error {
  constructor(readonly problems: { detail: string; line?: number; column?: number }[]) {
    super('yaml: unmarshal errors');
  }
}

function decode(text: string, dir: string): NotifyConfig {
  const d = new Decoder(text);
  if (d.isNull(d.root)) failAt(null, 'no route provided in config');
  checkAliasing(d);
  let global: GlobalConfig | null = null;
  let globalNode: Node = d.root;
  const foreign: ForeignGlobals = { set: new Map() };
  let rawRoute: RawRoute | null = null;
  const inhibitRules: InhibitRule[] = [];
  const receivers: DecodedReceiver[] = [];
  const templates: string[] = [];
  let timeIntervals: TimeIntervalConfig[] = [];
  let muteTimeIntervals: TimeIntervalConfig[] = [];
  d.fields(d.root, PLAIN, {
    global: (x) => {
      globalNode = x;
      if (!d.isNull(x)) global = decodeGlobal(d, x, dir, foreign);
    },
    route: (x) => {
      if (!d.isNull(x)) rawRoute = decodeRoute(d, x);
    },
    inhibit_rules: (x) => {
      for (const it of d.seq(x, '[]config.InhibitRule') ?? []) inhibitRules.push(decodeInhibitRule(d, it));
    },
    receivers: (x) => {
      for (const it of d.seq(x, '[]config.Receiver') ?? []) receivers.push(decodeReceiver(d, it, dir));
    },
    templates: (x) => {
      for (const t of d.strList(x) ?? []) templates.push(joinDir(dir, t));
    },
    time_intervals: (x) => (timeIntervals = decodeTimeIntervals(d, x, 'time interval')),
    mute_time_intervals: (x) => (muteTimeIntervals = decodeTimeIntervals(d, x, 'mute time interval')),
    // Alertmanager 0.29+'s tracing section: accepted, as Hearth traces nothing.
    tracing: () => undefined,
  });
  if (d.typeErrors.length > 0) throw new UnmarshalErrors(d.typeErrors.map((t) => ({ detail: t.msg, line: t.pos?.line, column: t.pos?.column })));
  const g: GlobalConfig = global ?? defaultGlobal();
  checkGlobal(g, foreign, posOf(d, globalNode));
  const names = new Set<string>();
  for (const dr of receivers) {
    const name = dr.receiver.name;
    if (names.has(name)) d.fail(dr.nameNode, `notification config name ${goQuote(name)} is not unique`);
    foldGlobals(g, dr, d);
    names.add(name);
  }
  const root = rawRoute as RawRoute | null;
  if (root === null) failAt(posOf(d, d.root), 'no routes provided');
  if (root.receiver === '') failAt(root.pos, 'root route must specify a default receiver');
  if (root.hasMatchers) failAt(root.pos, 'root route must not have any matchers');
  if (root.muteTimeIntervals.length > 0) failAt(root.pos, 'root route must not have any mute time intervals');
  if (root.activeTimeIntervals.length > 0) failAt(root.pos, 'root route must not have any active time intervals');
  checkReceivers(root, names);
  const tiNames = new Set<string>();
  for (const t of muteTimeIntervals) {
    if (tiNames.has(t.name)) failAt(null, `mute time interval ${goQuote(t.name)} is not unique`);
    tiNames.add(t.name);
  }
  for (const t of timeIntervals) {
    if (tiNames.has(t.name)) failAt(null, `time interval ${goQuote(t.name)} is not unique`);
    tiNames.add(t.name);
  }
  checkTimeIntervals(root, tiNames);
  if (root.continue) failAt(root.pos, 'cannot have continue in root route');
  return {
    global: g,
    route: resolveRoute(root, null),
    routeConfig: toRouteConfig(root),
    inhibitRules,
    receivers: receivers.map((r) => r.receiver),
    templates,
    timeIntervals,
    muteTimeIntervals,
  };
}
