import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteAlertHistory, SqliteAlertStateStore } from '../../../../../electron/core/rules/store/index.js';
import { TSDB } from '../../../../../electron/core/tsdb/index.js';
import type { AlertHistoryData } from '../../../../../shared/api/alertHistory.js';
import { tempDir } from '../../tsdb/helpers.js';
import { transition } from '../../rules/store/helpers.js';
import { getJson, startApi, type Harness } from '../harness.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const H = 3_600_000;
const G = 'rules/node.yml;node';

let tmp: ReturnType<typeof tempDir>;
let tsdb: TSDB;
let reader: SqliteAlertHistory;
let api: Harness;
let bare: Harness;

beforeAll(async () => {
  tmp = tempDir('hearth-historyapi-');
  tsdb = TSDB.open(tmp.dir, { housekeepingIntervalMs: 0 });
  const store = SqliteAlertStateStore.open(tmp.dir);
  store.save(G, [], [transition(NOW - 30 * H, G, 'InstanceDown', { instance: 'a' }, 'inactive', 'pending', 0)], NOW - 30 * H);
  store.save(G, [], [transition(NOW - 3 * H, G, 'InstanceDown', { instance: 'a' }, 'inactive', 'pending', 0)], NOW - 3 * H);
  store.save(G, [], [transition(NOW - 2 * H, G, 'InstanceDown', { instance: 'a' }, 'pending', 'firing', 0)], NOW - 2 * H);
  store.save(
    'rules/disk.yml;disk',
    [],
    [transition(NOW - 1 * H + 123, 'rules/disk.yml;disk', 'DiskFull', { device: 'sda', severity: 'page' }, 'pending', 'firing', 0.97), transition(NOW - 1 * H + 123, 'rules/disk.yml;disk', 'DiskFull', { device: 'sdb' }, 'inactive', 'pending', NaN)],
    NOW - H,
  );
  store.save(G, [], [transition(NOW - 10 * 60_000, G, 'InstanceDown', { instance: 'a' }, 'firing', 'inactive', 1e-7)], NOW - 10 * 60_000);
  store.close();
  reader = SqliteAlertHistory.open(tmp.dir);
  api = await startApi({ nowMs: NOW, deps: { alertHistory: reader } });
  bare = await startApi({ nowMs: NOW });
});

afterAll(async () => {
  await api.close();
  await bare.close();
  reader.close();
  tsdb.close();
  tmp.cleanup();
});

async function history(query: string): Promise<{ status: number; body: any }> {
  return getJson(`${api.url}/api/hearth/v1/alerts/history${query}`);
}

