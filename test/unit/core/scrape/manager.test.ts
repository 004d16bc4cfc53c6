import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../electron/core/config/parse.js';
import { Labels } from '../../../../electron/core/model/labels.js';
import type { TargetGroupsByJob } from '../../../../electron/core/scrape/discovery/targetGroup.js';
import { ScrapeManager, globalUrlFunc, type FetchFn, type ScrapeRequest } from '../../../../electron/core/scrape/manager.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';
import { dumpStore } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groups(job: string, ...addrs: string[]): TargetGroupsByJob {
  return new Map([[job, [{ source: '0', targets: addrs.map((a) => Labels.fromObject({ __address__: a })), labels: Labels.EMPTY }]]]);
}

const managers: ScrapeManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

function setup(opts: { fetch?: FetchFn; skipOffset?: boolean; discovery?: null } = {}) {
  const store = new MemoryStorage();
  const requests: Array<ScrapeRequest & { at: number }> = [];
  const fetchImpl: FetchFn =
    opts.fetch ??
    (async (req) => {
      requests.push({ ...req, at: Date.now() });
      return { body: Buffer.from(`m{path="${new URL(req.url).pathname}"} 1\n`), contentType: 'text/plain; version=0.0.4' };
    });
  const m = new ScrapeManager({
    appendable: store,
    fetchImpl,
    skipOffset: opts.skipOffset ?? true,
    ...(opts.discovery === null ? { discovery: null } : {}),
  });
  managers.push(m);
  return { m, store, requests };
}

const cfg = (jobs: string, global = 'scrape_interval: 100ms, scrape_timeout: 100ms') =>
  parseConfig(`global: {${global}}\nscrape_configs:\n${jobs}`, 'test.yml');

