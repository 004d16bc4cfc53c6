/**
 * The receivers (Alertmanager's integrations plus Hearth's ntfy, Gotify and Matrix). Each takes
 * a plain config whose fields are Alertmanager's YAML keys in camelCase (durations in …Ms,
 * *_file secrets as …File) and, when it renders text, the NotifyTemplate of the loaded config.
 */

export type { Receiver, NotifyResult, HttpConfig, Secret } from './receiver.js';
export { truncateAlerts, truncateRunes, truncateBytes } from './receiver.js';
export { shouldRetry } from './http.js';
export { WebhookReceiver, webhookMessage, type WebhookConfig } from './webhook.js';
export { SlackReceiver, SLACK_DEFAULTS, type SlackConfig, type SlackField, type SlackAction } from './slack.js';
export { DiscordReceiver, type DiscordConfig } from './discord.js';
export { TelegramReceiver, type TelegramConfig } from './telegram.js';
export { MSTeamsReceiver, type MSTeamsConfig } from './msteams.js';
export { PushoverReceiver, PUSHOVER_API_URL, type PushoverConfig } from './pushover.js';
export { NtfyReceiver, NTFY_DEFAULTS, type NtfyConfig } from './ntfy.js';
export { GotifyReceiver, GOTIFY_DEFAULTS, type GotifyConfig } from './gotify.js';
export { MatrixReceiver, matrixTxnId, type MatrixConfig } from './matrix.js';
export { buildIntegrations, integrationName, type ReceiverConfig, type Integration } from './integrations.js';
