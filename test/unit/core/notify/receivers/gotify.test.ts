import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GotifyReceiver } from '../../../../../electron/core/notify/receivers/gotify.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 200, body: '{"id":1}', contentType: 'application/json' });
});
afterAll(() => svc.close());

describe('gotify receiver', () => {
  it('POSTs /message with the app token header, title, message, priority and extras', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    expect(await new GotifyReceiver({ url: `${svc.url}/gotify/`, token: 'AbCdEf123456' }, tmpl).notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, status: 200 });
    const req = svc.requests[0]!;
    expect([req.method, req.url, req.headers['content-type'], req.headers['x-gotify-key']]).toEqual(['POST', '/gotify/message', 'application/json', 'AbCdEf123456']);
    const msg = JSON.parse(req.body);
    expect(msg).toMatchObject({
      title: '[FIRING:1] HighLoad (node page)',
      priority: 8,
      extras: { 'client::display': { contentType: 'text/plain' }, 'client::notification': { click: { url: 'http://am.example:9093/#/alerts?receiver=team-x' } } },
    });
    expect(msg.message).toContain('Alerts Resolved:');
  });

  it('marks markdown, lowers priority when resolved, and keeps a rejected token out of the error', async () => {
    svc.requests.length = 0;
    const ctx = context([alert({ alertname: 'A' }, {}, { resolved: true })], {});
    await new GotifyReceiver({ url: svc.url, token: 'AbCdEf123456', markdown: true }, tmpl).notify(ctx, ctx.alerts, signal());
    const msg = JSON.parse(svc.requests[0]!.body);
    expect(msg.priority).toBe(4);
    expect(msg.extras['client::display'].contentType).toBe('text/markdown');
    svc.answer = { status: 401, body: '{"error":"Unauthorized","errorCode":401,"errorDescription":"you need to provide a valid access token: AbCdEf123456"}' };
    const r = await new GotifyReceiver({ url: svc.url, token: 'AbCdEf123456' }, tmpl).notify(ctx, ctx.alerts, signal());
    expect(r.retry).toBe(false);
    expect(r.status).toBe(401);
    expect(r.error).not.toContain('AbCdEf123456');
    svc.answer = { status: 200, body: '{}' };
  });
});
