import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackReceiver } from '../../../../../electron/core/notify/receivers/slack.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 200, body: 'ok' });
});
afterAll(() => svc.close());

async function sent(cfg: ConstructorParameters<typeof SlackReceiver>[0], ctx = context(TWO_ALERTS())) {
  svc.requests.length = 0;
  const r = await new SlackReceiver({ apiUrl: `${svc.url}/services/T000/B000/XXXX`, ...cfg }, tmpl).notify(ctx, ctx.alerts, signal());
  return { r, req: svc.requests[0]! };
}

describe('slack receiver', () => {
  it('posts one attachment with the default title, link, fallback and color', async () => {
    svc.answer = { status: 200, body: 'ok' };
    const { r, req } = await sent({ channel: '#ops' });
    expect(r).toEqual({ retry: false, status: 200 });
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/services/T000/B000/XXXX');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      channel: '#ops',
      username: 'Alertmanager',
      attachments: [
        {
          title: '[FIRING:1] HighLoad (node page)',
          title_link: 'http://am.example:9093/#/alerts?receiver=team-x',
          text: '',
          fallback: '[FIRING:1] HighLoad (node page) | http://am.example:9093/#/alerts?receiver=team-x',
          callback_id: '',
          footer: '',
          color: 'danger',
          mrkdwn_in: ['fallback', 'pretext', 'text'],
        },
      ],
    });
  });

  it('colors a resolved group good and renders fields and actions', async () => {
    const ctx = context([alert({ alertname: 'HighLoad', job: 'node' }, { summary: 'cooled down' }, { resolved: true })]);
    const { req } = await sent(
      {
        text: '{{ range .Alerts }}{{ .Annotations.summary }}{{ end }}',
        fields: [{ title: 'Job', value: '{{ .CommonLabels.job }}' }, { title: 'Status', value: '{{ .Status }}', short: false }],
        shortFields: true,
        actions: [{ type: 'button', text: 'Runbook', url: 'http://wiki/{{ .GroupLabels.alertname }}', confirm: { text: 'Sure?' } }],
        iconEmoji: ':fire:',
        linkNames: true,
      },
      ctx,
    );
    const msg = JSON.parse(req.body);
    expect(msg.icon_emoji).toBe(':fire:');
    expect(msg.link_names).toBe(true);
    const att = msg.attachments[0];
    expect(att.color).toBe('good');
    expect(att.title).toBe('[RESOLVED] HighLoad (node)');
    expect(att.text).toBe('cooled down');
    expect(att.fields).toEqual([
      { title: 'Job', value: 'node', short: true },
      { title: 'Status', value: 'resolved', short: false },
    ]);
    expect(att.actions).toEqual([{ type: 'button', text: 'Runbook', url: 'http://wiki/HighLoad', confirm: { text: 'Sure?' } }]);
  });

  it('truncates the title to 1024 runes', async () => {
    const { req } = await sent({ title: '{{ range $i, $_ := stringSlice "a" "b" }}{{ end }}' + 'é'.repeat(2000) });
    const title: string = JSON.parse(req.body).attachments[0].title;
    expect([...title].length).toBe(1024);
    expect(title.endsWith('…')).toBe(true);
  });

  it('sends the chat.postMessage token as a bearer and reports ok:false without retry', async () => {
    svc.answer = { status: 200, body: '{"ok":false,"error":"channel_not_found"}', contentType: 'application/json' };
    const { r, req } = await sent({ apiUrl: `${svc.url}/api/chat.postMessage`, channel: '#nope', httpConfig: { authorization: { credentials: 'xoxb-secret-token' } } });
    expect(req.headers['authorization']).toBe('Bearer xoxb-secret-token');
    expect(r).toEqual({ retry: false, status: 200, error: 'slack refused the message: channel_not_found' });
    svc.answer = { status: 200, body: 'ok' };
  });

  it('fails without retry on a bad template, naming the field', async () => {
    const { r } = await sent({ text: '{{ .Nope }}' });
    expect(r.retry).toBe(false);
    expect(r.error).toMatch(/^text: template: :1:3: executing "" at <\.Nope>: can't evaluate field Nope/);
  });

  it('does not send resolved alerts by default', () => {
    expect(new SlackReceiver({}, tmpl).sendResolved).toBe(false);
  });
});
