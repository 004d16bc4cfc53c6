/**
 * The read API end to end over HTTP (in process): parameters, envelopes, errorTypes and
 * status codes as Prometheus gives them.
 */
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScrapeView } from '../../../../electron/core/api/deps.js';
import { QueryService, type Executor } from '../../../../electron/core/query/index.js';
import { form, getJson, load, startApi, type Harness } from './harness.js';

const T0 = 1_700_000_000_000;

const scrape: ScrapeView = {
  scrapePools: () => ['b', 'node'],
  targets: () => ({
    active: [
      {
        discoveredLabels: { __address__: 'localhost:9100', job: 'node' },
        labels: { instance: 'localhost:9100', job: 'node' },
        scrapePool: 'node',
        scrapeUrl: 'http://localhost:9100/metrics',
        globalUrl: 'http://box:9100/metrics',
        lastError: '',
        lastScrape: T0,
        lastScrapeDuration: 0.01,
        health: 'up',
        scrapeInterval: '15s',
        scrapeTimeout: '10s',
      },
      {
        discoveredLabels: { __address__: 'x:1', job: 'b' },
        labels: { instance: 'x:1', job: 'b' },
        scrapePool: 'b',
        scrapeUrl: 'http://x:1/metrics',
        globalUrl: 'http://x:1/metrics',
        lastError: 'connection refused',
        lastScrape: 0,
        lastScrapeDuration: 0,
        health: 'unknown',
        scrapeInterval: '15s',
        scrapeTimeout: '10s',
      },
    ],
    dropped: [{ discoveredLabels: { __address__: 'y:2', job: 'b' }, scrapePool: 'b' }],
    droppedCounts: { b: 1, node: 0 },
  }),
  metadata: () => [
    {
      scrapePool: 'node',
      target: { instance: 'localhost:9100', job: 'node' },
      metadata: [
        { metric: 'node_load1', type: 'gauge', help: '1m load average.', unit: '' },
        { metric: 'up_total', type: 'counter', help: 'A.', unit: '' },
      ],
    },
    {
      scrapePool: 'b',
      target: { instance: 'x:1', job: 'b' },
      metadata: [
        { metric: 'node_load1', type: 'gauge', help: '1m load average.', unit: '' },
        { metric: 'up_total', type: 'counter', help: 'B.', unit: '' },
      ],
    },
  ],
};

let h: Harness;

beforeAll(async () => {
  h = await startApi({ nowMs: T0 + 60_000, deps: { scrape } });
  const samples = (v: number): Array<[number, number]> => [0, 15_000, 30_000, 45_000, 60_000].map((d) => [T0 + d, v + d / 15_000]);
  load(h.store, [
    { labels: { __name__: 'up', job: 'node', instance: 'a' }, samples: samples(1) },
    { labels: { __name__: 'up', job: 'node', instance: 'b' }, samples: samples(10) },
    { labels: { __name__: 'up', job: 'api', instance: 'c' }, samples: samples(100) },
    { labels: { __name__: 'http_requests_total', job: 'api', code: '200' }, samples: samples(5) },
  ]);
});
afterAll(() => h.close());

const api = (path: string, init?: RequestInit) => getJson(h.url + path, init);

