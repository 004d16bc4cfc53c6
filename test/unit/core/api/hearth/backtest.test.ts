/** POST /api/hearth/v1/rules/backtest over HTTP (in process), through the server's query service. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestData } from '../../../../../shared/api/alertHistory.js';
import { form, getJson, load, startApi, type Harness } from '../harness.js';

const MIN = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MIN);

let h: Harness;
let path: string;

beforeAll(async () => {
  h = await startApi({ nowMs: T0 + 60 * MIN });
  path = `${h.url}/api/hearth/v1/rules/backtest`;
  // up{instance="a"}: 1 until 10m, 0 from 10m to 19m, 1 from 20m, one sample a minute.
  const samples: Array<[number, number]> = [];
  for (let i = 0; i <= 30; i++) samples.push([T0 + i * MIN, i >= 10 && i < 20 ? 0 : 1]);
  load(h.store, [{ labels: { __name__: 'up', instance: 'a', job: 'node' }, samples }]);
});
afterAll(() => h.close());

const RULE = 'alert: Down\nexpr: up == 0\nfor: 5m\nlabels:\n  severity: page\nannotations:\n  summary: instance down\n';

function json(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

describe('POST /api/hearth/v1/rules/backtest', () => {
  it('answers when the alert went pending, fired and resolved, at the global evaluation interval', async () => {
    const r = await getJson(path, json({ rule: RULE, start: String(T0 / 1000), end: new Date(T0 + 30 * MIN).toISOString() }));
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('success');
    const d = r.body.data as BacktestData;
    expect(d).toEqual({
      rule: 'Down',
      interval: 60,
      evaluations: 31,
      alerts: [
        {
          labels: { alertname: 'Down', instance: 'a', job: 'node', severity: 'page' },
          annotations: { summary: 'instance down' },
          activeAt: new Date(T0 + 10 * MIN).toISOString(),
          firedAt: new Date(T0 + 15 * MIN).toISOString(),
          resolvedAt: new Date(T0 + 20 * MIN).toISOString(),
          value: '0e+00',
        },
      ],
      errors: [],
    });
  });

  it('renders annotations with the alert labels, value and external labels', async () => {
    const rule = 'alert: Down\nexpr: up == 0\nannotations:\n  summary: "{{ $labels.instance }} down at {{ $externalLabels.site }} (value {{ $value }})"\n';
    const r = await getJson(path, json({ rule, start: String((T0 + 10 * MIN) / 1000), end: String((T0 + 10 * MIN) / 1000) }));
    expect(r.status).toBe(200);
    expect(r.body.data.alerts[0].annotations).toEqual({ summary: 'a down at lab (value 0)' });
  });

  it('takes a form-encoded body and an interval', async () => {
    const r = await getJson(path, form({ rule: RULE, start: String(T0 / 1000), end: String((T0 + 30 * MIN) / 1000), interval: '2m' }));
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ interval: 120, evaluations: 16 });
    expect(r.body.data.alerts[0]).toMatchObject({ activeAt: new Date(T0 + 10 * MIN).toISOString(), firedAt: new Date(T0 + 16 * MIN).toISOString() });
  });

  it('reports evaluation errors beside the alerts', async () => {
    const r = await getJson(path, json({ rule: 'alert: Bad\nexpr: up + on() (up or vector(1))', start: String(T0 / 1000), end: String((T0 + MIN) / 1000) }));
    expect(r.status).toBe(200);
    expect(r.body.data.errors).toHaveLength(2);
    expect(r.body.data.errors[0]).toEqual({ time: new Date(T0).toISOString(), error: expect.stringMatching(/many-to-many/) });
  });

  it.each([
    [{ start: '0', end: '60' }, 'invalid parameter "rule": one alerting rule as YAML is required'],
    [{ rule: RULE, end: '60' }, 'invalid parameter "start": required'],
    [{ rule: RULE, start: 'yesterday', end: '60' }, 'invalid parameter "start": cannot parse "yesterday" to a valid timestamp'],
    [{ rule: RULE, start: '60', end: '0' }, 'invalid parameter "end": end timestamp must not be before start time'],
    [{ rule: RULE, start: '0', end: '60', interval: '0s' }, 'invalid parameter "interval": zero or negative interval is not accepted'],
    [{ rule: 'record: r\nexpr: up', start: '0', end: '60' }, 'invalid parameter "rule": "r" is a recording rule; a backtest replays an alerting rule'],
    [{ rule: 'alert: A\nexpr: up ==', start: '0', end: '60' }, /^invalid parameter "rule": 2:\d+: .*parse error/],
    [{ rule: RULE, start: '0', end: String(20_000 * 60) }, 'the range needs 20001 evaluations at a 60s interval; at most 10000 are allowed: shorten the range or lengthen the interval'],
  ])('refuses %j with bad_data', async (body, message) => {
    const r = await getJson(path, json(body));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ status: 'error', errorType: 'bad_data' });
    if (typeof message === 'string') expect(r.body.error).toBe(message);
    else expect(r.body.error).toMatch(message);
  });

  it('refuses a body that is not a JSON object', async () => {
    const r = await getJson(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[1' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^invalid JSON body/);
  });

  it('answers GET with 405', async () => {
    expect((await fetch(path)).status).toBe(405);
  });

  it('refuses cross-site requests, as every route does', async () => {
    const r = await fetch(path, json({ rule: RULE, start: '0', end: '60' }, { Origin: 'https://evil.example' }));
    expect(r.status).toBe(403);
  });
});

describe('backtest time budget', () => {
  it('stops with a timeout error when the whole backtest runs past its budget', async () => {
    let now = T0;
    const h2 = await startApi({ deps: { now: () => (now += 10_000) } });
    try {
      const r = await getJson(`${h2.url}/api/hearth/v1/rules/backtest`, json({ rule: RULE, start: '0', end: String(60 * 60) }));
      // The harness clock moves 10 s per reading: the 2-minute budget runs out after a few evaluations.
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ status: 'error', errorType: 'timeout' });
      expect(r.body.error).toMatch(/^backtest timed out after 120s: the backtest was stopped after \d+ of 61 evaluations$/);
    } finally {
      await h2.close();
    }
  });
});
