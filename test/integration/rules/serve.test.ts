/**
 * The rule engine inside `hearth serve`: a rule file from prometheus.yml evaluated on its
 * interval, recording results and ALERTS written and queryable, the rules and alerts API live,
 * a reload with a broken rule file refused while the running rules go on, and a clean stop.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist/electron/core/cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-rules-'));

const RULES = `groups:
  - name: fast
    interval: 1s
    labels:
      team: infra
    rules:
      - record: hearth:one
        expr: vector(1) + 1
      - alert: AlwaysOn
        expr: hearth:one > 0
        labels:
          severity: page
        annotations:
          summary: always on
      - alert: NotYet
        expr: vector(1)
        for: 1h
`;

let child: ChildProcess;
let url = '';
let stderr = '';

async function get(path: string): Promise<any> {
  const res = await fetch(url + path);
  return res.headers.get('content-type')?.includes('json') ? res.json() : res.text();
}

async function until<T>(f: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out; stderr:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run node scripts/build.mjs first`);
  writeFileSync(join(tmp, 'rules.yml'), RULES);
  writeFileSync(join(tmp, 'prometheus.yml'), 'global:\n  evaluation_interval: 1s\n  external_labels:\n    site: lab\nrule_files:\n  - rules.yml\nscrape_configs: []\n');
  child = spawn(process.execPath, [cli, 'serve', '--web.listen-address=127.0.0.1:0', `--storage.tsdb.path=${join(tmp, 'data')}`, `--config.file=${join(tmp, 'prometheus.yml')}`, '--web.external-url=http://hearth.example:9190/'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+?)\/?\s/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
  });
}, 30_000);

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe('rules in hearth serve', () => {
  it('lists the rule flags with Prometheus\'s names and defaults', () => {
    const r = spawnSync(process.execPath, [cli, 'serve', '--help'], { cwd: root, encoding: 'utf8' });
    for (const f of ['--rules.alert.for-outage-tolerance=DURATION', '(default: 1h)', '--rules.alert.for-grace-period=DURATION', '(default: 10m)', '--rules.alert.resend-delay=DURATION', '(default: 1m)', '--rules.max-concurrent-evals=INT', '(default: 4)', '--web.external-url=URL']) {
      expect(r.stdout).toContain(f);
    }
    const bad = spawnSync(process.execPath, [cli, 'serve', '--rules.alert.resend-delay=soon'], { cwd: root, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("'--rules.alert.resend-delay'");
  });

  it('evaluates the rule file: recorded series, ALERTS, the rules and alerts API', { timeout: 30_000 }, async () => {
    const firing = await until(async () => {
      const r = await get('/api/v1/alerts');
      return r.data.alerts.find((a: { state: string; labels: { alertname: string } }) => a.state === 'firing' && a.labels.alertname === 'AlwaysOn');
    });
    expect(firing.labels).toEqual({ alertname: 'AlwaysOn', severity: 'page', team: 'infra' });
    expect(firing.annotations).toEqual({ summary: 'always on' });
    expect(firing.value).toBe('2e+00');

    // The alert may fire in the middle of the first evaluation: wait for one that evaluated every rule.
    const rules = await until(async () => {
      const r = await get('/api/v1/rules');
      return r.data.groups[0].rules.every((x: { health: string }) => x.health === 'ok') ? r : undefined;
    });
    const g = rules.data.groups[0];
    expect(g.name).toBe('fast');
    expect(g.file).toBe(join(tmp, 'rules.yml'));
    expect(g.interval).toBe(1);
    expect(g.rules.map((r: { name: string; health: string; type: string }) => [r.name, r.type, r.health])).toEqual([
      ['hearth:one', 'recording', 'ok'],
      ['AlwaysOn', 'alerting', 'ok'],
      ['NotYet', 'alerting', 'ok'],
    ]);
    expect(g.rules[2].state).toBe('pending');
    expect(g.rules[2].duration).toBe(3600);

    const recorded = await until(async () => {
      const r = await get('/api/v1/query?query=hearth:one');
      return r.data.result.length > 0 ? r.data.result : undefined;
    });
    expect(recorded[0].metric).toEqual({ __name__: 'hearth:one', team: 'infra' });
    expect(recorded[0].value[1]).toBe('2');

    const alerts = await until(async () => {
      const r = await get('/api/v1/query?query=ALERTS');
      return r.data.result.length >= 2 ? r.data.result : undefined;
    });
    const states = alerts.map((s: { metric: Record<string, string> }) => `${s.metric.alertname}/${s.metric.alertstate}`).sort();
    expect(states).toEqual(['AlwaysOn/firing', 'NotYet/pending']);

    const metrics = await get('/metrics');
    expect(metrics).toMatch(/prometheus_rule_evaluations_total\{rule_group=".*rules\.yml;fast"\} [1-9]/);
    expect(metrics).toMatch(/prometheus_rule_group_interval_seconds\{rule_group=".*rules\.yml;fast"\} 1/);
    expect(metrics).toMatch(/prometheus_rule_evaluation_duration_seconds_count [1-9]/);
  });

  it('refuses a reload with a broken rule file, naming file and line, and keeps evaluating', { timeout: 30_000 }, async () => {
    writeFileSync(join(tmp, 'rules.yml'), RULES.replace('expr: vector(1) + 1', 'expr: vector(1) +'));
    child.kill('SIGHUP');
    await until(async () => ((await get('/metrics')) as string).includes('prometheus_config_last_reload_successful 0') || undefined);
    expect(stderr).toMatch(/rules\.yml: \d+:\d+: /);
    const before = (await get('/api/v1/rules')).data.groups[0].lastEvaluation;
    await new Promise((r) => setTimeout(r, 2_500));
    const after = await get('/api/v1/rules');
    expect(after.data.groups[0].rules[0].query).toBe('vector(1) + 1');
    expect(after.data.groups[0].lastEvaluation).not.toBe(before);
  });

  it('reloads a fixed rule file, keeping the firing alert', { timeout: 30_000 }, async () => {
    const activeAt = (await get('/api/v1/alerts')).data.alerts.find((a: { labels: { alertname: string } }) => a.labels.alertname === 'AlwaysOn').activeAt;
    writeFileSync(join(tmp, 'rules.yml'), RULES.replace('summary: always on', 'summary: still on'));
    child.kill('SIGHUP');
    const a = await until(async () => {
      const r = await get('/api/v1/alerts');
      return r.data.alerts.find((x: { annotations: { summary: string } }) => x.annotations.summary === 'still on');
    });
    expect(a.state).toBe('firing');
    expect(a.activeAt).toBe(activeAt);
    expect(await get('/metrics')).toContain('prometheus_config_last_reload_successful 1');
  });

  it('stops cleanly on SIGTERM', { timeout: 20_000 }, async () => {
    const code = await new Promise<number | null>((ok) => {
      child.once('exit', (c) => ok(c));
      child.kill('SIGTERM');
    });
    expect(code, stderr).toBe(0);
  });
});
