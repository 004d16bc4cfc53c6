/**
 * Alerts survive a crash: `hearth serve` scrapes a target and evaluates a rule file with an
 * alert that fires, one that stays pending (for: 1h) and one held by keep_firing_for after its
 * expression stopped returning; it is killed with SIGKILL twice and restarted on the same data
 * directory. After each restart the firing alert is firing from the first look on, with the same
 * activeAt (never pending again), the pending one kept its clock, the kept one is still held
 * since the same moment, the rules say they were restored, and the history
 * (/api/hearth/v1/alerts/history) holds each transition once, with none added by the restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist/electron/core/cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-restart-'));
const dataDir = join(tmp, 'data');

const RULES = `groups:
  - name: restart
    interval: 1s
    rules:
      - alert: Firing
        expr: hearth_test_value{kind="up"} > 0
        for: 2s
      - alert: Pending
        expr: hearth_test_value{kind="up"} > 0
        for: 1h
      - alert: Kept
        expr: hearth_test_value{kind="flap"} > 0
        keep_firing_for: 1h
`;

interface ApiAlert {
  labels: Record<string, string>;
  state: string;
  activeAt: string;
  keepFiringSince?: string;
}

let target: Server;
let flap = 1;
let child: ChildProcess | null = null;
let url = '';
let stderr = '';

async function get(path: string): Promise<any> {
  const res = await fetch(url + path);
  return res.json();
}

async function until<T>(f: () => Promise<T | undefined>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function alerts(): Promise<Map<string, ApiAlert>> {
  const r = await get('/api/v1/alerts');
  return new Map((r.data.alerts as ApiAlert[]).map((a) => [a.labels['alertname']!, a]));
}

function start(): Promise<void> {
  stderr = '';
  const p = spawn(process.execPath, [cli, 'serve', '--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${dataDir}`, `--config.file=${join(tmp, 'prometheus.yml')}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = p;
  p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<void>((ok, fail) => {
    let out = '';
    p.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) {
        url = m[1]!;
        ok();
      }
    });
    p.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

function kill9(): Promise<void> {
  const p = child!;
  return new Promise((ok) => {
    p.once('exit', (_code, signal) => {
      expect(signal).toBe('SIGKILL');
      ok();
    });
    p.kill('SIGKILL');
  });
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run node scripts/build.mjs first`);
  target = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
    res.end(`# TYPE hearth_test_value gauge\nhearth_test_value{kind="up"} 1\nhearth_test_value{kind="flap"} ${flap}\n`);
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  const port = (target.address() as AddressInfo).port;
  writeFileSync(join(tmp, 'rules.yml'), RULES);
  writeFileSync(
    join(tmp, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files:\n  - rules.yml\nscrape_configs:\n  - job_name: target\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`,
  );
  await start();
}, 30_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await new Promise<void>((r) => target.close(() => r()));
  rmSync(tmp, { recursive: true, force: true });
});

describe('alerts across kill -9', () => {
  it('keeps firing, pending and keep_firing_for alerts with their clocks, and their history', { timeout: 120_000 }, async () => {
    // Firing fired, Pending waits for its hour, Kept fired at once.
    await until(async () => {
      const a = await alerts();
      return a.get('Firing')?.state === 'firing' && a.get('Pending')?.state === 'pending' && a.get('Kept')?.state === 'firing' ? true : undefined;
    }, 'the three alerts');
    // Kept's expression stops returning: keep_firing_for holds it.
    flap = 0;
    const held = await until(async () => {
      const a = await alerts();
      return a.get('Kept')?.keepFiringSince ? a : undefined;
    }, 'Kept held by keep_firing_for');
    // One more evaluation, so that what the API showed is saved too.
    await new Promise((r) => setTimeout(r, 1_500));
    const before = await alerts();
    expect(before.get('Kept')).toMatchObject({ state: 'firing', keepFiringSince: held.get('Kept')!.keepFiringSince });
    const historyBefore = (await get('/api/hearth/v1/alerts/history')).data.entries as Array<{ rule: string; from: string; to: string; time: string }>;
    expect(historyBefore.map((e) => `${e.rule} ${e.from}->${e.to}`).sort()).toEqual(['Firing inactive->pending', 'Firing pending->firing', 'Kept inactive->firing', 'Pending inactive->pending']);

    for (let round = 0; round < 2; round++) {
      await kill9();
      await start();
      // From the first look on: never pending, never another clock.
      const seen: Array<Map<string, ApiAlert>> = [];
      const after = await until(async () => {
        const a = await alerts();
        seen.push(a);
        return a.size === 3 ? a : undefined;
      }, `the restored alerts (round ${round})`);
      for (const a of seen) {
        const f = a.get('Firing');
        if (f) expect(f, `round ${round}`).toMatchObject({ state: 'firing', activeAt: before.get('Firing')!.activeAt });
      }
      expect(after.get('Firing')).toMatchObject({ state: 'firing', activeAt: before.get('Firing')!.activeAt });
      expect(after.get('Pending')).toMatchObject({ state: 'pending', activeAt: before.get('Pending')!.activeAt });
      expect(after.get('Kept')).toMatchObject({ state: 'firing', activeAt: before.get('Kept')!.activeAt, keepFiringSince: before.get('Kept')!.keepFiringSince });

      // The rules say they were restored (a rule's health shows it).
      const rules = (await get('/api/v1/rules')).data.groups[0].rules as Array<{ name: string; restored?: { alerts: number } }>;
      for (const name of ['Firing', 'Pending', 'Kept']) expect(rules.find((r) => r.name === name)?.restored, `${name} restored`).toMatchObject({ alerts: 1 });

      // A few evaluations later: still the same, and no transition was added by the restart.
      await new Promise((r) => setTimeout(r, 2_500));
      const later = await alerts();
      for (const name of ['Firing', 'Pending', 'Kept']) expect(later.get(name), name).toMatchObject({ state: before.get(name)!.state, activeAt: before.get(name)!.activeAt });
      const history = (await get('/api/hearth/v1/alerts/history')).data.entries;
      expect(history, `round ${round}`).toEqual(historyBefore);
    }

    // Filters reach the same entries through the endpoint.
    const firingOnly = (await get('/api/hearth/v1/alerts/history?rule=Firing&state=firing')).data.entries;
    expect(firingOnly.map((e: { rule: string; to: string }) => `${e.rule} ${e.to}`)).toEqual(['Firing firing']);
  });
});
