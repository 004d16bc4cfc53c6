/**
 * Alertmanager's own config fixtures (../shared/alertmanager-testdata, from Alertmanager 0.34),
 * each with Alertmanager's verdict: the files Alertmanager accepts load, the ones it refuses are
 * refused with its message; files that use a receiver Hearth does not have yet are refused
 * with that plain message. Every fixture must be in the table, so a new one cannot slip by.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNotifyConfig, NotifyConfigError } from '../../../../../electron/core/notify/config/index.js';
import { referenceData } from '../../../../referenceData.js';

const DATA = referenceData('alertmanager-testdata');

type Verdict = { ok: true } | { error: string } | { unsupported: string };

const ok: Verdict = { ok: true };
const err = (error: string): Verdict => ({ error });
const unsupported = (kind: string): Verdict => ({ unsupported: kind });

const TABLE: Record<string, Verdict> = {
  'config/testdata/conf.empty-fields.yml': ok,
  'config/testdata/conf.good.yml': unsupported('pagerduty_configs'),
  'config/testdata/conf.group-by-all.yml': ok,
  'config/testdata/conf.http-config.good.yml': ok,
  'config/testdata/conf.mattermost-both-webhook-url-and-file.yml': unsupported('mattermost_configs'),
  'config/testdata/conf.mattermost-default-webhook-url-file.yml': unsupported('mattermost_configs'),
  'config/testdata/conf.mattermost-default-webhook-url.yml': unsupported('mattermost_configs'),
  'config/testdata/conf.mattermost-no-webhook-url.yml': unsupported('mattermost_configs'),
  'config/testdata/conf.mattermost-valid-receiver-both-webhook-url-and-file.yml': unsupported('mattermost_configs'),
  'config/testdata/conf.nil-match_re-route.yml': err('invalid regexp value for "invalid_label"'),
  'config/testdata/conf.nil-source_match_re-inhibition.yml': err('invalid regexp value for "invalid_source_label"'),
  'config/testdata/conf.nil-target_match_re-inhibition.yml': err('invalid regexp value for "invalid_target_label"'),
  'config/testdata/conf.opsgenie-both-file-and-apikey.yml': unsupported('opsgenie_configs'),
  'config/testdata/conf.opsgenie-default-apikey-file.yml': unsupported('opsgenie_configs'),
  'config/testdata/conf.opsgenie-default-apikey-old-team.yml': unsupported('opsgenie_configs'),
  'config/testdata/conf.opsgenie-default-apikey.yml': unsupported('opsgenie_configs'),
  'config/testdata/conf.opsgenie-no-apikey.yml': unsupported('opsgenie_configs'),
  'config/testdata/conf.rocketchat-both-token-and-tokenfile.yml': unsupported('rocketchat_configs'),
  'config/testdata/conf.rocketchat-both-tokenid-and-tokenidfile.yml': unsupported('rocketchat_configs'),
  'config/testdata/conf.rocketchat-default-token-file.yml': unsupported('rocketchat_configs'),
  'config/testdata/conf.rocketchat-default-token.yml': unsupported('rocketchat_configs'),
  'config/testdata/conf.rocketchat-no-token.yml': unsupported('rocketchat_configs'),
  'config/testdata/conf.slack-both-file-and-token.yml': err('at most one of slack_app_token & slack_app_token_file must be configured'),
  'config/testdata/conf.slack-both-file-and-url.yml': err('at most one of slack_api_url & slack_api_url_file must be configured'),
  'config/testdata/conf.slack-both-url-and-token.yml': err('at most one of slack_app_token/slack_app_token_file & slack_api_url/slack_api_url_file must be configured'),
  'config/testdata/conf.slack-default-api-url-file.yml': ok,
  'config/testdata/conf.slack-default-app-token.yml': ok,
  'config/testdata/conf.slack-no-api-url-or-token.yml': err('no Slack API URL nor App token set either inline or in a file'),
  'config/testdata/conf.slack-update-message-and-webhook.yml': err(
    'update_message can only be used with bot tokens. api_url must be set to https://slack.com/api/chat.postMessage',
  ),
  'config/testdata/conf.smtp-both-password-and-file.yml': err('at most one of smtp_auth_password & smtp_auth_password_file must be configured'),
  'config/testdata/conf.smtp-no-username-or-password.yml': ok,
  'config/testdata/conf.smtp-password-global-and-local.yml': ok,
  'config/testdata/conf.sns-invalid.yml': unsupported('sns_configs'),
  'config/testdata/conf.sns-topic-arn.yml': unsupported('sns_configs'),
  'config/testdata/conf.telegram-both-bot-token-and-file.yml': err('at most one of telegram_bot_token & telegram_bot_token_file must be configured'),
  'config/testdata/conf.telegram-default-bot-token-file.yml': ok,
  'config/testdata/conf.telegram-default-bot-token.yml': ok,
  'config/testdata/conf.telegram-no-bot-token.yml': err('missing bot_token or bot_token_file on telegram_config'),
  'config/testdata/conf.telegram-valid-receiver-both-bot-token-and-file.yml': err('at most one of telegram_bot_token & telegram_bot_token_file must be configured'),
  'config/testdata/conf.victorops-both-file-and-apikey.yml': unsupported('victorops_configs'),
  'config/testdata/conf.victorops-default-apikey-file.yml': unsupported('victorops_configs'),
  'config/testdata/conf.victorops-default-apikey.yml': unsupported('victorops_configs'),
  'config/testdata/conf.victorops-no-apikey.yml': unsupported('victorops_configs'),
  'config/testdata/conf.wechat-both-file-and-secret.yml': unsupported('wechat_configs'),
  'config/testdata/conf.wechat-default-api-secret-file.yml': unsupported('wechat_configs'),
  'config/testdata/conf.wechat-no-api-secret.yml': unsupported('wechat_configs'),
  'simple-example.yml': unsupported('pagerduty_configs'),
};


describe.skipIf(DATA.skip !== null)(`Alertmanager's config fixtures ${DATA.skip ?? ''}`, () => {
  it('every fixture file has a verdict in the table', () => {
    const files = readdirSync(join(DATA.path, 'config/testdata'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => `config/testdata/${f}`);
    files.push('simple-example.yml');
    expect(files.sort()).toEqual(Object.keys(TABLE).sort());
  });

  it.each(Object.entries(TABLE))('%s', async (rel, verdict) => {
    const p = loadNotifyConfig(join(DATA.path, rel));
    if ('ok' in verdict) {
      await expect(p).resolves.toBeDefined();
      return;
    }
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(NotifyConfigError);
    const detail = (e as NotifyConfigError).problems[0]!.detail;
    if ('error' in verdict) expect(detail).toBe(verdict.error);
    else expect(detail).toMatch(new RegExp(`^${verdict.unsupported} \\(receiver "[^"]+"\\): Hearth does not support .+ receivers yet$`));
    // Every refusal says where.
    expect((e as NotifyConfigError).problems[0]!.line).toBeGreaterThan(0);
  });
});
