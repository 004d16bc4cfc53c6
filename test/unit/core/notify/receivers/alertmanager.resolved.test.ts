/**
 * A group that resolves, sent by Debian's Alertmanager 0.25 and by Hearth's receivers: the
 * resolved payload (status, endsAt) and the default templates' resolved rendering must match.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { NotifyAlert, type NotifyContext } from '../../../../../electron/core/notify/data.js';
import { DiscordReceiver } from '../../../../../electron/core/notify/receivers/discord.js';
import { SlackReceiver } from '../../../../../electron/core/notify/receivers/slack.js';
import { WebhookReceiver } from '../../../../../electron/core/notify/receivers/webhook.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alertmanagerSkip, startAlertmanager, waitFor, type RunningAlertmanager } from './alertmanager.js';
import { fakeService, signal, type FakeService } from './server.js';

const EXTERNAL = 'http://am.example:9093/prefix';
const STARTS = '2026-01-02T03:03:05.5Z';
const BASE = { labels: { alertname: 'DiskFull', device: 'sda', severity: 'warn' }, annotations: { summary: 'disk full' }, startsAt: STARTS, generatorURL: 'http://prom/disk' };

describe.skipIf(alertmanagerSkip !== null)(`a resolved group against Alertmanager 0.25 ${alertmanagerSkip ?? ''}`, () => {
  let svc: FakeService;
  let am: RunningAlertmanager;
  let endsAt = '';

  beforeAll(async () => {
    svc = await fakeService({ status: 200, body: 'ok' });
    am = await startAlertmanager(
      `route:
  receiver: r
  group_by: [alertname]
  group_wait: 0s
  group_interval: 1s
receivers:
  - name: r
    webhook_configs:
      - url: '${svc.url}/am/webhook'
    slack_configs:
      - api_url: '${svc.url}/am/slack'
        send_resolved: true
    discord_configs:
      - webhook_url: '${svc.url}/am/discord'
`,
      EXTERNAL,
    );
    await am.postAlerts([BASE]);
    await waitFor(() => (svc.requests.some((r) => r.url === '/am/webhook') ? true : undefined), 20_000, 'the firing notification');
    endsAt = new Date(Date.now() - 100).toISOString();
    await am.postAlerts([{ ...BASE, endsAt }]);
    const resolvedSeen = () => svc.requests.filter((r) => r.url.startsWith('/am/') && r.body.includes('RESOLVED') || (r.url === '/am/webhook' && r.body.includes('"status":"resolved"')));
    await waitFor(() => (resolvedSeen().length >= 3 ? true : undefined), 20_000, 'the resolved notifications').catch((e: Error) => {
      throw new Error(`${e.message}; its log: ${am.log().slice(-3000)}`);
    });
  }, 60_000);
  afterAll(async () => {
    await am?.stop();
    await svc?.close();
  });

  function ctx(): NotifyContext {
    const a = new NotifyAlert({
      labels: Labels.fromObject(BASE.labels),
      annotations: Labels.fromObject(BASE.annotations),
      startsAtMs: Date.parse(STARTS),
      endsAtMs: Date.parse(endsAt),
      generatorURL: BASE.generatorURL,
      updatedAtMs: Date.now(),
      timeout: false,
    });
    return { receiver: 'r', groupKey: '{}:{alertname="DiskFull"}', groupLabels: Labels.fromObject({ alertname: 'DiskFull' }), alerts: [a], externalURL: EXTERNAL, nowMs: Date.now() };
  }

  const last = (url: string) => svc.requests.filter((r) => r.url === url).at(-1)!;

  it('sends the same resolved webhook payload', async () => {
    const c = ctx();
    await new WebhookReceiver({ url: `${svc.url}/hearth/webhook` }).notify(c, c.alerts, signal());
    expect(last('/hearth/webhook').body).toBe(last('/am/webhook').body);
    // Go's RFC 3339 drops trailing zeros of the fraction (.510 → .51): compare the instant.
    expect(Date.parse(JSON.parse(last('/hearth/webhook').body).alerts[0].endsAt)).toBe(Date.parse(endsAt));
  });

  it('renders the resolved Slack and Discord messages the same', async () => {
    const c = ctx();
    const tmpl = new NotifyTemplate();
    await new SlackReceiver({ apiUrl: `${svc.url}/hearth/slack`, sendResolved: true }, tmpl).notify(c, c.alerts, signal());
    await new DiscordReceiver({ webhookUrl: `${svc.url}/hearth/discord` }, tmpl).notify(c, c.alerts, signal());
    expect(last('/hearth/slack').body).toBe(last('/am/slack').body);
    expect(JSON.parse(last('/hearth/slack').body).attachments[0].color).toBe('good');
    expect(last('/hearth/discord').body).toBe(last('/am/discord').body);
  });
});
