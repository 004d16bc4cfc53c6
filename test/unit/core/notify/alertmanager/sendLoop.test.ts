/** One Alertmanager's queue: batches, overflow, failures, and the bounded drain on stop. */

import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { nopLogger } from '../../../../../electron/core/log.js';
import type { PostFunc } from '../../../../../electron/core/notify/alertmanager/client.js';
import { SendLoop } from '../../../../../electron/core/notify/alertmanager/sendLoop.js';
import type { NotifierAlert } from '../../../../../electron/core/rules/types.js';

const alerts = (n: number, from = 0): NotifierAlert[] =>
  Array.from({ length: n }, (_, i) => ({ labels: Labels.fromObject({ alertname: `A${from + i}` }), annotations: Labels.EMPTY, startsAtMs: 1, endsAtMs: 0, generatorURL: '' }));

/** A PostFunc that records batches (alert names) and answers as `answer` says, optionally after a gate opens. */
function recorder(answer: (n: number) => number | Error = () => 200) {
  const batches: string[][] = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  const post: PostFunc = async (_url, body, signal) => {
    const names = (JSON.parse(body.toString()) as Array<{ labels: { alertname: string } }>).map((a) => a.labels.alertname);
    batches.push(names);
    await Promise.race([gate, new Promise((_, rej) => signal.addEventListener('abort', () => rej(signal.reason)))]);
    const a = answer(batches.length);
    if (a instanceof Error) throw a;
    return { status: a, statusText: `${a} X` };
  };
  return {
    batches,
    post,
    hold() {
      gate = new Promise((r) => (open = r));
    },
    release: () => open(),
  };
}

const loop = (post: PostFunc, o: Partial<{ queueCapacity: number; maxBatchSize: number; timeoutMs: number }> = {}) =>
  new SendLoop('http://am/api/v2/alerts', { queueCapacity: 10_000, maxBatchSize: 256, timeoutMs: 10_000, post, logger: nopLogger, now: Date.now, ...o });

const settle = async (l: SendLoop) => {
  for (let i = 0; i < 50 && l.queueLength > 0; i++) await new Promise((r) => setTimeout(r, 1));
  await new Promise((r) => setTimeout(r, 5));
};

describe('SendLoop', () => {
  it('sends in batches of at most maxBatchSize, oldest first', async () => {
    const r = recorder();
    const l = loop(r.post);
    l.add(alerts(600));
    await settle(l);
    expect(r.batches.map((b) => b.length)).toEqual([256, 256, 88]);
    expect(r.batches[0]![0]).toBe('A0');
    expect(r.batches[2]!.at(-1)).toBe('A599');
    expect([l.metrics.sent, l.metrics.errors, l.metrics.dropped]).toEqual([600, 0, 0]);
    expect(l.metrics.latency.count).toBe(3);
  });

  it('drops the oldest alerts when the queue is full, and counts them', async () => {
    const r = recorder();
    r.hold();
    const l = loop(r.post, { queueCapacity: 10, maxBatchSize: 4 });
    l.add(alerts(4)); // taken at once as the first batch, held in flight
    await new Promise((res) => setTimeout(res, 1));
    l.add(alerts(8, 100));
    l.add(alerts(5, 200)); // 13 > 10: A100..A102 go
    expect(l.queueLength).toBe(10);
    expect(l.metrics.dropped).toBe(3);
    r.release();
    await settle(l);
    expect(r.batches.flat()).toEqual([
      ...['A0', 'A1', 'A2', 'A3'],
      ...['A103', 'A104', 'A105', 'A106', 'A107'],
      ...['A200', 'A201', 'A202', 'A203', 'A204'],
    ]);
  });

  it('keeps only the newest alerts of a batch larger than the whole queue', () => {
    const r = recorder();
    r.hold();
    const l = loop(r.post, { queueCapacity: 3, maxBatchSize: 1 });
    l.add(alerts(5));
    // The first of the kept three is already in flight.
    expect(r.batches).toEqual([['A2']]);
    expect(l.queueLength).toBe(2);
    expect(l.metrics.dropped).toBe(2);
  });

  it('drops a batch that fails (an error status or a network error), counting errors per alert, and goes on', async () => {
    const r = recorder((n) => (n === 1 ? 500 : n === 2 ? new Error('connect ECONNREFUSED') : 200));
    const l = loop(r.post, { maxBatchSize: 2 });
    l.add(alerts(6));
    await settle(l);
    expect(r.batches.length).toBe(3);
    expect([l.metrics.sent, l.metrics.errors, l.metrics.dropped]).toEqual([2, 4, 4]);
  });

  it('gives up on a request after the timeout', async () => {
    const r = recorder();
    r.hold();
    const l = loop(r.post, { timeoutMs: 20 });
    l.add(alerts(1));
    await new Promise((res) => setTimeout(res, 60));
    expect([l.metrics.errors, l.metrics.dropped, l.metrics.sent]).toEqual([1, 1, 0]);
  });

  it('drains on stop within the deadline, then drops what is left', async () => {
    const r = recorder();
    r.hold();
    const l = loop(r.post, { maxBatchSize: 1 });
    l.add(alerts(3));
    const t0 = Date.now();
    await l.stop(true, t0 + 50);
    expect(Date.now() - t0).toBeLessThan(1000);
    // The first request was aborted at the deadline; the two behind it were never sent.
    expect(r.batches).toEqual([['A0']]);
    expect(l.metrics.dropped).toBe(3);
    l.add(alerts(1));
    expect(l.queueLength).toBe(0);
  });

  it('sends everything queued when the drain has time', async () => {
    const r = recorder();
    const l = loop(r.post, { maxBatchSize: 2 });
    r.hold();
    l.add(alerts(5));
    setTimeout(r.release, 10);
    await l.stop(true, Date.now() + 5000);
    expect(r.batches.flat().length).toBe(5);
    expect([l.metrics.sent, l.metrics.dropped]).toEqual([5, 0]);
  });

  it('without draining, stop aborts at once and counts the queue as dropped', async () => {
    const r = recorder();
    r.hold();
    const l = loop(r.post, { maxBatchSize: 1 });
    l.add(alerts(3));
    const t0 = Date.now();
    await l.stop(false, Date.now() + 5000);
    expect(Date.now() - t0).toBeLessThan(500);
    expect(l.metrics.dropped).toBe(3);
  });
});
