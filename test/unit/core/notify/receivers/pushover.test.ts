import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushoverReceiver } from '../../../../../electron/core/notify/receivers/pushover.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 200, body: '{"status":1,"request":"x"}', contentType: 'application/json' });
});
afterAll(() => svc.close());

const KEYS = { token: 'azGDORePK8gMaC0QOYAMyEEuzJnyUi', userKey: 'uQiRzpo4DXghDmr9QzzfQu27cmVRsG' };

describe('pushover receiver', () => {
  it('posts the message parameters as a form, sorted, with emergency retry and expire', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    expect(await new PushoverReceiver({ ...KEYS, apiUrl: `${svc.url}/1/messages.json`, sound: 'siren' }, tmpl).notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, status: 200 });
    const req = svc.requests[0]!;
    expect([req.method, req.url, req.headers['content-type']]).toEqual(['POST', '/1/messages.json', 'application/x-www-form-urlencoded']);
    const p = new URLSearchParams(req.body);
    expect([...p.keys()]).toEqual(['expire', 'message', 'priority', 'retry', 'sound', 'title', 'token', 'url', 'user']);
    expect(Object.fromEntries(p)).toMatchObject({
      expire: '3600',
      retry: '60',
      priority: '2',
      sound: 'siren',
      title: '[FIRING:1] HighLoad (node page)',
      token: KEYS.token,
      user: KEYS.userKey,
      url: 'http://am.example:9093/#/alerts?receiver=team-x',
    });
    expect(p.get('message')!.startsWith('http://wiki/load\n\nAlerts Firing:\nLabels:\n')).toBe(true);
  });

  it('cuts title at 250 and message at 1024 runes, says "(no details)" for nothing, priority 0 when resolved', async () => {
    svc.requests.length = 0;
    const ctx = context([alert({ alertname: 'A' }, {}, { resolved: true })], {});
    await new PushoverReceiver({ ...KEYS, apiUrl: svc.url, title: 'é'.repeat(300), message: '' }, tmpl).notify(ctx, ctx.alerts, signal());
    let p = new URLSearchParams(svc.requests[0]!.body);
    expect([...p.get('title')!].length).toBe(250);
    expect(p.get('message')).toBe('(no details)');
    expect(p.get('priority')).toBe('0');
    await new PushoverReceiver({ ...KEYS, apiUrl: svc.url, message: 'm'.repeat(2000), html: true }, tmpl).notify(ctx, ctx.alerts, signal());
    p = new URLSearchParams(svc.requests[1]!.body);
    expect([...p.get('message')!].length).toBe(1024);
    expect(p.get('html')).toBe('1');
  });

  it('does not retry a 400 and keeps both keys out of the error', async () => {
    svc.answer = { status: 400, body: `{"user":"invalid","errors":["user identifier is invalid: ${KEYS.userKey}"],"status":0}` };
    const ctx = context(TWO_ALERTS());
    const r = await new PushoverReceiver({ ...KEYS, apiUrl: svc.url }, tmpl).notify(ctx, ctx.alerts, signal());
    expect(r.retry).toBe(false);
    expect(r.error).toContain('user identifier is invalid');
    expect(r.error).not.toContain(KEYS.userKey);
    svc.answer = { status: 200, body: '{"status":1}' };
  });
});