const summary = (d: AlertHistoryData) => d.entries.map((e) => `${e.rule}{${Object.entries(e.labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${v}`).join(',')}} ${e.from}->${e.to}`);

describe('GET /api/hearth/v1/alerts/history', () => {
  it('lists the last 24 hours newest first in the documented shape', async () => {
    const { status, body } = await history('');
    expect(status).toBe(200);
    expect(body.status).toBe('success');
    expect(body.data.nextToken).toBeUndefined();
    expect(body.data.entries).toEqual([
      { time: new Date(NOW - 10 * 60_000).toISOString(), group: G, rule: 'InstanceDown', labels: { alertname: 'InstanceDown', instance: 'a' }, from: 'firing', to: 'inactive', value: '1e-07' },
      // Same millisecond: the one saved later first.
      { time: '2026-01-10T11:00:00.123Z', group: 'rules/disk.yml;disk', rule: 'DiskFull', labels: { alertname: 'DiskFull', device: 'sdb' }, from: 'inactive', to: 'pending', value: 'NaN' },
      { time: '2026-01-10T11:00:00.123Z', group: 'rules/disk.yml;disk', rule: 'DiskFull', labels: { alertname: 'DiskFull', device: 'sda', severity: 'page' }, from: 'pending', to: 'firing', value: '0.97' },
      { time: '2026-01-10T10:00:00.000Z', group: G, rule: 'InstanceDown', labels: { alertname: 'InstanceDown', instance: 'a' }, from: 'pending', to: 'firing', value: '0' },
      { time: '2026-01-10T09:00:00.000Z', group: G, rule: 'InstanceDown', labels: { alertname: 'InstanceDown', instance: 'a' }, from: 'inactive', to: 'pending', value: '0' },
    ]);
  });

  it('filters by rule, group, state, match[] and time, as RFC 3339 or Unix seconds', async () => {
    const d = async (q: string) => summary((await history(q)).body.data);
    expect(await d('?rule=DiskFull')).toEqual(['DiskFull{device=sdb} inactive->pending', 'DiskFull{device=sda,severity=page} pending->firing']);
    expect(await d('?rule=DiskFull&rule=InstanceDown&state=firing')).toEqual(['DiskFull{device=sda,severity=page} pending->firing', 'InstanceDown{instance=a} pending->firing']);
    expect(await d(`?group=${encodeURIComponent(G)}&state=inactive&state=pending`)).toEqual(['InstanceDown{instance=a} firing->inactive', 'InstanceDown{instance=a} inactive->pending']);
    expect(await d(`?match[]=${encodeURIComponent('{severity="page"}')}&match[]=${encodeURIComponent('{instance=~"a|b"}')}`)).toEqual([
      'InstanceDown{instance=a} firing->inactive',
      'DiskFull{device=sda,severity=page} pending->firing',
      'InstanceDown{instance=a} pending->firing',
      'InstanceDown{instance=a} inactive->pending',
    ]);
    expect(await d(`?match[]=${encodeURIComponent('DiskFull')}`)).toEqual([]);
    expect(await d(`?start=${(NOW - 48 * H) / 1000}&end=${new Date(NOW - 2 * H).toISOString()}`)).toEqual(['InstanceDown{instance=a} pending->firing', 'InstanceDown{instance=a} inactive->pending', 'InstanceDown{instance=a} inactive->pending']);
    // Without start, a day back from end.
    expect(await d(`?end=${(NOW - 20 * H) / 1000}`)).toEqual(['InstanceDown{instance=a} inactive->pending']);
  });

  it('pages with limit and next_token until the token is gone', async () => {
    const seen: string[] = [];
    let token = '';
    for (let i = 0; i < 10; i++) {
      const { body } = await history(`?limit=2${token ? `&next_token=${encodeURIComponent(token)}` : ''}`);
      expect(body.data.entries.length).toBeLessThanOrEqual(2);
      seen.push(...summary(body.data));
      if (!body.data.nextToken) break;
      token = body.data.nextToken;
    }
    expect(seen).toEqual(summary((await history('')).body.data));
  });

  it("refuses bad parameters with Prometheus's bad_data errors", async () => {
    const cases: Array<[string, string | RegExp]> = [
      ['?state=resolved', 'invalid parameter "state": unknown alert state "resolved" (inactive, pending or firing)'],
      ['?limit=0', 'invalid parameter "limit": limit must be between 1 and 10000'],
      ['?limit=10001', 'invalid parameter "limit": limit must be between 1 and 10000'],
      ['?limit=x', 'invalid parameter "limit": strconv.Atoi: parsing "x": invalid syntax'],
      ['?limit=-1', 'invalid parameter "limit": limit must be non-negative'],
      ['?start=yesterday', `invalid parameter "start": Invalid time value for 'start': cannot parse "yesterday" to a valid timestamp`],
      [`?start=${NOW / 1000}&end=${NOW / 1000 - 1}`, 'invalid parameter "end": end timestamp must not be before start time'],
      ['?next_token=bogus', 'invalid parameter "next_token": not a token of this endpoint: "bogus"'],
      [`?match[]=${encodeURIComponent('{a=""}')}`, 'match[] must contain at least one non-empty matcher'],
      [`?match[]=${encodeURIComponent('{a="')}`, /unexpected|unterminated/i],
    ];
    for (const [q, msg] of cases) {
      const { status, body } = await history(q);
      expect(status, q).toBe(400);
      expect(body.errorType, q).toBe('bad_data');
      if (typeof msg === 'string') expect(body.error, q).toBe(msg);
      else expect(body.error, q).toMatch(msg);
    }
  });

  it('answers unavailable when the server keeps no alert history', async () => {
    const { status, body } = await getJson(`${bare.url}/api/hearth/v1/alerts/history`);
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'error', errorType: 'unavailable', error: expect.stringMatching(/^alert history is unavailable/) });
  });

  it('is a read route: no token needed, other methods refused', async () => {
    const post = await getJson(`${api.url}/api/hearth/v1/alerts/history`, { method: 'POST' });
    expect(post.status).toBe(405);
    const head = await fetch(`${api.url}/api/hearth/v1/alerts/history`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });
});