describe('ScrapeManager', () => {
  it('builds pools from the config, discovers static targets and reports them for the API', async () => {
    const { m } = setup();
    m.applyConfig(
      cfg(`  - job_name: b
    static_configs: [{targets: ['h2:1'], labels: {env: prod}}]
  - job_name: a
    metrics_path: /x
    static_configs: [{targets: ['h1:1']}]
    relabel_configs:
      - source_labels: [__address__]
        regex: 'never'
        action: keep`),
    );
    expect(m.scrapePools()).toEqual(['a', 'b']);
    await sleep(150);
    const t = m.targets();
    expect(t.active).toHaveLength(1);
    expect(t.active[0]).toMatchObject({
      scrapePool: 'b',
      scrapeUrl: 'http://h2:1/metrics',
      globalUrl: 'http://h2:1/metrics',
      labels: { env: 'prod', instance: 'h2:1', job: 'b' },
      health: 'up',
      lastError: '',
      scrapeInterval: '100ms',
      scrapeTimeout: '100ms',
    });
    expect(t.active[0]!.discoveredLabels).toMatchObject({ __address__: 'h2:1', env: 'prod', job: 'b' });
    expect(t.active[0]!.lastScrape).toBeGreaterThan(0);
    expect(t.dropped).toEqual([
      {
        scrapePool: 'a',
        discoveredLabels: {
          __address__: 'h1:1',
          __metrics_path__: '/x',
          __scheme__: 'http',
          __scrape_interval__: '100ms',
          __scrape_timeout__: '100ms',
          job: 'a',
        },
      },
    ]);
    expect(t.droppedCounts).toEqual({ a: 1, b: 0 });
  });

  it('keeps unchanged pools running, reloads changed ones (keeping caches when allowed), stops removed ones', async () => {
    const { m } = setup({ discovery: null });
    const jobs = (limit: number) => `  - job_name: keep
  - job_name: change
    sample_limit: ${limit}
  - job_name: gone`;
    m.applyConfig(cfg(jobs(10)));
    const all = new Map([...groups('keep', 'k:1'), ...groups('change', 'c:1'), ...groups('gone', 'g:1')]);
    m.updateTargets(all);
    const keepLoop = m.pool('keep')!.loops()[0]!;
    const changeLoop = m.pool('change')!.loops()[0]!;
    m.applyConfig(cfg(jobs(10)));
    expect(m.pool('keep')!.loops()[0]).toBe(keepLoop);
    expect(m.pool('change')!.loops()[0]).toBe(changeLoop);
    m.applyConfig(cfg(jobs(20).replace('  - job_name: gone\n', '').replace(/\n  - job_name: gone$/, '')));
    expect(m.scrapePools()).toEqual(['change', 'keep']);
    expect(m.pool('keep')!.loops()[0]).toBe(keepLoop);
    const reloaded = m.pool('change')!.loops()[0]!;
    expect(reloaded).not.toBe(changeLoop);
    expect(reloaded.cache).toBe(changeLoop.cache);
  });

  it('target_limit makes every target of the pool fail', async () => {
    const { m, requests } = setup({ discovery: null });
    m.applyConfig(cfg('  - job_name: j\n    target_limit: 1'));
    m.updateTargets(groups('j', 'a:1', 'b:1'));
    await sleep(60);
    const t = m.targets().active;
    expect(t.map((x) => [x.health, x.lastError])).toEqual([
      ['down', 'target_limit exceeded (number of targets: 2, limit: 1)'],
      ['down', 'target_limit exceeded (number of targets: 2, limit: 1)'],
    ]);
    expect(requests).toHaveLength(0);
  });

  it('keep_dropped_targets limits the dropped list but counts them all', async () => {
    const { m } = setup({ discovery: null });
    m.applyConfig(
      cfg(`  - job_name: j
    keep_dropped_targets: 1
    relabel_configs:
      - action: drop
        source_labels: [__address__]
        regex: 'x.*'`),
    );
    m.updateTargets(groups('j', 'x1:1', 'x2:1', 'y:1'));
    const t = m.targets();
    expect(t.active).toHaveLength(1);
    expect(t.dropped).toHaveLength(1);
    expect(t.droppedCounts).toEqual({ j: 2 });
  });

  it('a target that goes away gets staleness markers about two intervals later', async () => {
    const { m, store } = setup({ discovery: null });
    m.applyConfig(cfg('  - job_name: j'));
    m.updateTargets(groups('j', 'a:1', 'b:1'));
    await sleep(130);
    m.updateTargets(groups('j', 'a:1'));
    await sleep(450);
    const rows = dumpStore(store);
    const b = rows.get('m{instance="b:1", job="j", path="/metrics"}')!;
    expect(b.at(-1)![1]).toBe('stale');
    expect(rows.get('up{instance="b:1", job="j"}')!.at(-1)![1]).toBe('stale');
    const a = rows.get('m{instance="a:1", job="j", path="/metrics"}')!;
    expect(a.every(([, v]) => v === 1)).toBe(true);
  });

  it('stop() waits for the scrape in flight to commit and writes no staleness markers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { m, store } = setup({
      discovery: null,
      fetch: async () => {
        await gate;
        return { body: Buffer.from('slow 1\n'), contentType: 'text/plain' };
      },
    });
    m.applyConfig(cfg('  - job_name: j', 'scrape_interval: 1s'));
    m.updateTargets(groups('j', 's:1'));
    await sleep(20);
    const stopped = m.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await sleep(20);
    expect(done).toBe(false);
    release();
    await stopped;
    const rows = dumpStore(store);
    expect(rows.get('slow{instance="s:1", job="j"}')).toHaveLength(1);
    await sleep(50);
    expect([...dumpStore(store).values()].flat().some(([, v]) => v === 'stale')).toBe(false);
    expect(() => m.applyConfig(cfg('  - job_name: j'))).toThrow('scrape manager is stopped');
  });

  it('spreads targets over the interval and keeps each on its grid', async () => {
    const { m, requests } = setup({ discovery: null, skipOffset: false });
    m.applyConfig(cfg('  - job_name: j', 'scrape_interval: 1s'));
    const addrs = Array.from({ length: 20 }, (_, i) => `h${i}:1`);
    m.updateTargets(groups('j', ...addrs));
    await sleep(2600);
    const byTarget = new Map<string, number[]>();
    for (const r of requests) byTarget.set(r.url, [...(byTarget.get(r.url) ?? []), r.at]);
    expect(byTarget.size).toBe(20);
    const phases = [...byTarget.values()].map((ts) => ts[0]! % 1000).sort((a, b) => a - b);
    expect(phases.at(-1)! - phases[0]!).toBeGreaterThan(500);
    for (const ts of byTarget.values()) {
      for (let i = 1; i < ts.length; i++) expect(Math.abs(ts[i]! - ts[i - 1]! - 1000)).toBeLessThan(250);
    }
  });

  it('counts scrapes for its own /metrics', async () => {
    const { m } = setup({ discovery: null });
    m.applyConfig(cfg('  - job_name: j'));
    m.updateTargets(groups('j', 'a:1'));
    await sleep(60);
    const s = m.stats();
    expect(s.scrapes).toBeGreaterThan(0);
    expect(s.pools).toEqual([{ pool: 'j', targets: 1 }]);
    const text = m.renderMetrics();
    expect(text).toContain('prometheus_target_scrape_pool_targets{scrape_job="j"} 1');
    expect(text).toMatch(/^hearth_scrapes_total [1-9]/m);
  });

  it('globalUrl replaces localhost by the external host, as Prometheus', () => {
    const g = globalUrlFunc({ externalUrl: 'https://hearth.example:8443/', listenPort: '9190' });
    expect(g('http://127.0.0.1:9100/metrics')).toBe('http://hearth.example:9100/metrics');
    expect(g('http://localhost:9190/metrics')).toBe('https://hearth.example:8443/metrics');
    expect(g('http://[::1]:9100/metrics?x=1')).toBe('http://hearth.example:9100/metrics?x=1');
    expect(g('http://db.lan:9100/metrics')).toBe('http://db.lan:9100/metrics');
  });

  it('writes failed scrapes to scrape_failure_log_file as JSON lines', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-failures-'));
    const file = path.join(dir, 'failures.log');
    try {
      const { m } = setup({ discovery: null, fetch: async () => Promise.reject(new Error('server returned HTTP status 500 Internal Server Error')) });
      m.applyConfig(cfg(`  - job_name: j\n    scrape_failure_log_file: ${file}`));
      m.updateTargets(groups('j', 'a:1'));
      await sleep(120);
      await m.stop();
      await sleep(20);
      const lines = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toMatchObject({ level: 'ERROR', msg: 'server returned HTTP status 500 Internal Server Error', job_name: 'j', target: 'http://a:1/metrics' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
