/** The discovery manager with static_configs, file_sd_configs (temp dir) and http_sd_configs (local server). */

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../../electron/core/config/index.js';
import { DiscoveryManager, type TargetGroupsByJob } from '../../../../../electron/core/scrape/discovery/index.js';
import type { Logger, LogFields } from '../../../../../electron/core/log.js';

function memoryLogger(lines: string[]): Logger {
  const log = (level: string) => (msg: string, f?: LogFields) => lines.push(`${level} ${msg} ${JSON.stringify(f ?? {})}`);
  const l: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), with: () => l };
  return l;
}

/** Collects updates; `next(pred)` waits for the first update (already seen or future) satisfying pred. */
function collector(m: DiscoveryManager) {
  const updates: TargetGroupsByJob[] = [];
  const waiters: Array<{ pred: (u: TargetGroupsByJob) => boolean; resolve: (u: TargetGroupsByJob) => void }> = [];
  m.onUpdate((u) => {
    updates.push(u);
    for (const w of [...waiters]) {
      if (w.pred(u)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(u);
      }
    }
  });
  return {
    updates,
    next(pred: (u: TargetGroupsByJob) => boolean, timeoutMs = 3000): Promise<TargetGroupsByJob> {
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('timed out waiting for a discovery update')), timeoutMs);
        waiters.push({ pred, resolve: (u) => (clearTimeout(t), resolve(u)) });
      });
    },
  };
}

/** job → sorted addresses, for compact assertions. */
function addrs(u: TargetGroupsByJob, job: string): string[] {
  return (u.get(job) ?? []).flatMap((g) => g.targets.map((t) => t.get('__address__'))).sort();
}

const jobs = (yaml: string, dir = '/') => parseConfig(yaml, path.join(dir, 'prometheus.yml')).scrapeConfigs;

let manager: DiscoveryManager;
let tmp: string;
let logs: string[];

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-sd-'));
  logs = [];
  manager = new DiscoveryManager({ updateIntervalMs: 0, fileWatchDebounceMs: 10, logger: memoryLogger(logs) });
});

