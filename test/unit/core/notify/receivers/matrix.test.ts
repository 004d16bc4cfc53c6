import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatrixReceiver } from '../../../../../electron/core/notify/receivers/matrix.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { context, TWO_ALERTS } from '../template/fixtures.js';
import { fakeService, signal, type FakeService } from './server.js';

let svc: FakeService;
const tmpl = new NotifyTemplate();
beforeAll(async () => {
  svc = await fakeService({ status: 200, body: '{"event_id":"$abc"}', contentType: 'application/json' });
});
afterAll(() => svc.close());

describe('matrix receiver', () => {
  it('PUTs an m.room.message to the room with the access token and a transaction ID', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    const m = new MatrixReceiver({ homeserverUrl: svc.url, roomId: '!room:example.org', accessToken: 'syt_secret_token' }, tmpl);
    expect(await m.notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, status: 200 });
    const req = svc.requests[0]!;
    expect(req.method).toBe('PUT');
    expect(req.url).toMatch(/^\/_matrix\/client\/v3\/rooms\/!room%3Aexample\.org\/send\/m\.room\.message\/hearth-[0-9a-f]{32}$/);
    expect(req.headers['authorization']).toBe('Bearer syt_secret_token');
    const ev = JSON.parse(req.body);
    expect(ev.msgtype).toBe('m.text');
    expect(ev.body.startsWith('[FIRING:1] HighLoad (node page)\n\nAlerts Firing:\n')).toBe(true);
  });

  it('repeats the transaction ID for a retry of the same notification only', async () => {
    svc.requests.length = 0;
    const ctx = context(TWO_ALERTS());
    const m = new MatrixReceiver({ homeserverUrl: svc.url, roomId: '!r:x', accessToken: 't', msgtype: 'm.notice' }, tmpl);
    await m.notify(ctx, ctx.alerts, signal());
    await m.notify(ctx, ctx.alerts, signal());
    await m.notify({ ...ctx, nowMs: ctx.nowMs + 1 }, ctx.alerts, signal());
    const ids = svc.requests.map((r) => r.url.split('/').pop());
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(JSON.parse(svc.requests[0]!.body).msgtype).toBe('m.notice');
  });

  it('retries a 502 and refuses a missing token without sending', async () => {
    const ctx = context(TWO_ALERTS());
    svc.answer = { status: 502 };
    expect((await new MatrixReceiver({ homeserverUrl: svc.url, roomId: '!r:x', accessToken: 't' }, tmpl).notify(ctx, ctx.alerts, signal())).retry).toBe(true);
    svc.answer = { status: 200, body: '{}' };
    expect(await new MatrixReceiver({ homeserverUrl: svc.url, roomId: '!r:x' }, tmpl).notify(ctx, ctx.alerts, signal())).toEqual({ retry: false, error: 'access_token is missing' });
  });
});