describe('expression queries', () => {
  it('answers an instant query with a vector, at the given time', async () => {
    const r = await api(`/api/v1/query?query=sum(up)&time=${(T0 + 30_000) / 1000}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [(T0 + 30_000) / 1000, '117'] }] } });
  });

  it('answers the connection test Grafana sends: POST query=1+1&time=4 is the scalar 2', async () => {
    const r = await api('/api/v1/query', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'query=1%2B1&time=4' });
    expect(r.body).toEqual({ status: 'success', data: { resultType: 'scalar', result: [4, '2'] } });
  });

  it('reads form bodies before the query string, as Go does', async () => {
    const r = await api('/api/v1/query?query=3', form({ query: '4', time: '10' }));
    expect(r.body.data.result).toEqual([10, '4']);
  });

  it('answers a range query with a matrix, RFC 3339 and float-second parameters alike', async () => {
    const start = new Date(T0).toISOString();
    const r = await api(`/api/v1/query_range?query=up{instance="a"}&start=${start}&end=${(T0 + 60_000) / 1000}&step=30`);
    expect(r.body.data.resultType).toBe('matrix');
    expect(r.body.data.result[0].values).toEqual([
      [T0 / 1000, '1'],
      [(T0 + 30_000) / 1000, '3'],
      [(T0 + 60_000) / 1000, '5'],
    ]);
    const d = await api(`/api/v1/query_range?query=up&start=${T0 / 1000}&end=${(T0 + 60_000) / 1000}&step=30s`);
    expect(d.body.data.result).toHaveLength(3);
  });

  it('refuses bad parameters with Prometheus wording, 400 bad_data', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/query?query=sum(', 'invalid parameter "query": 1:5: parse error: unclosed left parenthesis'],
      ['/api/v1/query?query=up&time=abc', `invalid parameter "time": Invalid time value for 'time': cannot parse "abc" to a valid timestamp`],
      ['/api/v1/query?query=up&timeout=abc', 'invalid parameter "timeout": cannot parse "abc" to a valid duration'],
      ['/api/v1/query?query=up&limit=x', 'invalid parameter "limit": strconv.Atoi: parsing "x": invalid syntax'],
      ['/api/v1/query?query=up&limit=-1', 'invalid parameter "limit": limit must be non-negative'],
      ['/api/v1/query_range?query=up', 'invalid parameter "start": cannot parse "" to a valid timestamp'],
      ['/api/v1/query_range?query=up&start=10&end=5&step=1', 'invalid parameter "end": end timestamp must not be before start time'],
      ['/api/v1/query_range?query=up&start=0&end=5&step=0', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer'],
      ['/api/v1/query_range?query=up&start=0&end=100000&step=1', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)'],
      ['/api/v1/query_range?query=up[5m]&start=0&end=5&step=1', 'invalid parameter "query": invalid expression type "range vector" for range query, must be Scalar or instant Vector'],
    ];
    for (const [path, error] of cases) {
      const r = await api(path);
      expect(r.status, path).toBe(400);
      expect(r.body, path).toEqual({ status: 'error', errorType: 'bad_data', error });
    }
  });

  it('refuses queries longer than the limit', async () => {
    const long = 'up' + ' + up'.repeat(20_000);
    const r = await api('/api/v1/query', form({ query: long }));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/longer than the limit/);
  });

  it('truncates to `limit` series with a warning, and adds stats when asked', async () => {
    const r = await api(`/api/v1/query?query=up&time=${(T0 + 60_000) / 1000}&limit=2&stats=all`);
    expect(r.body.data.result).toHaveLength(2);
    expect(r.body.warnings).toEqual(['results truncated due to limit']);
    expect(r.body.data.stats.samples.totalQueryableSamples).toBeGreaterThan(0);
    expect(Object.keys(r.body.data.stats.timings)).toContain('execTotalTime');
  });

  it('compresses with gzip when asked', async () => {
    const raw = await new Promise<{ enc: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${h.url}/api/v1/query_range?query=up&start=${T0 / 1000}&end=${(T0 + 60_000) / 1000}&step=1`, { headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ enc: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(raw.enc).toBe('gzip');
    expect(JSON.parse(gunzipSync(raw.body).toString()).data.result).toHaveLength(3);
  });
});

describe('metadata queries', () => {
  it('lists label names, with match[] (Grafana sends a trailing comma) and limit', async () => {
    const all = await api('/api/v1/labels');
    expect(all.body.data).toEqual(['__name__', 'code', 'instance', 'job']);
    const m = await api(`/api/v1/labels?match[]=${encodeURIComponent('{__name__=~".+",}')}`);
    expect(m.body.data).toEqual(['__name__', 'code', 'instance', 'job']);
    const one = await api(`/api/v1/labels?match[]=up`);
    expect(one.body.data).toEqual(['__name__', 'instance', 'job']);
    const lim = await api('/api/v1/labels?limit=2');
    expect(lim.body).toEqual({ status: 'success', data: ['__name__', 'code'], warnings: ['results truncated due to limit'] });
  });

  it('lists label values by name, U__-escaped names included, with match[]', async () => {
    expect((await api('/api/v1/label/job/values')).body.data).toEqual(['api', 'node']);
    expect((await api('/api/v1/label/U__job/values')).body.data).toEqual(['api', 'node']);
    expect((await api('/api/v1/label/__name__/values')).body.data).toEqual(['http_requests_total', 'up']);
    expect((await api(`/api/v1/label/instance/values?match[]=${encodeURIComponent('up{job="node"}')}`)).body.data).toEqual(['a', 'b']);
    const far = await api(`/api/v1/label/job/values?start=${T0 / 1000 + 3600}`);
    expect(far.body.data).toEqual([]);
  });

  it('finds series by match[], GET and POST', async () => {
    const r = await api(`/api/v1/series?match[]=up&match[]=${encodeURIComponent('http_requests_total{code="200"}')}`);
    expect(r.body.data).toEqual([
      { __name__: 'http_requests_total', code: '200', job: 'api' },
      { __name__: 'up', instance: 'a', job: 'node' },
      { __name__: 'up', instance: 'b', job: 'node' },
      { __name__: 'up', instance: 'c', job: 'api' },
    ]);
    const p = await api('/api/v1/series', form({ 'match[]': ['up{job="api"}'] }));
    expect(p.body.data).toEqual([{ __name__: 'up', instance: 'c', job: 'api' }]);
  });

  it('refuses bad selectors and selectors that match everything', async () => {
    expect((await api('/api/v1/series')).body).toEqual({ status: 'error', errorType: 'bad_data', error: 'no match[] parameter provided' });
    const bad = await api(`/api/v1/labels?match[]=${encodeURIComponent('{')}`);
    expect(bad.body).toEqual({ status: 'error', errorType: 'bad_data', error: '1:2: parse error: unexpected end of input inside braces' });
    const empty = await api(`/api/v1/series?match[]=${encodeURIComponent('{job=~".*"}')}`);
    expect(empty.body.error).toBe('match[] must contain at least one non-empty matcher');
    // Prometheus 3 accepts any UTF-8 label name.
    expect((await api('/api/v1/label/a-b/values')).body).toEqual({ status: 'success', data: [] });
  });

  it('merges metric metadata over targets, with limit and limit_per_metric', async () => {
    const all = await api('/api/v1/metadata');
    expect(all.body.data).toEqual({
      node_load1: [{ type: 'gauge', help: '1m load average.', unit: '' }],
      up_total: [
        { type: 'counter', help: 'A.', unit: '' },
        { type: 'counter', help: 'B.', unit: '' },
      ],
    });
    expect(Object.keys((await api('/api/v1/metadata?limit=1')).body.data)).toEqual(['node_load1']);
    expect((await api('/api/v1/metadata?limit_per_metric=1')).body.data.up_total).toHaveLength(1);
    expect((await api('/api/v1/metadata?metric=node_load1')).body.data).toEqual({ node_load1: [{ type: 'gauge', help: '1m load average.', unit: '' }] });
    expect((await api('/api/v1/metadata?limit=40000')).status).toBe(200);
    expect((await api('/api/v1/metadata?limit=x')).body).toEqual({ status: 'error', errorType: 'bad_data', error: 'limit must be a number' });
  });

  it('lists target metadata, filtered by match_target and metric', async () => {
    const r = await api(`/api/v1/targets/metadata?match_target=${encodeURIComponent('{job="b"}')}&metric=up_total`);
    expect(r.body.data).toEqual([{ target: { instance: 'x:1', job: 'b' }, type: 'counter', help: 'B.', unit: '' }]);
    const all = await api('/api/v1/targets/metadata');
    expect(all.body.data).toHaveLength(4);
    expect(all.body.data[0]).toEqual({ target: { instance: 'localhost:9100', job: 'node' }, metric: 'node_load1', type: 'gauge', help: '1m load average.', unit: '' });
  });

  it('answers query_exemplars with an empty list, and parse errors with 400', async () => {
    expect((await api('/api/v1/query_exemplars?query=test')).body).toEqual({ status: 'success', data: [] });
    expect((await api('/api/v1/query_exemplars?query=')).body).toEqual({ status: 'error', errorType: 'bad_data', error: '1:1: parse error: no expression found in input' });
  });

  it('formats and parses queries', async () => {
    expect((await api(`/api/v1/format_query?query=${encodeURIComponent('sum(rate(x[5m]))by(a)')}`)).body).toEqual({ status: 'success', data: 'sum by (a) (rate(x[5m]))' });
    const p = await api(`/api/v1/parse_query?query=${encodeURIComponent('up{job="a"} offset 1m')}`);
    expect(p.body.data).toEqual({
      type: 'vectorSelector',
      name: 'up',
      offset: 60000,
      offsetExpr: null,
      matchers: [
        { name: 'job', value: 'a', type: '=' },
        { name: '__name__', value: 'up', type: '=' },
      ],
      timestamp: null,
      startOrEnd: null,
      anchored: false,
      smoothed: false,
    });
    expect((await api('/api/v1/format_query?query=sum(')).status).toBe(400);
  });
});

describe('targets, rules, status', () => {
  it('lists targets with state and scrapePool filters', async () => {
    const all = await api('/api/v1/targets');
    expect(all.body.data.activeTargets).toHaveLength(2);
    expect(all.body.data.droppedTargets).toEqual([{ discoveredLabels: { __address__: 'y:2', job: 'b' }, scrapePool: 'b' }]);
    expect(all.body.data.droppedTargetCounts).toEqual({ b: 1, node: 0 });
    expect(all.body.data.activeTargets[0].lastScrape).toBe(new Date(T0).toISOString());
    expect(all.body.data.activeTargets[1].lastScrape).toBe('0001-01-01T00:00:00Z');
    const active = await api('/api/v1/targets?state=active&scrapePool=b');
    expect(active.body.data.activeTargets.map((t: { scrapePool: string }) => t.scrapePool)).toEqual(['b']);
    expect(active.body.data.droppedTargets).toEqual([]);
    const dropped = await api('/api/v1/targets?state=dropped');
    expect(dropped.body.data.activeTargets).toEqual([]);
    expect((await api('/api/v1/scrape_pools')).body.data).toEqual({ scrapePools: ['b', 'node'] });
  });

  it('answers rules and alerts in Prometheus shapes, checking parameters', async () => {
    expect((await api('/api/v1/rules')).body).toEqual({ status: 'success', data: { groups: [] } });
    expect((await api('/api/v1/rules?type=alert&exclude_alerts=true')).body.data).toEqual({ groups: [] });
    expect((await api('/api/v1/rules?type=foo')).body).toEqual({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "type": not supported value "foo"' });
    expect((await api('/api/v1/rules?group_next_token=x')).status).toBe(400);
    expect((await api('/api/v1/alerts')).body).toEqual({ status: 'success', data: { alerts: [] } });
  });

  it('names the alertmanagers of the config', async () => {
    expect((await api('/api/v1/alertmanagers')).body.data).toEqual({
      activeAlertmanagers: [{ url: 'http://am1:9093/prefix/api/v2/alerts' }, { url: 'http://am2:9093/prefix/api/v2/alerts' }],
      droppedAlertmanagers: [],
    });
  });

  it('reports build info Grafana accepts: a 3.x version and no features field', async () => {
    const b = await api('/api/v1/status/buildinfo');
    expect(b.body.data.version).toMatch(/^3\.\d+\.\d+$/);
    expect(b.body.data).toHaveProperty('hearthVersion');
    expect(b.body.data).not.toHaveProperty('features');
  });

  it('reports runtime info, flags, config, WAL replay and features', async () => {
    const rt = await api('/api/v1/status/runtimeinfo');
    expect(rt.body.data).toMatchObject({ reloadConfigSuccess: true, storageRetention: '15d', startTime: new Date(1_700_000_000_000).toISOString() });
    expect((await api('/api/v1/status/flags')).body.data['web.listen-address']).toBe('127.0.0.1:9190');
    expect((await api('/api/v1/status/config')).body.data).toEqual({ yaml: 'global: {}\n' });
    expect((await api('/api/v1/status/walreplay')).body.data).toEqual({ min: 0, max: 0, current: 0 });
    const f = await api('/api/v1/features');
    expect(f.body.data.api.remote_write_receiver).toBe(true);
    expect(f.body.data.promql_functions.rate).toBe(true);
    expect(f.body.data.service_discovery_providers).toMatchObject({ static: true, file: true, http: true, kubernetes: false });
  });

  it('checks the status/tsdb limit', async () => {
    expect((await api('/api/v1/status/tsdb?limit=0')).body).toEqual({ status: 'error', errorType: 'bad_data', error: 'limit must be a positive number' });
  });
});

describe('routing', () => {
  it('answers unknown paths 404 and wrong methods 405, as Prometheus', async () => {
    const nf = await api('/api/v1/nope');
    expect(nf.status).toBe(404);
    expect(nf.body).toBe('404 page not found\n');
    const na = await fetch(`${h.url}/api/v1/label/job/values`, { method: 'POST' });
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toBe('GET, OPTIONS');
    expect((await fetch(`${h.url}/api/v1/status/buildinfo`, { method: 'POST' })).status).toBe(405);
    const del = await api('/api/v1/series', { method: 'DELETE' });
    expect(del).toMatchObject({ status: 500, body: { status: 'error', errorType: 'internal', error: 'not implemented' } });
    expect((await fetch(`${h.url}/api/v1/query`, { method: 'OPTIONS' })).status).toBe(204);
  });

  it('answers health and readiness, and counts requests in /metrics', async () => {
    expect(await (await fetch(`${h.url}/-/healthy`)).text()).toBe('Hearth Server is Healthy.\n');
    expect((await fetch(`${h.url}/-/ready`)).status).toBe(200);
    await api('/api/v1/query?query=1');
    const m = await (await fetch(`${h.url}/metrics`)).text();
    expect(m).toMatch(/prometheus_http_requests_total\{code="200",handler="\/api\/v1\/query"\} [1-9]/);
    expect(m).toMatch(/hearth_api_query_duration_seconds_count\{kind="instant"\} [1-9]/);
  });
});

describe('engine errors', () => {
  it('map to Prometheus errorTypes and status codes', async () => {
    const kinds: Array<['unavailable' | 'timeout' | 'canceled' | 'execution' | 'internal', number, string]> = [
      ['unavailable', 503, 'too many concurrent queries (limit 20)'],
      ['timeout', 503, 'query timed out in expression evaluation'],
      ['canceled', 499, 'query was canceled in query execution'],
      ['execution', 422, 'query processing would load too many samples into memory in query execution'],
      ['internal', 500, 'unexpected error: boom'],
    ];
    for (const [kind, status, message] of kinds) {
      const failing: Executor = { execute: async () => ({ ok: false, kind, message }) as never, inFlight: () => 0, close: async () => {} };
      const e = await startApi({ deps: { queries: new QueryService(failing) } });
      try {
        const r = await getJson(`${e.url}/api/v1/query?query=up`);
        expect(r.status, kind).toBe(status);
        expect(r.body, kind).toEqual({ status: 'error', errorType: kind, error: message });
      } finally {
        await e.close();
      }
    }
  });

  it('honour the timeout parameter', async () => {
    const slow = await startApi();
    try {
      load(slow.store, Array.from({ length: 300 }, (_, i) => ({ labels: { __name__: 'm', i: String(i) }, samples: Array.from({ length: 200 }, (_, k) => [T0 + k * 1000, k] as [number, number]) })));
      const q = encodeURIComponent('count(count_over_time(m[5m:1s]))');
      const r = await getJson(`${slow.url}/api/v1/query_range?query=${q}&start=${T0 / 1000}&end=${T0 / 1000 + 10_000}&step=1&timeout=50ms`);
      expect(r.status).toBe(503);
      expect(r.body.errorType).toBe('timeout');
    } finally {
      await slow.close();
    }
  });
});
