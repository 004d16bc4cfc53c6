/**
 * The contract with Grafana's Prometheus data source: the requests it sends, in the order it
 * sends them, and the response shapes it parses. Grafana is not run here; this test is the
 * written-down sequence, played against a real `hearth serve`.
 *
 *  1. Save & test: POST /api/v1/query, form body `query=1%2B1&time=4` → scalar [4, "2"].
 *  2. GET /api/v1/status/buildinfo → data.version a Prometheus 3.x version, and no `features`
 *     field (a non-empty one makes Grafana treat the server as Mimir).
 *  3. Query editor start: GET /api/v1/label/__name__/values (start, end) → string[];
 *     GET /api/v1/metadata, and with limit=40000 → {name: [{type, help, unit}]};
 *     GET /api/v1/labels without and with match[] (including `{__name__=~".+",}` with its
 *     trailing comma) → string[]; GET /api/v1/rules → {groups: []};
 *     GET /api/v1/query_exemplars?query=test (start, end) → success, [].
 *  4. Panels: POST /api/v1/query_range (query, start, end, step) → matrix of
 *     {metric, values: [[seconds, "value"]]}; POST /api/v1/query (query, time) → vector.
 *  5. Variables: GET /api/v1/label/<name>/values?match[]=… (start, end) → string[];
 *     GET /api/v1/series?match[]=… (start, end) → [{label: value}].
 *  Label names in paths may arrive U__-escaped. Grafana retries with GET after a 405 or 400;
 *  label values, metadata, rules, alerts and status endpoints are GET only (405 on POST).
 */

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startHearth, tempDir, waitFor, type Proc } from './support.js';

let work = '';
let hearth: Proc;

const GRAFANA_HEADERS = { Accept: 'application/json, text/plain, */*', 'User-Agent': 'Grafana/12.0.0' };

async function get(path: string, params: Record<string, string | string[]> = {}) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  const res = await fetch(`${hearth.url}${path}${p.size > 0 ? '?' + p : ''}`, { headers: GRAFANA_HEADERS });
  return { status: res.status, body: (await res.json()) as any };
}

async function post(path: string, body: string) {
  const res = await fetch(`${hearth.url}${path}`, { method: 'POST', headers: { ...GRAFANA_HEADERS, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
}

const isStringArray = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');

beforeAll(async () => {
  work = tempDir('hearth-grafana-');
  const port = await freePort();
  writeFileSync(join(work, 'hearth.yml'), `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: hearth\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`);
  hearth = await startHearth(join(work, 'data'), [`--config.file=${join(work, 'hearth.yml')}`], port);
  await waitFor(async () => (await get('/api/v1/query', { query: 'count_over_time(up[1m])' })).body.data.result[0]?.value[1] >= 2, 20_000, 'two scrapes');
});

afterAll(async () => {
  await hearth?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("Grafana's Prometheus data source", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const window = () => ({ start: String(now() - 3600), end: String(now()) });

  it('1-2: passes Save & test and is recognised as Prometheus 3.x, not Mimir', async () => {
    const t = await post('/api/v1/query', 'query=1%2B1&time=4');
    expect(t).toEqual({ status: 200, body: { status: 'success', data: { resultType: 'scalar', result: [4, '2'] } } });
    const b = await get('/api/v1/status/buildinfo');
    expect(b.status).toBe(200);
    expect(b.body.data.version).toMatch(/^3\.\d+\.\d+$/);
    expect(b.body.data).not.toHaveProperty('features');
  });

  it('3: answers what the query editor asks when it opens', async () => {
    const names = await get('/api/v1/label/__name__/values', window());
    expect(isStringArray(names.body.data)).toBe(true);
    expect(names.body.data).toContain('up');
    for (const params of [{}, { limit: '40000' }] as Record<string, string>[]) {
      const m = await get('/api/v1/metadata', params);
      expect(m.status).toBe(200);
      const entries = Object.entries(m.body.data as Record<string, Array<{ type: string; help: string; unit: string }>>);
      expect(entries.length).toBeGreaterThan(10);
      for (const [, list] of entries) for (const md of list) expect(Object.keys(md).sort()).toEqual(['help', 'type', 'unit']);
    }
    const labels = await get('/api/v1/labels', window());
    expect(labels.body.data).toEqual(expect.arrayContaining(['__name__', 'instance', 'job']));
    const matched = await get('/api/v1/labels', { ...window(), 'match[]': '{__name__=~".+",}' });
    expect(matched.body.data).toEqual(labels.body.data);
    const forUp = await get('/api/v1/labels', { ...window(), 'match[]': 'up' });
    expect(forUp.body.data).toEqual(['__name__', 'instance', 'job']);
    expect((await get('/api/v1/rules')).body).toEqual({ status: 'success', data: { groups: [] } });
    expect((await get('/api/v1/query_exemplars', { query: 'test', ...window() })).body).toEqual({ status: 'success', data: [] });
  });

  it('4: answers panel queries, range and instant, as form posts', async () => {
    const end = now();
    const r = await post('/api/v1/query_range', new URLSearchParams({ query: 'rate(prometheus_http_requests_total[1m])', start: String(end - 60), end: String(end), step: '15' }).toString());
    expect(r.status).toBe(200);
    expect(r.body.data.resultType).toBe('matrix');
    for (const s of r.body.data.result) {
      expect(typeof s.metric).toBe('object');
      for (const [t, v] of s.values) {
        expect(typeof t).toBe('number');
        expect(typeof v).toBe('string');
      }
    }
    const i = await post('/api/v1/query', new URLSearchParams({ query: 'up', time: String(end) }).toString());
    expect(i.body.data.resultType).toBe('vector');
    expect(i.body.data.result[0]).toEqual({ metric: { __name__: 'up', instance: expect.any(String), job: 'hearth' }, value: [end, '1'] });
  });

  it('5: answers template variable queries, U__-escaped names included', async () => {
    const v = await get('/api/v1/label/job/values', { ...window(), 'match[]': 'up' });
    expect(v.body.data).toEqual(['hearth']);
    expect((await get('/api/v1/label/U__job/values', { ...window(), 'match[]': 'up' })).body.data).toEqual(['hearth']);
    const s = await get('/api/v1/series', { ...window(), 'match[]': 'up' });
    expect(s.body.data).toEqual([{ __name__: 'up', instance: expect.any(String), job: 'hearth' }]);
  });

  it('lets Grafana fall back to GET: GET-only endpoints answer POST with 405', async () => {
    for (const path of ['/api/v1/label/job/values', '/api/v1/metadata', '/api/v1/rules', '/api/v1/alerts', '/api/v1/status/buildinfo']) {
      const r = await post(path, '');
      expect(r.status, path).toBe(405);
      expect((await get(path)).status, path).toBe(200);
    }
  });
});
