import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscordReceiver } from '../../../../../electron/core/notify/receivers/discord.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 204 });
});
afterAll(() => svc.close());

describe('discord receiver', () => {
  it('executes the webhook with one embed: title, description and the status color', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    const r = await new DiscordReceiver({ webhookUrl: `${svc.url}/api/webhooks/1/tok` }, tmpl).notify(ctx, ctx.alerts, signal());
    expect(r).toEqual({ retry: false, status: 204 });
    const req = svc.requests[0]!;
    expect([req.method, req.url, req.headers['content-type']]).toEqual(['POST', '/api/webhooks/1/tok', 'application/json']);
    const msg = JSON.parse(req.body);
    expect(msg.content).toBe('');
    expect(msg.embeds[0].title).toBe('[FIRING:1] HighLoad (node page)');
    expect(msg.embeds[0].color).toBe(0x992d22);
    expect(msg.embeds[0].description).toContain('Alerts Resolved:');
  });

  it('colors resolved groups green and truncates title (256) and description (4096) in runes', async () => {
    svc.requests.length = 0;
    const ctx = context([alert({ alertname: 'A' }, {}, { resolved: true })], {});
    await new DiscordReceiver({ webhookUrl: svc.url, title: 'ü'.repeat(300), message: 'x'.repeat(5000) }, tmpl).notify(ctx, ctx.alerts, signal());
    const embed = JSON.parse(svc.requests[0]!.body).embeds[0];
    expect(embed.color).toBe(0x2ecc71);
    expect([...embed.title].length).toBe(256);
    expect(embed.title.endsWith('…')).toBe(true);
    expect([...embed.description].length).toBe(4096);
  });

  it('retries a 500 and not a 401, and keeps the webhook token out of errors', async () => {
    const ctx = context(TWO_ALERTS());
    const d = new DiscordReceiver({ webhookUrl: `${svc.url}/api/webhooks/1/SUPERSECRET` }, tmpl);
    svc.answer = { status: 500, body: 'oops' };
    expect(await d.notify(ctx, ctx.alerts, signal())).toEqual({ retry: true, status: 500, error: 'unexpected status code 500: oops' });
    svc.answer = { status: 401, body: '{"message": "Invalid Webhook Token", "url": "/api/webhooks/1/SUPERSECRET"}' };
    const r = await d.notify(ctx, ctx.alerts, signal());
    expect(r.retry).toBe(false);
    expect(r.error).toContain('Invalid Webhook Token');
    expect(r.error).not.toContain('SUPERSECRET');
    svc.answer = { status: 204 };
  });
});
