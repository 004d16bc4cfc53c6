import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../../../../../electron/core/notify/receivers/webhook.js';
import { alert, context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
beforeAll(async () => {
  svc = await fakeService();
});
afterAll(() => svc.close());

describe('webhook receiver', () => {
  it('POSTs payload version 4 as Alertmanager encodes it', async () => {
    svc.answer = { status: 200 };
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    const r = await new WebhookReceiver({ url: `${svc.url}/hook?k=1` }).notify(ctx, ctx.alerts, signal());
    expect(r).toEqual({ retry: false, status: 200 });
    const req = svc.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hook?k=1');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body.endsWith('}\n')).toBe(true);
    const msg = JSON.parse(req.body);
    expect(Object.keys(msg)).toEqual(['receiver', 'status', 'alerts', 'groupLabels', 'commonLabels', 'commonAnnotations', 'externalURL', 'version', 'groupKey', 'truncatedAlerts']);
    expect(msg).toMatchObject({ receiver: 'team-x', status: 'firing', version: '4', groupKey: ctx.groupKey, truncatedAlerts: 0, externalURL: 'http://am.example:9093', groupLabels: { alertname: 'HighLoad' } });
    expect(msg.alerts[0]).toEqual({
      status: 'firing',
      labels: { alertname: 'HighLoad', instance: 'a:9100', job: 'node', severity: 'page' },
      annotations: { runbook: 'http://wiki/load', summary: 'load high on a' },
      startsAt: '2026-01-02T03:03:05.678Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prom:9090/graph?g0.expr=HighLoad',
      fingerprint: ctx.alerts[0]!.fingerprint(),
    });
    expect(msg.alerts[1].status).toBe('resolved');
    expect(msg.alerts[1].endsAt).toBe('2026-01-02T03:04:04.678Z');
  });

  it('escapes <, > and & as Go does', async () => {
    svc.requests.length = 0;
    const ctx = context([alert({ alertname: 'A<&>' })], {});
    await new WebhookReceiver({ url: svc.url }).notify(ctx, ctx.alerts, signal());
    expect(svc.requests[0]!.body).toContain('"alertname":"A\\u003c\\u0026\\u003e"');
  });

  it('sends at most maxAlerts and counts the rest', async () => {
    svc.requests.length = 0;
    const alerts = Array.from({ length: 5 }, (_, i) => alert({ alertname: 'A', i: String(i) }));
    const ctx = context(alerts, { alertname: 'A' });
    await new WebhookReceiver({ url: svc.url, maxAlerts: 2 }).notify(ctx, alerts, signal());
    const msg = JSON.parse(svc.requests[0]!.body);
    expect(msg.alerts.map((a: { labels: { i: string } }) => a.labels.i)).toEqual(['0', '1']);
    expect(msg.truncatedAlerts).toBe(3);
  });

  it('retries 5xx and 429, not other 4xx, and quotes a bounded excerpt of the answer', async () => {
    const ctx = context(TWO_ALERTS());
    const hook = new WebhookReceiver({ url: `${svc.url}/hook/SECRETKEY123` });
    svc.answer = { status: 503, body: 'down for maintenance' };
    expect(await hook.notify(ctx, ctx.alerts, signal())).toEqual({ retry: true, status: 503, error: 'unexpected status code 503: down for maintenance' });
    svc.answer = { status: 429, body: '' };
    expect(await hook.notify(ctx, ctx.alerts, signal())).toEqual({ retry: true, status: 429, error: 'unexpected status code 429' });
    svc.answer = { status: 400, body: 'x'.repeat(5000) + ' SECRETKEY123' };
    const r = await hook.notify(ctx, ctx.alerts, signal());
    expect(r.retry).toBe(false);
    expect(r.status).toBe(400);
    expect(r.error!.length).toBeLessThan(1100);
    svc.answer = { status: 404, body: `no route ${svc.url}/hook/SECRETKEY123` };
    const r404 = await hook.notify(ctx, ctx.alerts, signal());
    expect(r404.retry).toBe(false);
    expect(r404.error).not.toContain('SECRETKEY123');
    svc.answer = { status: 200 };
  });

  it('gives up after its timeout and asks for a retry', async () => {
    svc.answer = { status: 200, delayMs: 2000 };
    const ctx = context(TWO_ALERTS());
    const start = Date.now();
    const r = await new WebhookReceiver({ url: svc.url, timeoutMs: 100 }).notify(ctx, ctx.alerts, signal());
    expect(Date.now() - start).toBeLessThan(1500);
    expect(r).toEqual({ retry: true, error: `no answer from ${new URL(svc.url).host} within 100ms` });
    svc.answer = { status: 200 };
  });

  it('asks for a retry when the service is down, without naming the URL path', async () => {
    const down = await fakeService();
    const url = `${down.url}/hook/SECRETKEY123`;
    await down.close();
    const ctx = context(TWO_ALERTS());
    const r = await new WebhookReceiver({ url }).notify(ctx, ctx.alerts, signal());
    expect(r.retry).toBe(true);
    expect(r.error).toMatch(/ECONNREFUSED/);
    expect(r.error).not.toContain('SECRETKEY123');
  });

  it('reads the URL from url_file and refuses without retry when it cannot', async () => {
    svc.requests.length = 0;
    const dir = mkdtempSync(join(tmpdir(), 'hearth-webhook-'));
    writeFileSync(join(dir, 'url'), `${svc.url}/from-file\n`);
    const ctx = context(TWO_ALERTS());
    expect((await new WebhookReceiver({ urlFile: join(dir, 'url') }).notify(ctx, ctx.alerts, signal())).status).toBe(200);
    expect(svc.requests[0]!.url).toBe('/from-file');
    expect(await new WebhookReceiver({ urlFile: join(dir, 'nope') }).notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, error: `reading url from ${join(dir, 'nope')}: ENOENT` });
  });

  it('sends resolved alerts unless told not to', () => {
    expect(new WebhookReceiver({ url: 'http://x' }).sendResolved).toBe(true);
    expect(new WebhookReceiver({ url: 'http://x', sendResolved: false }).sendResolved).toBe(false);
  });
});
