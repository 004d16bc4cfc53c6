/**
 * The notifier against Debian's real Alertmanager (prometheus-alertmanager, whose binary is
 * /usr/bin/prometheus-alertmanager): one is started on a free loopback port with a minimal
 * config, its own storage directory and clustering off; Hearth's Notifier sends it a firing
 * alert, then the same alert resolved, and Alertmanager's own API (and amtool, when installed)
 * must show exactly what was sent, and its webhook receiver must deliver both the firing and
 * the resolved notification with Hearth's times. Beside it the config names an Alertmanager that refuses
 * connections and one that accepts and never answers: delivery to the real one must not wait
 * for them.
 *
 * Skipped, with the reason in its name, where the binary is not installed.
 */

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/core/config/index.js';
import { Labels } from '../../../electron/core/model/labels.js';
import { Notifier } from '../../../electron/core/notify/alertmanager/index.js';
import type { NotifierAlert } from '../../../electron/core/rules/types.js';
import { ALERTMANAGER_BIN, ALERTMANAGER_SKIP_REASON, freePort, until as untilDone } from './support.js';

const BIN = ALERTMANAGER_BIN;
const AMTOOL = existsSync('/usr/bin/amtool') ? '/usr/bin/amtool' : undefined;
const SKIP_REASON = ALERTMANAGER_SKIP_REASON;
const until = <T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> => untilDone(what, fn, ms, 50);

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  status: { state: string };
}

