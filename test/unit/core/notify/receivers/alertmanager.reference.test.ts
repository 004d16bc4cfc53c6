/**
 * The same alerts sent by Debian's Alertmanager 0.25 and by Hearth's receivers to local fake
 * services: what arrives must be the same (payloads, rendered default templates).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { NotifyAlert, type NotifyContext } from '../../../../../electron/core/notify/data.js';
import { DiscordReceiver } from '../../../../../electron/core/notify/receivers/discord.js';
import { TelegramReceiver } from '../../../../../electron/core/notify/receivers/telegram.js';
import { SlackReceiver } from '../../../../../electron/core/notify/receivers/slack.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { WebhookReceiver } from '../../../../../electron/core/notify/receivers/webhook.js';
import { alertmanagerSkip, startAlertmanager, waitFor, type RunningAlertmanager } from './alertmanager.js';
import { fakeService, signal, type FakeService } from './server.js';

const EXTERNAL = 'http://am.example:9093';
const BOT_TOKEN = '123456:ABC-secret';
// Templates through Alertmanager's functions and data methods (single-quoted YAML: no quote in them).
const CUSTOM = {
  title: '{{ .Status | toUpper }} {{ .Receiver }} {{ .GroupLabels.alertname }} {{ (.CommonLabels.Remove (stringSlice "job")).Names | join "+" }}',
  text:
    '{{ range .Alerts }}{{ title .Labels.job }} {{ title .Annotations.summary }} {{ toLower .Labels.alertname }} {{ reReplaceAll "(\\\\w+):(\\\\d+)" "$2@$1" .Labels.instance }} ' +
    '{{ match "^a" .Labels.instance }} {{ range .Labels.SortedPairs }}{{ .Name }}{{ end }} {{ .StartsAt }} {{ .EndsAt }} {{ .Fingerprint }} {{ .Labels.missing }}|{{ end }}' +
    '{{ join "," .CommonLabels.Values }} {{ safeHtml "<x>" }} {{ stringSlice "a" "b" }} {{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }} {{ .ExternalURL }}',
  color: '{{ if eq .Status "firing" }}#ff0000{{ else }}#00ff00{{ end }}',
  fieldTitle: '{{ printf "%d alerts" (len .Alerts) }}',
  fieldValue: '{{ with index .Alerts 0 }}{{ .GeneratorURL }}{{ end }}',
};
const CUSTOM_ALERTS = [
  { labels: { alertname: 'Custom', instance: 'alpha:9100', job: 'node exporter', zone: 'eu' }, annotations: { summary: "hELLO wORLD it's node-exporter" }, startsAt: '2026-01-02T03:03:05.678Z', generatorURL: 'http://prom/x' },
  { labels: { alertname: 'Custom', instance: 'beta:9100', job: 'node exporter', zone: 'eu' }, annotations: { summary: 'x.y_z ÉCOLE' }, startsAt: '2026-01-02T03:03:05Z', generatorURL: 'http://prom/y' },
];

// The Bot API's answer to sendMessage; Alertmanager's client parses it.
const TELEGRAM_OK = '{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":42,"type":"private"}}}';
const STARTS = '2026-01-02T03:03:05.678Z';
const ALERTS = [
  { labels: { alertname: 'HighLoad', instance: 'a:9100', job: 'node', severity: 'page' }, annotations: { summary: 'load <high> on a', runbook: 'http://wiki/load' }, startsAt: STARTS, generatorURL: 'http://prom:9090/graph?g0.expr=load' },
  { labels: { alertname: 'HighLoad', instance: 'b:9100', job: 'node', severity: 'page' }, annotations: { summary: 'load & more on b', runbook: 'http://wiki/load' }, startsAt: STARTS, generatorURL: 'http://prom:9090/graph?g0.expr=load' },
];

interface PostedAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAt: string;
  readonly generatorURL: string;
}

function hearthContext(receiver: string, input: readonly PostedAlert[] = ALERTS, groupLabels: Record<string, string> = { alertname: 'HighLoad' }): NotifyContext {
  const alerts = input.map(
    (a) =>
      new NotifyAlert({
        labels: Labels.fromObject(a.labels),
        annotations: Labels.fromObject(a.annotations),
        startsAtMs: Date.parse(a.startsAt),
        endsAtMs: Date.now() + 3_600_000,
        generatorURL: a.generatorURL,
        updatedAtMs: Date.now(),
        timeout: false,
      }),
  );
  return { receiver, groupKey: '{}:{alertname="HighLoad"}', groupLabels: Labels.fromObject(groupLabels), alerts, externalURL: EXTERNAL, nowMs: Date.now() };
}

describe.skipIf(alertmanagerSkip !== null)(`against Alertmanager 0.25 ${alertmanagerSkip ?? ''}`, () => {
  let svc: FakeService;
  let am: RunningAlertmanager;

  beforeAll(async () => {
    svc = await fakeService({ status: 200, body: TELEGRAM_OK, contentType: 'application/json' });
    am = await startAlertmanager(
      `route:
  receiver: 'team.x'
  group_by: [alertname]
  # Not 0s: on a busy machine Alertmanager would flush the group after the first of the two
  # posted alerts, and its first notification would hold one alert where ours holds two.
  group_wait: 1s
  routes:
    - matchers: ['alertname="Custom"']
      receiver: custom
receivers:
  - name: custom
    slack_configs:
      - api_url: '${svc.url}/am/custom'
        title: '${CUSTOM.title}'
        text: '${CUSTOM.text}'
        color: '${CUSTOM.color}'
        fields:
          - title: '${CUSTOM.fieldTitle}'
            value: '${CUSTOM.fieldValue}'
  - name: 'team.x'
    webhook_configs:
      - url: '${svc.url}/am/webhook'
    slack_configs:
      - api_url: '${svc.url}/am/slack'
        channel: '#alerts'
    discord_configs:
      - webhook_url: '${svc.url}/am/discord'
    telegram_configs:
      - api_url: '${svc.url}/am/telegram'
        bot_token: '${BOT_TOKEN}'
        chat_id: 42
`,
      EXTERNAL,
    );
    await am.postAlerts(ALERTS);
    await am.postAlerts(CUSTOM_ALERTS);
    await waitFor(() => (svc.requests.some((r) => r.url === '/am/webhook') && svc.requests.some((r) => r.url === '/am/slack') && svc.requests.some((r) => r.url === '/am/discord') && svc.requests.some((r) => r.url.startsWith('/am/telegram')) && svc.requests.some((r) => r.url === '/am/custom') ? true : undefined), 20_000, "Alertmanager's notifications").catch((e: Error) => {
      throw new Error(`${e.message}; its log: ${am.log().slice(-3000)}`);
    });
  }, 40_000);
  afterAll(async () => {
    await am?.stop();
    await svc?.close();
  });

  it('sends the same webhook payload', async () => {
    const ctx = hearthContext('team.x');
    await new WebhookReceiver({ url: `${svc.url}/hearth/webhook` }).notify(ctx, ctx.alerts, signal());
    const theirs = svc.requests.find((r) => r.url === '/am/webhook')!;
    const ours = svc.requests.find((r) => r.url === '/hearth/webhook')!;
    expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
    expect(ours.body).toBe(theirs.body);
  });

  it('sends the same Slack message from the default templates', async () => {
    const ctx = hearthContext('team.x');
    await new SlackReceiver({ apiUrl: `${svc.url}/hearth/slack`, channel: '#alerts' }, new NotifyTemplate()).notify(ctx, ctx.alerts, signal());
    const theirs = svc.requests.find((r) => r.url === '/am/slack')!;
    const ours = svc.requests.find((r) => r.url === '/hearth/slack')!;
    expect(ours.body).toBe(theirs.body);
  });

  it('sends the same Discord embed', async () => {
    const ctx = hearthContext('team.x');
    await new DiscordReceiver({ webhookUrl: `${svc.url}/hearth/discord` }, new NotifyTemplate()).notify(ctx, ctx.alerts, signal());
    const theirs = svc.requests.find((r) => r.url === '/am/discord')!;
    const ours = svc.requests.find((r) => r.url === '/hearth/discord')!;
    expect(ours.body).toBe(theirs.body);
  });

  it('sends the same Telegram sendMessage call, data HTML-escaped', async () => {
    const ctx = hearthContext('team.x');
    const r = await new TelegramReceiver({ apiUrl: `${svc.url}/hearth/telegram`, botToken: BOT_TOKEN, chatId: 42 }, new NotifyTemplate()).notify(ctx, ctx.alerts, signal());
    expect(r).toEqual({ retry: false, status: 200 });
    const theirs = svc.requests.find((r) => r.url.startsWith('/am/telegram'))!;
    const ours = svc.requests.find((r) => r.url.startsWith('/hearth/telegram'))!;
    expect(ours.url.replace('/hearth/', '/am/')).toBe(theirs.url);
    expect(ours.method).toBe(theirs.method);
    expect(ours.headers['content-type']).toBe(theirs.headers['content-type']);
    expect(ours.body).toBe(theirs.body);
  });

  it("renders a user's templates with Alertmanager's functions as Alertmanager does", async () => {
    const ctx = hearthContext('custom', CUSTOM_ALERTS, { alertname: 'Custom' });
    const cfg = { apiUrl: `${svc.url}/hearth/custom`, title: CUSTOM.title, text: CUSTOM.text, color: CUSTOM.color, fields: [{ title: CUSTOM.fieldTitle, value: CUSTOM.fieldValue }] };
    await new SlackReceiver(cfg, new NotifyTemplate()).notify(ctx, ctx.alerts, signal());
    const theirs = JSON.parse(svc.requests.find((r) => r.url === '/am/custom')!.body);
    const ours = JSON.parse(svc.requests.find((r) => r.url === '/hearth/custom')!.body);
    expect(ours.attachments[0].title).toBe(theirs.attachments[0].title);
    expect(ours.attachments[0].text).toBe(theirs.attachments[0].text);
    expect(ours).toEqual(theirs);
  });
});
