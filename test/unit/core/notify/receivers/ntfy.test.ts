import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NtfyReceiver } from '../../../../../electron/core/notify/receivers/ntfy.js';
import { ntfyPriority } from '../../../../../electron/core/notify/receivers/priority.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 200, body: '{"id":"x","event":"message"}', contentType: 'application/json' });
});
afterAll(() => svc.close());

describe('ntfy receiver', () => {
  it('publishes JSON to the server root with topic, title, message, priority, tags, click and the token', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    expect(await new NtfyReceiver({ url: `${svc.url}/`, topic: 'homelab', token: 'tk_secret1234' }, tmpl).notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, status: 200 });
    const req = svc.requests[0]!;
    expect([req.method, req.url, req.headers['content-type'], req.headers['authorization']]).toEqual(['POST', '/', 'application/json', 'Bearer tk_secret1234']);
    const msg = JSON.parse(req.body);
    expect(msg).toMatchObject({ topic: 'homelab', title: '[FIRING:1] HighLoad (node page)', priority: 4, tags: ['rotating_light'], click: 'http://am.example:9093/#/alerts?receiver=team-x' });
    expect(msg.message).toContain('Alerts Firing:');
  });

  it('renders priority names and numbers, drops empty tags, and limits the message to 4096 bytes', async () => {
    svc.requests.length = 0;
    const ctx = context([alert({ alertname: 'A', severity: 'warning' }, {}, { resolved: true })], {});
    await new NtfyReceiver({ url: svc.url, topic: 't', priority: '{{ if eq .CommonLabels.severity "warning" }}2{{ end }}', tags: ['{{ .CommonLabels.severity }}', '{{ .CommonLabels.none }}'], message: 'é'.repeat(3000), click: '' }, tmpl).notify(ctx, ctx.alerts, signal());
    const msg = JSON.parse(svc.requests[0]!.body);
    expect(msg.priority).toBe(2);
    expect(msg.tags).toEqual(['warning']);
    expect(msg.click).toBeUndefined();
    expect(new TextEncoder().encode(msg.message).length).toBeLessThanOrEqual(4096);
    expect(msg.message.endsWith('…')).toBe(true);
    expect(ntfyPriority('urgent')).toBe(5);
    expect(ntfyPriority('')).toBe(3);
  });

  it('refuses a bad priority without sending, and retries a 429', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    expect(await new NtfyReceiver({ url: svc.url, topic: 't', priority: 'loud' }, tmpl).notify(ctx, ctx.alerts, signal())).toEqual({
      retry: false,
      error: 'priority: "loud" is not 1-5, min, low, default, high, max or urgent',
    });
    expect(svc.requests.length).toBe(0);
    svc.answer = { status: 429, body: '{"code":42901,"http":429,"error":"limit reached"}' };
    expect((await new NtfyReceiver({ url: svc.url, topic: 't' }, tmpl).notify(ctx, ctx.alerts, signal())).retry).toBe(true);
    svc.answer = { status: 200, body: '{}' };
  });
});
