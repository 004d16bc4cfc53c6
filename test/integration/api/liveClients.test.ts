/**
 * Prometheus 2.42 as a live client of Hearth, both ways at once:
 * - federation: Prometheus scrapes Hearth's /federate (honor_labels) and gets the very samples
 *   Hearth stored (same labels, timestamps and values);
 * - remote write: Prometheus scrapes itself and remote-writes into Hearth; after a few scrape
 *   intervals the same query on both servers returns the same series and values.
 * Both scrape at 1 s so the test takes seconds.
 */

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_PROMETHEUS, NO_PROMETHEUS_REASON, apiGet, freePort, pointsByLabels, startHearth, startPrometheus, tempDir, waitFor, type Proc } from './support.js';

let work = '';
let hearth: Proc | null = null;
let prom: Proc | null = null;

async function newest(base: string, selector: string): Promise<number> {
  const r = await apiGet(base, '/api/v1/query', { query: `timestamp(${selector})` });
  return r.data.result.length === 0 ? 0 : Number(r.data.result[0].value[1]) * 1000;
}

async function count(base: string, selector: string): Promise<number> {
  const r = await apiGet(base, '/api/v1/query', { query: `count_over_time(${selector}[1m])` });
  return r.data.result.length === 0 ? 0 : Number(r.data.result[0].value[1]);
}

describe.skipIf(!HAVE_PROMETHEUS)(HAVE_PROMETHEUS ? 'Prometheus federating from and remote-writing into Hearth' : NO_PROMETHEUS_REASON, () => {
  beforeAll(async () => {
    work = tempDir('hearth-live-');
    const hearthPort = await freePort();
    writeFileSync(
      join(work, 'hearth.yml'),
      `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: hearth\n    static_configs:\n      - targets: ['127.0.0.1:${hearthPort}']\n`,
    );
    hearth = await startHearth(join(work, 'hearth-data'), [`--config.file=${join(work, 'hearth.yml')}`, '--web.enable-remote-write-receiver'], hearthPort);
    const hp = new URL(hearth.url).host;
    const promPort = await freePort();
    prom = await startPrometheus(
      join(work, 'prom'),
      `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: prom
    static_configs:
      - targets: ['127.0.0.1:${promPort}']
  - job_name: federate
    honor_labels: true
    metrics_path: /federate
    params:
      'match[]': ['{job="hearth"}']
    static_configs:
      - targets: ['${hp}']
remote_write:
  - url: ${hearth.url}/api/v1/write
    queue_config:
      batch_send_deadline: 500ms
    # Only Prometheus's own samples: the federated ones are Hearth's already.
    write_relabel_configs:
      - source_labels: [job]
        regex: prom
        action: keep
`,
      [],
      promPort,
    );
    await waitFor(async () => (await count(prom!.url, 'up{job="federate"}')) >= 3 && (await count(hearth!.url, 'up{job="prom"}')) >= 4, 30_000, 'three federation scrapes and four remote-written scrapes');
  });

  afterAll(async () => {
    await prom?.stop();
    await hearth?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('Prometheus scraping /federate gets the samples Hearth stored', async () => {
    const up = await apiGet(prom!.url, '/api/v1/query', { query: 'up{job="federate"}' });
    expect(up.data.result[0].value[1]).toBe('1');
    // Under load a federation scrape can miss a sample committed just after it: compare again until stable.
    let problems: string[] = [];
    let compared = 0;
    let federated = 0;
    await waitFor(
      async () => {
        const t = Date.now() - 1000;
        const params = { query: '{job="hearth"}[10s]', time: String(t / 1000) };
        const [p, h] = await Promise.all([apiGet(prom!.url, '/api/v1/query', params), apiGet(hearth!.url, '/api/v1/query', params)]);
        const pp = pointsByLabels(p.data);
        const hp = pointsByLabels(h.data);
        const lastFederation = await newest(prom!.url, 'up{job="federate"}');
        problems = [];
        compared = 0;
        federated = pp.size;
        for (const [series, points] of pp) {
          const mine = new Map(hp.get(series) ?? []);
          if (mine.size === 0) problems.push(`series ${series} federated but not in Hearth`);
          for (const [ts, v] of points) {
            if (mine.get(ts) !== v) problems.push(`${series} @${ts}: Prometheus ${v}, Hearth ${mine.get(ts)}`);
            compared++;
          }
        }
        // Every series Hearth held well before the last federation scrape reached Prometheus.
        for (const [series, points] of hp) {
          if (points.some(([ts]) => ts < lastFederation - 1500) && !pp.has(series)) problems.push(`series ${series} not federated`);
        }
        return problems.length === 0;
      },
      15_000,
      'federated samples to match',
    ).catch(() => {});
    expect(problems).toEqual([]);
    expect(federated).toBeGreaterThan(50);
    expect(compared).toBeGreaterThan(federated);
  });

  it('Prometheus remote-writing into Hearth: the same query returns the same series and values', async () => {
    // Up to a time every remote-write batch has arrived for: two scrapes before the newest one
    // Hearth has; batches can still be in flight under load, so compare again until they agree.
    let pp = new Map<string, Array<[number, string]>>();
    let hp = new Map<string, Array<[number, string]>>();
    let t = 0;
    await waitFor(
      async () => {
        t = (await newest(hearth!.url, 'up{job="prom"}')) - 2000;
        const params = { query: '{job="prom"}[5s]', time: String(t / 1000) };
        const [p, h] = await Promise.all([apiGet(prom!.url, '/api/v1/query', params), apiGet(hearth!.url, '/api/v1/query', params)]);
        pp = pointsByLabels(p.data);
        hp = pointsByLabels(h.data);
        return JSON.stringify([...pp].sort()) === JSON.stringify([...hp].sort());
      },
      15_000,
      'remote-written samples to match',
    ).catch(() => {});
    expect(pp.size).toBeGreaterThan(100);
    expect([...hp.keys()].sort()).toEqual([...pp.keys()].sort());
    for (const [series, points] of pp) expect(hp.get(series), series).toEqual(points);

    // A computed query agrees too.
    const q = { query: 'sum by (job) (rate(prometheus_tsdb_head_samples_appended_total{job="prom"}[5s]))', time: String(t / 1000) };
    const [pr, hr] = await Promise.all([apiGet(prom!.url, '/api/v1/query', q), apiGet(hearth!.url, '/api/v1/query', q)]);
    expect(hr.data.result).toEqual(pr.data.result);
    const m = await (await fetch(`${hearth!.url}/metrics`)).text();
    expect(m).toMatch(/prometheus_http_requests_total\{code="204",handler="\/api\/v1\/write"\} [1-9]/);
  });
});
