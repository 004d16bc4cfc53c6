/**
 * End to end: `hearth serve` with a rule file and an `alerting` section sends its alerts to
 * Debian's real Alertmanager, as Prometheus does. The alert arrives once it fires (never while
 * pending) with external labels, expanded annotations and a generatorURL on Hearth's graph
 * page; /api/v1/alertmanagers lists the Alertmanager; the prometheus_notifications_* metrics
 * count what was sent; and when the rule file is changed so the alert ends, Alertmanager
 * learns it resolved.
 *
 * Skipped, with the reason in its name, where the binary is not installed.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHearth, tempDir, type Proc } from '../api/support.js';
import { ALERTMANAGER_BIN, ALERTMANAGER_SKIP_REASON, freePort, until as untilDone } from './support.js';

const BIN = ALERTMANAGER_BIN;
const SKIP_REASON = ALERTMANAGER_SKIP_REASON;
const until = <T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> => untilDone(what, fn, ms, 100);

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  status: { state: string };
}

const rules = (expr: string) => `groups:
  - name: e2e
    interval: 1s
    rules:
      - alert: HearthSelfUp
        expr: ${expr}
        for: 2s
        labels: {severity: info}
        annotations:
          summary: "{{ $labels.job }} is up, value {{ $value }}, site {{ $externalLabels.site }}"
`;

describe.skipIf(!BIN)(`hearth serve sending to Debian's Alertmanager${BIN ? '' : ` (skipped: ${SKIP_REASON})`}`, () => {
  const dir = tempDir('hearth-serve-am-');
  let am: ChildProcess | undefined;
  let amURL = '';
  let hearth: Proc | null = null;
  let hearthPort = 0;

  beforeAll(async () => {
    const amPort = await freePort();
    amURL = `http://127.0.0.1:${amPort}`;
    writeFileSync(path.join(dir, 'alertmanager.yml'), 'route:\n  receiver: none\nreceivers:\n  - name: none\n');
    am = spawn(BIN!, [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=', '--log.level=warn'], {
      stdio: 'ignore',
    });
    await until('Alertmanager to be ready', async () => ((await fetch(`${amURL}/-/ready`)).ok ? true : undefined));
    hearthPort = await freePort();
    writeFileSync(path.join(dir, 'rules.yml'), rules('up{job="self"} == 1'));
    writeFileSync(
      path.join(dir, 'prometheus.yml'),
      `global:
  scrape_interval: 1s
  evaluation_interval: 1s
  external_labels: {site: lab}
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - static_configs: [{targets: ['127.0.0.1:${amPort}']}]
scrape_configs:
  - job_name: self
    static_configs: [{targets: ['127.0.0.1:${hearthPort}']}]
`,
    );
    hearth = await startHearth(path.join(dir, 'data'), [`--config.file=${path.join(dir, 'prometheus.yml')}`, '--rules.alert.resend-delay=1s'], hearthPort);
  }, 60_000);

  afterAll(async () => {
    await hearth?.stop();
    am?.kill('SIGTERM');
  });

  const amAlerts = async (): Promise<AmAlert[]> => (await (await fetch(`${amURL}/api/v2/alerts?active=true&silenced=true&inhibited=true&unprocessed=true`)).json()) as AmAlert[];

  it('sends the alert once it fires, with external labels, annotations and a generatorURL', async () => {
    // Pending for two seconds first: nothing may reach Alertmanager before it fires.
    const pending = await until('the alert to be pending', async () => {
      const r = (await (await fetch(`${hearth!.url}/api/v1/alerts`)).json()) as { data: { alerts: Array<{ state: string }> } };
      return r.data.alerts.find((a) => a.state === 'pending');
    });
    expect(pending).toBeDefined();
    expect(await amAlerts()).toEqual([]);
    const got = await until('the alert at Alertmanager', async () => (await amAlerts()).find((a) => a.labels['alertname'] === 'HearthSelfUp'));
    expect(got.labels).toEqual({ alertname: 'HearthSelfUp', instance: `127.0.0.1:${hearthPort}`, job: 'self', severity: 'info', site: 'lab' });
    expect(got.annotations).toEqual({ summary: 'self is up, value 1, site lab' });
    expect(got.generatorURL).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${hearthPort}/graph\\?g0\\.expr=.*&g0\\.tab=1$`));
    expect(decodeURIComponent(got.generatorURL.split('g0.expr=')[1]!.split('&')[0]!.replace(/\+/g, ' '))).toBe('up{job="self"} == 1');
    expect(Date.parse(got.endsAt)).toBeGreaterThan(Date.now());

    const ams = (await (await fetch(`${hearth!.url}/api/v1/alertmanagers`)).json()) as { data: { activeAlertmanagers: Array<{ url: string }> } };
    expect(ams.data.activeAlertmanagers).toEqual([{ url: `${amURL}/api/v2/alerts` }]);
    const metrics = await (await fetch(`${hearth!.url}/metrics`)).text();
    const sent = /^prometheus_notifications_sent_total\{[^}]*\} (\d+)/m.exec(metrics);
    expect(Number(sent?.[1])).toBeGreaterThan(0);
  });

  it('tells Alertmanager the alert resolved when the rule stops matching', async () => {
    writeFileSync(path.join(dir, 'rules.yml'), rules('up{job="self"} == 2'));
    const r = await fetch(`${hearth!.url}/-/reload`, { method: 'POST', headers: { Authorization: `Bearer ${readFileSync(path.join(dir, 'data', 'token'), 'utf8').trim()}` } });
    expect(r.status).toBe(200);
    // A resolved alert is sent with endsAt at its resolution; Alertmanager then stops listing it as active.
    await until('the alert to be resolved at Alertmanager', async () => ((await amAlerts()).some((a) => a.labels['alertname'] === 'HearthSelfUp') ? undefined : true));
  });
});