describe.skipIf(!BIN)(`Notifier against Debian's Alertmanager${BIN ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  let proc: ChildProcess | undefined;
  let stderr = '';
  let dir = '';
  let amURL = '';
  let hanging: Server;
  const hangingSockets = new Set<Socket>();
  let hangingAddr = '';
  let refusedAddr = '';
  let notifier: Notifier;
  let webhook: http.Server;
  const notifications: Array<{ status: string; alerts: Array<AmAlert & { status: string }> }> = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-am-'));
    // Alertmanager's webhook receiver reports what it would notify, resolved alerts included.
    webhook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        notifications.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
    const hookURL = `http://127.0.0.1:${(webhook.address() as { port: number }).port}/hook`;
    writeFileSync(
      path.join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: hook',
        '  group_by: [alertname]',
        '  group_wait: 0s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: hook',
        `    webhook_configs: [{url: "${hookURL}", send_resolved: true}]`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    amURL = `http://127.0.0.1:${port}`;
    proc = spawn(
      BIN!,
      [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    proc.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    await until(`Alertmanager to be ready on ${amURL} (stderr: ${stderr})`, async () => ((await fetch(`${amURL}/-/ready`)).ok ? true : undefined));

    // An Alertmanager that accepts connections and never answers, and an address nothing listens on.
    hanging = createServer((s) => {
      hangingSockets.add(s);
      s.on('close', () => hangingSockets.delete(s));
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    hangingAddr = `127.0.0.1:${(hanging.address() as { port: number }).port}`;
    refusedAddr = `127.0.0.1:${await freePort()}`;

    notifier = new Notifier({ drainTimeoutMs: 500 });
    notifier.applyConfig(
      parseConfig(
        `
global:
  external_labels: {cluster: home}
alerting:
  alertmanagers:
  - timeout: 30s
    static_configs:
    - targets: ["${hangingAddr}", "${refusedAddr}", "127.0.0.1:${port}"]
`,
        path.join(dir, 'prometheus.yml'),
      ),
    );
  });

  afterAll(async () => {
    await notifier?.stop();
    for (const s of hangingSockets) s.destroy();
    await new Promise((r) => hanging?.close(r));
    webhook?.closeAllConnections();
    await new Promise((r) => webhook?.close(r));
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const startsAtMs = Math.floor(Date.now() / 1000) * 1000 - 60_000;
  const firing: NotifierAlert = {
    labels: Labels.fromObject({ alertname: 'HearthDiskFull', severity: 'page', instance: 'nas:9100' }),
    annotations: Labels.fromObject({ summary: 'Disk on nas is 97% full', runbook: 'https://example.org/disk' }),
    startsAtMs,
    endsAtMs: startsAtMs + 60_000 + 4 * 60_000,
    generatorURL: 'http://127.0.0.1:9190/graph?g0.expr=disk_used%20%3E%200.95&g0.tab=1',
  };

  async function ours(): Promise<AmAlert | undefined> {
    const res = await fetch(`${amURL}/api/v2/alerts?filter=${encodeURIComponent('alertname="HearthDiskFull"')}`);
    const list = (await res.json()) as AmAlert[];
    return list[0];
  }

  it('delivers a firing alert with its labels, annotations, times and generatorURL, despite the dead Alertmanagers', async () => {
    const t0 = Date.now();
    notifier.send([firing]);
    const got = await until('the alert to reach Alertmanager', ours, 5000);
    // The hanging Alertmanager has 30 s to answer; the real one must not wait for it.
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(got.labels).toEqual({ alertname: 'HearthDiskFull', severity: 'page', instance: 'nas:9100', cluster: 'home' });
    expect(got.annotations).toEqual({ summary: 'Disk on nas is 97% full', runbook: 'https://example.org/disk' });
    expect(Date.parse(got.startsAt)).toBe(firing.startsAtMs);
    expect(Date.parse(got.endsAt)).toBe(firing.endsAtMs);
    expect(got.generatorURL).toBe(firing.generatorURL);
    expect(got.status.state).toBe('active');
    // The hanging Alertmanager really was sent to, and is still holding its request.
    expect(hangingSockets.size).toBeGreaterThan(0);

    const m = notifier.renderMetrics();
    expect(m).toContain(`prometheus_notifications_sent_total{alertmanager="${amURL}/api/v2/alerts"} 1`);
    expect(m).toContain('prometheus_notifications_alertmanagers_discovered 3');
    await until('the refused Alertmanager to count an error', async () =>
      notifier.renderMetrics().includes(`prometheus_notifications_errors_total{alertmanager="http://${refusedAddr}/api/v2/alerts"} 1`) ? true : undefined,
    );
    expect(notifier.renderMetrics()).toContain(`prometheus_notifications_queue_length{alertmanager="http://${hangingAddr}/api/v2/alerts"} 0`);
  });

  it.skipIf(!AMTOOL)(`amtool sees the same alert${AMTOOL ? '' : ' (skipped: /usr/bin/amtool is not installed)'}`, async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(AMTOOL!, ['alert', 'query', `--alertmanager.url=${amURL}`, '-o', 'json', 'alertname=HearthDiskFull'], (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const list = JSON.parse(out) as AmAlert[];
    expect(list.map((a) => [a.labels.alertname, a.labels.cluster, a.annotations.summary])).toEqual([['HearthDiskFull', 'home', 'Disk on nas is 97% full']]);
  });

  it('resolves the alert when it is sent again with endsAt in the past', async () => {
    const resolvedAt = Date.now() - 1000;
    notifier.send([{ ...firing, endsAtMs: resolvedAt }]);
    // Alertmanager's API lists only unresolved alerts by default: a resolved one drops out.
    await until('the alert to be resolved', async () => ((await ours()) === undefined ? true : undefined), 5000);
    const resolved = await until('the resolved notification', async () => notifications.find((n) => n.status === 'resolved'), 10_000);
    const a = resolved.alerts[0]!;
    expect(a.status).toBe('resolved');
    expect(a.labels).toEqual({ alertname: 'HearthDiskFull', severity: 'page', instance: 'nas:9100', cluster: 'home' });
    expect(Date.parse(a.startsAt)).toBe(firing.startsAtMs);
    expect(Date.parse(a.endsAt)).toBe(resolvedAt);
    expect(a.generatorURL).toBe(firing.generatorURL);
    const fired = notifications.find((n) => n.status === 'firing');
    expect(fired?.alerts[0]?.annotations.summary).toBe('Disk on nas is 97% full');
    expect(notifier.renderMetrics()).toContain(`prometheus_notifications_sent_total{alertmanager="${amURL}/api/v2/alerts"} 2`);
  });
});