afterEach(async () => {
  await manager.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('static_configs', () => {
  it('yields one group per entry, sources by position, labels kept', async () => {
    const c = collector(manager);
    manager.applyConfig(
      jobs('scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [h1:1, h2:2]\n        labels: {env: prod}\n      - targets: [h3:3]\n  - job_name: empty\n'),
    );
    const u = await c.next(() => true);
    const groups = u.get('a')!;
    expect(groups.map((g) => [g.source, g.targets.map((t) => t.toObject()), g.labels.toObject()])).toEqual([
      ['0', [{ __address__: 'h1:1' }, { __address__: 'h2:2' }], { env: 'prod' }],
      ['1', [{ __address__: 'h3:3' }], {}],
    ]);
    expect(u.get('empty')).toEqual([]);
    expect(manager.targetGroups().get('a')).toHaveLength(2);
  });

  it('applyConfig replaces jobs: removed jobs disappear, changed targets update', async () => {
    const c = collector(manager);
    manager.applyConfig(jobs('scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [h1:1]}]\n  - job_name: b\n    static_configs: [{targets: [x:1]}]\n'));
    await c.next((u) => addrs(u, 'a').length === 1);
    manager.applyConfig(jobs('scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [h9:9]}]\n'));
    const u = await c.next((u) => !u.has('b'));
    expect(addrs(u, 'a')).toEqual(['h9:9']);
    expect([...u.keys()]).toEqual(['a']);
  });
});

describe('file_sd_configs', () => {
  const cfgFor = (files: string[], refresh = '5m') =>
    jobs(`scrape_configs:\n  - job_name: files\n    file_sd_configs:\n      - files: ${JSON.stringify(files)}\n        refresh_interval: ${refresh}\n`, tmp);

  it('reads JSON and YAML files matched by a glob, with __meta_filepath and sources per file', async () => {
    fs.writeFileSync(path.join(tmp, 'a.json'), JSON.stringify([{ targets: ['a:1', 'a:2'], labels: { team: 'x' } }]));
    fs.writeFileSync(path.join(tmp, 'b.yml'), '- targets: [b:1]\n- targets: [b:2]\n  labels: {team: y}\n');
    fs.writeFileSync(path.join(tmp, 'ignored.txt'), 'not matched');
    const c = collector(manager);
    manager.applyConfig(cfgFor(['*.json', '*.yml']));
    const u = await c.next((u) => addrs(u, 'files').length === 4);
    expect(addrs(u, 'files')).toEqual(['a:1', 'a:2', 'b:1', 'b:2']);
    const groups = u.get('files')!;
    expect(groups.map((g) => g.source).sort()).toEqual([`${tmp}/a.json:0`, `${tmp}/b.yml:0`, `${tmp}/b.yml:1`]);
    const b1 = groups.find((g) => g.source === `${tmp}/b.yml:1`)!;
    expect(b1.labels.toObject()).toEqual({ team: 'y', __meta_filepath: `${tmp}/b.yml` });
  });

  it('follows writes, changes and deletions through the file watch', async () => {
    const file = path.join(tmp, 'targets.json');
    fs.writeFileSync(file, JSON.stringify([{ targets: ['one:1'] }]));
    const c = collector(manager);
    manager.applyConfig(cfgFor(['*.json']));
    await c.next((u) => addrs(u, 'files').join() === 'one:1');

    fs.writeFileSync(file, JSON.stringify([{ targets: ['one:1', 'two:2'] }]));
    await c.next((u) => addrs(u, 'files').join() === 'one:1,two:2');

    const other = path.join(tmp, 'more.json');
    fs.writeFileSync(other, JSON.stringify([{ targets: ['three:3'] }]));
    await c.next((u) => addrs(u, 'files').join() === 'one:1,three:3,two:2');

    fs.unlinkSync(file);
    const u = await c.next((u) => addrs(u, 'files').join() === 'three:3');
    expect(u.get('files')!.map((g) => g.source)).toEqual([`${other}:0`]);
  });

  it('a file that stops parsing keeps its previous targets and logs the error', async () => {
    const file = path.join(tmp, 'targets.yml');
    fs.writeFileSync(file, '- targets: [good:1]\n');
    const c = collector(manager);
    manager.applyConfig(cfgFor(['targets.yml']));
    await c.next((u) => addrs(u, 'files').join() === 'good:1');

    fs.writeFileSync(file, '- targats: [typo:1]\n');
    await waitFor(() => logs.some((l) => l.startsWith('error Error reading file') && l.includes('field targats not found')));
    expect(addrs(manager.targetGroups(), 'files')).toEqual(['good:1']);

    fs.writeFileSync(file, '- targets: [fixed:1]\n');
    await c.next((u) => addrs(u, 'files').join() === 'fixed:1');
  });

  it('picks up files on the refresh interval even without watch events', async () => {
    const sub = path.join(tmp, 'later');
    const c = collector(manager);
    manager.applyConfig(cfgFor([path.join(sub, '*.json')], '100ms'));
    await c.next((u) => u.has('files'));
    // The directory does not exist yet, so nothing watches it: only the periodic refresh can see it.
    fs.mkdirSync(sub);
    fs.writeFileSync(path.join(sub, 't.json'), JSON.stringify([{ targets: ['late:1'] }]));
    await c.next((u) => addrs(u, 'files').join() === 'late:1');
  });
});

describe('http_sd_configs', () => {
  let server: http.Server;
  let url: string;
  let respond: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const requests: http.IncomingHttpHeaders[] = [];

  beforeEach(async () => {
    requests.length = 0;
    server = http.createServer((req, res) => {
      requests.push(req.headers);
      respond(req, res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sd`;
  });

  afterEach(async () => {
    await new Promise((r) => server.close(r));
  });

  const json = (body: unknown) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const cfgFor = (extra = '') =>
    jobs(`scrape_configs:\n  - job_name: web\n    http_sd_configs:\n      - url: ${url}\n        refresh_interval: 100ms\n${extra}`);

  it('fetches groups with __meta_url, sends Prometheus headers and auth', async () => {
    respond = json([{ targets: ['w1:80', 'w2:80'], labels: { dc: 'a' } }]);
    const c = collector(manager);
    manager.applyConfig(cfgFor('        basic_auth: {username: u, password: p}\n'));
    const u = await c.next((u) => addrs(u, 'web').length === 2);
    const [g] = u.get('web')!;
    expect(g!.source).toBe(`${url}:0`);
    expect(g!.labels.toObject()).toEqual({ dc: 'a', __meta_url: url });
    expect(requests[0]!['x-prometheus-refresh-interval-seconds']).toBe('0');
    expect(requests[0]!['accept']).toBe('application/json');
    expect(requests[0]!['authorization']).toBe('Basic ' + Buffer.from('u:p').toString('base64'));
  });

  it('refreshes: removed groups disappear, a failing refresh keeps the last targets', async () => {
    respond = json([{ targets: ['a:1'] }, { targets: ['b:1'] }]);
    const c = collector(manager);
    manager.applyConfig(cfgFor());
    await c.next((u) => addrs(u, 'web').join() === 'a:1,b:1');

    respond = json([{ targets: ['a:1'] }]);
    await c.next((u) => addrs(u, 'web').join() === 'a:1');

    respond = (_req, res) => {
      res.writeHead(500);
      res.end('boom');
    };
    await waitFor(() => logs.some((l) => l.includes('Unable to refresh target groups') && l.includes('500')));
    expect(addrs(manager.targetGroups(), 'web')).toEqual(['a:1']);

    respond = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('[]');
    };
    await waitFor(() => logs.some((l) => l.includes('unsupported content type')));
    expect(addrs(manager.targetGroups(), 'web')).toEqual(['a:1']);
  });

  it('ready() resolves after the first fetch', async () => {
    respond = json([{ targets: ['r:1'] }]);
    manager.applyConfig(cfgFor());
    await manager.ready();
    expect(addrs(manager.targetGroups(), 'web')).toEqual(['r:1']);
  });
});

describe('lifecycle', () => {
  it('stop() leaves no timers or watchers running and silences listeners', async () => {
    fs.writeFileSync(path.join(tmp, 't.json'), JSON.stringify([{ targets: ['x:1'] }]));
    const c = collector(manager);
    manager.applyConfig(jobs(`scrape_configs:\n  - job_name: f\n    file_sd_configs: [{files: ['*.json'], refresh_interval: 50ms}]\n`, tmp));
    await c.next((u) => addrs(u, 'f').length === 1);
    await manager.stop();
    const before = c.updates.length;
    fs.writeFileSync(path.join(tmp, 't.json'), JSON.stringify([{ targets: ['y:1'] }]));
    await new Promise((r) => setTimeout(r, 200));
    expect(c.updates.length).toBe(before);
    expect(() => manager.applyConfig([])).toThrow('discovery manager is stopped');
  });

  it('a reload that keeps a discovery does not restart it', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('[{"targets":["k:1"]}]');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const u = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const yaml = `scrape_configs:\n  - job_name: j\n    http_sd_configs: [{url: "${u}", refresh_interval: 1h}]\n`;
    manager.applyConfig(jobs(yaml));
    await manager.ready();
    manager.applyConfig(jobs(yaml + '  - job_name: other\n'));
    await manager.ready();
    expect(hits).toBe(1);
    expect(addrs(manager.targetGroups(), 'j')).toEqual(['k:1']);
    await manager.stop();
    await new Promise((r) => server.close(r));
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('update pacing', () => {
  it('coalesces provider updates within updateIntervalMs but announces a new config at once', async () => {
    const m = new DiscoveryManager({ updateIntervalMs: 60_000 });
    try {
      const c = collector(m);
      m.applyConfig(jobs('scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [a:1]}]\n'));
      await c.next((u) => addrs(u, 'a').join() === 'a:1');
      const t0 = Date.now();
      m.applyConfig(jobs('scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [a:2]}]\n'));
      await c.next((u) => addrs(u, 'a').join() === 'a:2');
      expect(Date.now() - t0).toBeLessThan(1000);
    } finally {
      await m.stop();
    }
  });
});
