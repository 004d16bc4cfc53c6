import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MSTeamsReceiver } from '../../../../../electron/core/notify/receivers/msteams.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 200, body: '1' });
});
afterAll(() => svc.close());

describe('msteams receiver', () => {
  it('posts a MessageCard with title, summary, markdown text and theme color', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    expect(await new MSTeamsReceiver({ webhookUrl: `${svc.url}/webhookb2/abc` }, tmpl).notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, status: 200 });
    const req = svc.requests[0]!;
    expect([req.method, req.url, req.headers['content-type']]).toEqual(['POST', '/webhookb2/abc', 'application/json']);
    const card = JSON.parse(req.body);
    expect(Object.keys(card)).toEqual(['@context', 'type', 'title', 'summary', 'text', 'themeColor']);
    expect(card).toMatchObject({ '@context': 'http://schema.org/extensions', type: 'MessageCard', title: '[FIRING:1] HighLoad (node page)', summary: '[FIRING:1] HighLoad (node page)', themeColor: '8C1A1A' });
    expect(card.text).toContain('\n# Alerts Firing:\n\nLabels:\n  - alertname = HighLoad\n');
  });

  it('uses green for a resolved group and retries a 502', async () => {
    const ctx = context([alert({ alertname: 'A' }, {}, { resolved: true })], {});
    svc.requests.length = 0;
    await new MSTeamsReceiver({ webhookUrl: svc.url }, tmpl).notify(ctx, ctx.alerts, signal());
    expect(JSON.parse(svc.requests[0]!.body).themeColor).toBe('2DC72D');
    svc.answer = { status: 502 };
    expect((await new MSTeamsReceiver({ webhookUrl: svc.url }, tmpl).notify(ctx, ctx.alerts, signal())).retry).toBe(true);
    svc.answer = { status: 200, body: '1' };
  });
});
