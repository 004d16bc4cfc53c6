import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramReceiver } from '../../../../../electron/core/notify/receivers/telegram.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

const OK = '{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":-100,"type":"group"}}}';
let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 200, body: OK, contentType: 'application/json' });
});
afterAll(() => svc.close());

const TOKEN = '123456:AAH-secret-token';

describe('telegram receiver', () => {
  it('calls sendMessage with the chat, HTML mode and escaped data', async () => {
    svc.requests.length = 0;
    const ctx = context([alert({ alertname: 'A<b>' }, { summary: 'x & y' })], {});
    const r = await new TelegramReceiver({ apiUrl: `${svc.url}/`, botToken: TOKEN, chatId: -100, message: '<b>{{ .CommonLabels.alertname }}</b> {{ .CommonAnnotations.summary }}', disableNotifications: true }, tmpl).notify(
      ctx,
      ctx.alerts,
      signal(),
    );
    expect(r).toEqual({ retry: false, status: 200 });
    const req = svc.requests[0]!;
    expect([req.method, req.url]).toEqual(['POST', `/bot${TOKEN}/sendMessage`]);
    expect(JSON.parse(req.body)).toEqual({ chat_id: '-100', disable_notification: 'true', disable_web_page_preview: 'true', parse_mode: 'HTML', text: '<b>A&lt;b&gt;</b> x &amp; y' });
  });

  it('sends plain text unescaped when parse mode is empty, cut at 4096 runes', async () => {
    svc.requests.length = 0;
    const ctx = context([alert({ alertname: 'A<b>' })], {});
    await new TelegramReceiver({ apiUrl: svc.url, botToken: TOKEN, chatId: 1, parseMode: '', message: '{{ .CommonLabels.alertname }}' + 'z'.repeat(5000) }, tmpl).notify(ctx, ctx.alerts, signal());
    const body = JSON.parse(svc.requests[0]!.body);
    expect(body.parse_mode).toBeUndefined();
    expect(body.text.startsWith('A<b>zz')).toBe(true);
    expect([...body.text].length).toBe(4096);
  });

  it('reports a refusal without retry, a 429 with retry, and never the token', async () => {
    const ctx = context([alert({ alertname: 'A' })], {});
    const t = new TelegramReceiver({ apiUrl: svc.url, botToken: TOKEN, chatId: 1 }, tmpl);
    svc.answer = { status: 200, body: '{"ok":false,"description":"Bad Request: chat not found"}' };
    expect(await t.notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, status: 200, error: 'telegram refused the message: Bad Request: chat not found' });
    svc.answer = { status: 429, body: `{"ok":false,"description":"Too Many Requests for bot${TOKEN}"}` };
    const r = await t.notify(ctx, ctx.alerts, signal());
    expect(r.retry).toBe(true);
    expect(r.error).not.toContain(TOKEN);
    svc.answer = { status: 200, body: OK };
  });

  it('delivers a group of 10,000 alerts, its message cut to 4096 runes', async () => {
    svc.requests.length = 0;
    const alerts = Array.from({ length: 10_000 }, (_, i) => alert({ alertname: 'A', instance: `h${i}:9100` }, { summary: `s ${i}` }));
    const ctx = context(alerts, { alertname: 'A' });
    expect(await new TelegramReceiver({ apiUrl: svc.url, botToken: TOKEN, chatId: 1 }, tmpl).notify(ctx, alerts, signal())).toEqual({ retry: false, status: 200 });
    const text: string = JSON.parse(svc.requests[0]!.body).text;
    expect([...text].length).toBe(4096);
    expect(text.startsWith('\n\nAlerts Firing:\nLabels:\n - alertname = A\n - instance = h0:9100\n')).toBe(true);
  }, 30_000);
});
