/**
 * A receiver block of alertmanager.yml (name plus its *_configs lists, keys in camelCase) as
 * the integrations the pipeline notifies, named as Alertmanager names them in logs and
 * metrics: `slack[0]`, `webhook[1]`, under the receiver's name.
 */

import type { NotifyTemplate } from '../template/notifyTemplate.js';
import { DiscordReceiver, type DiscordConfig } from './discord.js';
import { GotifyReceiver, type GotifyConfig } from './gotify.js';
import { MatrixReceiver, type MatrixConfig } from './matrix.js';
import { MSTeamsReceiver, type MSTeamsConfig } from './msteams.js';
import { NtfyReceiver, type NtfyConfig } from './ntfy.js';
import { PushoverReceiver, type PushoverConfig } from './pushover.js';
import type { Receiver } from './receiver.js';
import { SlackReceiver, type SlackConfig } from './slack.js';
import { TelegramReceiver, type TelegramConfig } from './telegram.js';
import { WebhookReceiver, type WebhookConfig } from './webhook.js';

export interface ReceiverConfig {
  readonly name: string;
  readonly webhookConfigs?: readonly WebhookConfig[];
  readonly slackConfigs?: readonly SlackConfig[];
  readonly discordConfigs?: readonly DiscordConfig[];
  readonly telegramConfigs?: readonly TelegramConfig[];
  readonly msteamsConfigs?: readonly MSTeamsConfig[];
  readonly pushoverConfigs?: readonly PushoverConfig[];
  readonly ntfyConfigs?: readonly NtfyConfig[];
  readonly gotifyConfigs?: readonly GotifyConfig[];
  readonly matrixConfigs?: readonly MatrixConfig[];
}

export interface Integration {
  /** The receiver's name. */
  readonly receiver: string;
  /** Alertmanager's integration name, e.g. `slack`. */
  readonly kind: string;
  /** Position among the receiver's integrations of this kind. */
  readonly index: number;
  readonly notifier: Receiver;
}

/** `receiver/kind[index]`, as Alertmanager writes it in errors. */
export function integrationName(i: Integration): string {
  return `${i.receiver}/${i.kind}[${i.index}]`;
}

/** The integrations of one receiver, in Alertmanager's order (by kind, then as listed). */
export function buildIntegrations(cfg: ReceiverConfig, tmpl: NotifyTemplate): Integration[] {
  const out: Integration[] = [];
  const add = <C>(list: readonly C[] | undefined, make: (c: C) => Receiver): void => {
    list?.forEach((c, index) => {
      const notifier = make(c);
      out.push({ receiver: cfg.name, kind: notifier.kind, index, notifier });
    });
  };
  add(cfg.webhookConfigs, (c) => new WebhookReceiver(c));
  add(cfg.pushoverConfigs, (c) => new PushoverReceiver(c, tmpl));
  add(cfg.slackConfigs, (c) => new SlackReceiver(c, tmpl));
  add(cfg.telegramConfigs, (c) => new TelegramReceiver(c, tmpl));
  add(cfg.discordConfigs, (c) => new DiscordReceiver(c, tmpl));
  add(cfg.msteamsConfigs, (c) => new MSTeamsReceiver(c, tmpl));
  add(cfg.ntfyConfigs, (c) => new NtfyReceiver(c, tmpl));
  add(cfg.gotifyConfigs, (c) => new GotifyReceiver(c, tmpl));
  add(cfg.matrixConfigs, (c) => new MatrixReceiver(c, tmpl));
  return out;
}
