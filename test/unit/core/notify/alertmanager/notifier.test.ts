/**
 * The Notifier end to end with a recording transport: configs from prometheus.yml text,
 * discovery (static and file_sd), both relabelling stages, external labels, concurrency
 * between Alertmanagers, reloads, metrics and the bounded stop.
 */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../../electron/core/config/index.js';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { Notifier, NotifierOptionError, type NotifierOptions, type PostFunc } from '../../../../../electron/core/notify/alertmanager/index.js';
import type { NotifierAlert } from '../../../../../electron/core/rules/types.js';

const L = (o: Record<string, string>) => Labels.fromObject(o);
const alert = (labels: Record<string, string>, startsAtMs = Date.UTC(2026, 0, 1)): NotifierAlert => ({
  labels: L(labels),
  annotations: L({ summary: 's' }),
  startsAtMs,
  endsAtMs: startsAtMs + 240_000,
  generatorURL: 'http://hearth/graph',
});

interface Received {
  url: string;
  alerts: Array<{ labels: Record<string, string>; annotations?: Record<string, string>; startsAt: string; endsAt: string; generatorURL?: string }>;
}

/** A transport that records what each URL received; `slow` URLs never answer (until aborted). */
function transport(behaviour: (url: string) => 'ok' | 'fail' | 'hang' = () => 'ok') {
  const received: Received[] = [];
  const post: PostFunc = (url, body, signal) => {
    received.push({ url, alerts: JSON.parse(body.toString()) });
    const b = behaviour(url);
    if (b === 'ok') return Promise.resolve({ status: 200, statusText: '200 OK' });
    if (b === 'fail') return Promise.resolve({ status: 500, statusText: '500 Internal Server Error' });
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
  };
  return { received, post, to: (url: string) => received.filter((r) => r.url === url).flatMap((r) => r.alerts) };
}

const notifiers: Notifier[] = [];
function notifier(opts: NotifierOptions): Notifier {
  const n = new Notifier({ drainTimeoutMs: 200, ...opts });
  notifiers.push(n);
  return n;
}
afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((n) => n.stop()));
});

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await tick();
  }
}

const config = (yaml: string, file = '/etc/prometheus/prometheus.yml') => parseConfig(yaml, file);

describe('Notifier', () => {
  it('posts the alerts to every static Alertmanager, with external labels and both relabel stages', async () => {
    const t = transport();
    const n = notifier({ post: t.post });
    n.applyConfig(
      config(`
global:
  external_labels: {cluster: home, env: prod}
alerting:
  alert_relabel_configs:
  - {source_labels: [severity], regex: debug, action: drop}
  - {target_label: via, replacement: global}
  alertmanagers:
  - static_configs: [{targets: ["a:9093", "b:9093"]}]
  - path_prefix: /am
    static_configs: [{targets: ["c:9093"]}]
    alert_relabel_configs:
    - {source_labels: [team], regex: db, action: keep}
`),
    );
    expect(n.alertmanagers()).toEqual({
      active: ['http://a:9093/api/v2/alerts', 'http://b:9093/api/v2/alerts', 'http://c:9093/am/api/v2/alerts'],
      dropped: [],
    });
    n.send([alert({ alertname: 'Disk', team: 'db', env: 'dev' }), alert({ alertname: 'Noise', severity: 'debug' }), alert({ alertname: 'Web', team: 'web' })]);
    await until(() => t.received.length === 3);
    for (const url of ['http://a:9093/api/v2/alerts', 'http://b:9093/api/v2/alerts']) {
      expect(t.to(url).map((a) => a.labels)).toEqual([
        { alertname: 'Disk', cluster: 'home', env: 'dev', team: 'db', via: 'global' },
        { alertname: 'Web', cluster: 'home', env: 'prod', team: 'web', via: 'global' },
      ]);
    }
    expect(t.to('http://c:9093/am/api/v2/alerts').map((a) => a.labels.alertname)).toEqual(['Disk']);
    const first = t.to('http://a:9093/api/v2/alerts')[0]!;
    expect(first).toMatchObject({ annotations: { summary: 's' }, startsAt: '2026-01-01T00:00:00.000Z', endsAt: '2026-01-01T00:04:00.000Z', generatorURL: 'http://hearth/graph' });
  });

  it('returns from send() at once and sends nothing before a config names Alertmanagers', () => {
    const t = transport();
    const n = notifier({ post: t.post });
    n.send([alert({ alertname: 'A' })]);
    n.applyConfig(config('alerting: {alertmanagers: []}'));
    n.send([alert({ alertname: 'A' })]);
    expect(t.received).toEqual([]);
    expect(n.alertmanagers()).toEqual({ active: [], dropped: [] });
  });

  it('lists Alertmanagers that relabelling drops, and does not send to them', async () => {
    const t = transport();
    const n = notifier({ post: t.post });
    n.applyConfig(
      config(`
alerting:
  alertmanagers:
  - static_configs: [{targets: ["keep:9093", "drop:9093"]}]
    relabel_configs: [{source_labels: [__address__], regex: "drop:.*", action: drop}]
`),
    );
    expect(n.alertmanagers()).toEqual({ active: ['http://keep:9093/api/v2/alerts'], dropped: ['http://drop:9093/api/v2/alerts'] });
    n.send([alert({ alertname: 'A' })]);
    await until(() => t.received.length === 1);
    await tick(20);
    expect(t.received.map((r) => r.url)).toEqual(['http://keep:9093/api/v2/alerts']);
  });

  it('deduplicates an Alertmanager listed twice in one entry', () => {
    const n = notifier({ post: transport().post });
    n.applyConfig(config('alerting: {alertmanagers: [{static_configs: [{targets: ["a:1"]}, {targets: ["a:1"]}]}]}'));
    expect(n.alertmanagers().active).toEqual(['http://a:1/api/v2/alerts']);
  });

  it('discovers Alertmanagers from file_sd files and follows their changes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-notifier-'));
    try {
      const file = path.join(dir, 'am.json');
      fs.writeFileSync(file, JSON.stringify([{ targets: ['one:9093'], labels: { dc: 'x' } }]));
      const t = transport();
      const n = notifier({ post: t.post, discoveryUpdateIntervalMs: 0, fileWatchDebounceMs: 5 });
      n.applyConfig(
        config(
          `
alerting:
  alertmanagers:
  - scheme: https
    file_sd_configs: [{files: ["*.json"], refresh_interval: 1h}]
    relabel_configs: [{source_labels: [dc], regex: x, target_label: __alerts_path__, replacement: /x/alerts}]
`,
          path.join(dir, 'prometheus.yml'),
        ),
      );
      await until(() => n.alertmanagers().active.length === 1);
      expect(n.alertmanagers().active).toEqual(['https://one:9093/x/alerts']);
      fs.writeFileSync(file, JSON.stringify([{ targets: ['two:9093', 'three:9093'] }]));
      await until(() => n.alertmanagers().active.length === 2);
      expect(n.alertmanagers().active).toEqual(['https://two:9093/api/v2/alerts', 'https://three:9093/api/v2/alerts']);
      n.send([alert({ alertname: 'A' })]);
      await until(() => t.received.length === 2);
      expect(t.received.map((r) => r.url).sort()).toEqual(['https://three:9093/api/v2/alerts', 'https://two:9093/api/v2/alerts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('discovers Alertmanagers from http_sd_configs', async () => {
    const sd = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([{ targets: ['sd:9093'], labels: { __scheme__: 'https' } }])));
    await new Promise<void>((r) => sd.listen(0, '127.0.0.1', r));
    try {
      const n = notifier({ post: transport().post, discoveryUpdateIntervalMs: 0 });
      n.applyConfig(config(`alerting: {alertmanagers: [{http_sd_configs: [{url: "http://127.0.0.1:${(sd.address() as AddressInfo).port}/sd"}]}]}`));
      await until(() => n.alertmanagers().active.length === 1);
      // A group label named __scheme__ overrides the entry's scheme, as in Prometheus.
      expect(n.alertmanagers().active).toEqual(['https://sd:9093/api/v2/alerts']);
    } finally {
      sd.closeAllConnections();
      await new Promise((r) => sd.close(r));
    }
  });

  it('a hanging Alertmanager does not delay the others', async () => {
    const t = transport((url) => (url.includes('slow') ? 'hang' : 'ok'));
    const n = notifier({ post: t.post, maxBatchSize: 1 });
    n.applyConfig(config('alerting: {alertmanagers: [{timeout: 1h, static_configs: [{targets: ["slow:1", "fast:1"]}]}]}'));
    for (let i = 0; i < 5; i++) n.send([alert({ alertname: `A${i}` })]);
    await until(() => t.to('http://fast:1/api/v2/alerts').length === 5, 1000);
    // The slow one holds its first request; its other four wait in its own queue.
    expect(t.to('http://slow:1/api/v2/alerts').length).toBe(1);
    const m = n.renderMetrics();
    expect(m).toContain('prometheus_notifications_queue_length{alertmanager="http://slow:1/api/v2/alerts"} 4');
    expect(m).toContain('prometheus_notifications_sent_total{alertmanager="http://fast:1/api/v2/alerts"} 5');
  });

  it('keeps the queues of an unchanged entry across a reload, and stops those of a removed one', async () => {
    const t = transport((url) => (url.includes('hold') ? 'hang' : 'ok'));
    const n = notifier({ post: t.post, maxBatchSize: 1 });
    const text = 'alerting: {alertmanagers: [{timeout: 1h, static_configs: [{targets: ["hold:1"]}]}, {static_configs: [{targets: ["gone:1"]}]}]}';
    n.applyConfig(config(text));
    n.send([alert({ alertname: 'A' }), alert({ alertname: 'B' })]);
    await tick();
    n.applyConfig(config('alerting: {alertmanagers: [{timeout: 1h, static_configs: [{targets: ["hold:1"]}]}]}'));
    expect(n.alertmanagers().active).toEqual(['http://hold:1/api/v2/alerts']);
    expect(n.renderMetrics()).toContain('prometheus_notifications_queue_length{alertmanager="http://hold:1/api/v2/alerts"} 1');
    expect(n.renderMetrics()).not.toContain('gone:1');
  });

  it('replaces the Alertmanagers of an entry whose settings changed', async () => {
    const t = transport((url) => (url.includes('hold') ? 'hang' : 'ok'));
    const n = notifier({ post: t.post, maxBatchSize: 1 });
    n.applyConfig(config('alerting: {alertmanagers: [{timeout: 1h, static_configs: [{targets: ["hold:1"]}]}]}'));
    n.send([alert({ alertname: 'A' }), alert({ alertname: 'B' })]);
    await tick();
    n.applyConfig(config('alerting: {alertmanagers: [{timeout: 2h, static_configs: [{targets: ["hold:1"]}]}]}'));
    // A new send loop with an empty queue; the old one drains in the background.
    expect(n.renderMetrics()).toContain('prometheus_notifications_queue_length{alertmanager="http://hold:1/api/v2/alerts"} 0');
    n.send([alert({ alertname: 'C' })]);
    await until(() => t.to('http://hold:1/api/v2/alerts').some((a) => a.labels.alertname === 'C'));
  });

  it('applies a new external label set and global relabelling on reload', async () => {
    const t = transport();
    const n = notifier({ post: t.post });
    n.applyConfig(config('global: {external_labels: {a: "1"}}\nalerting: {alertmanagers: [{static_configs: [{targets: ["x:1"]}]}]}'));
    n.applyConfig(config('global: {external_labels: {b: "2"}}\nalerting: {alertmanagers: [{static_configs: [{targets: ["x:1"]}]}]}'));
    n.send([alert({ alertname: 'A' })]);
    await until(() => t.received.length === 1);
    expect(t.received[0]!.alerts[0]!.labels).toEqual({ alertname: 'A', b: '2' });
  });

  it('takes a large hand-over in slices across turns of the event loop, in order', async () => {
    const t = transport();
    const n = notifier({ post: t.post });
    n.applyConfig(
      config(`
global: {external_labels: {cluster: home}}
alerting:
  alert_relabel_configs: [{source_labels: [alertname], regex: "A1.*", target_label: ten, replacement: "yes"}]
  alertmanagers: [{static_configs: [{targets: ["x:1"]}]}]
`),
    );
    const many = Array.from({ length: 10_000 }, (_, i) => alert({ alertname: `A${i}` }));
    n.send(many);
    // Only the first slice went through relabelling before send() returned.
    const queued = () => Number(/queue_length\{[^}]*\} (\d+)/.exec(n.renderMetrics())?.[1] ?? 0);
    expect(queued()).toBeLessThanOrEqual(500);
    // 10,001 alerts waiting against a capacity of 10,000: the oldest goes, as in Prometheus's queue.
    n.send([alert({ alertname: 'Last' })]);
    await until(() => t.received.reduce((k, r) => k + r.alerts.length, 0) === 10_000, 10_000);
    const names = t.received.flatMap((r) => r.alerts.map((a) => a.labels.alertname));
    expect(names).toEqual([...many.slice(1).map((a) => a.labels.get('alertname')), 'Last']);
    expect(n.renderMetrics()).toContain('prometheus_notifications_dropped_total{alertmanager="http://x:1/api/v2/alerts"} 1\n');
    expect(t.received.every((r) => r.alerts.length <= 256)).toBe(true);
    const a10 = t.received.flatMap((r) => r.alerts).find((a) => a.labels.alertname === 'A10')!;
    expect(a10.labels).toEqual({ alertname: 'A10', cluster: 'home', ten: 'yes' });
  });

  it('drops the oldest of a hand-over larger than the queue capacity, counting them per Alertmanager', async () => {
    const t = transport();
    const n = notifier({ post: t.post, queueCapacity: 1000 });
    n.applyConfig(config('alerting: {alertmanagers: [{static_configs: [{targets: ["x:1"]}]}]}'));
    n.send(Array.from({ length: 1500 }, (_, i) => alert({ alertname: `A${i}` })));
    await until(() => t.received.reduce((k, r) => k + r.alerts.length, 0) === 1000);
    expect(t.received[0]!.alerts[0]!.labels.alertname).toBe('A500');
    expect(n.renderMetrics()).toContain('prometheus_notifications_dropped_total{alertmanager="http://x:1/api/v2/alerts"} 500');
  });

  it('renders every prometheus_notifications_* family with Prometheus’s names and labels', async () => {
    const t = transport((url) => (url.includes('bad') ? 'fail' : 'ok'));
    const n = notifier({ post: t.post, queueCapacity: 50 });
    n.applyConfig(config('alerting: {alertmanagers: [{static_configs: [{targets: ["good:1", "bad:1"]}]}]}'));
    n.send([alert({ alertname: 'A' }), alert({ alertname: 'B' })]);
    await until(() => t.received.length === 2);
    await tick(10);
    const m = n.renderMetrics();
    const g = 'alertmanager="http://good:1/api/v2/alerts"';
    const b = 'alertmanager="http://bad:1/api/v2/alerts"';
    expect(m).toContain('# TYPE prometheus_notifications_alertmanagers_discovered gauge\nprometheus_notifications_alertmanagers_discovered 2\n');
    expect(m).toContain(`prometheus_notifications_sent_total{${g}} 2\n`);
    expect(m).toContain(`prometheus_notifications_sent_total{${b}} 0\n`);
    expect(m).toContain(`prometheus_notifications_errors_total{${b}} 2\n`);
    expect(m).toContain(`prometheus_notifications_dropped_total{${b}} 2\n`);
    expect(m).toContain(`prometheus_notifications_queue_capacity{${g}} 50\n`);
    expect(m).toContain(`prometheus_notifications_queue_length{${g}} 0\n`);
    expect(m).toContain('# TYPE prometheus_notifications_latency_seconds summary\n');
    expect(m).toMatch(new RegExp(`prometheus_notifications_latency_seconds\\{${g},quantile="0.5"\\} [0-9.e-]+\\n`));
    expect(m).toContain(`prometheus_notifications_latency_seconds{${b},quantile="0.99"} NaN\n`);
    expect(m).toContain(`prometheus_notifications_latency_seconds_count{${g}} 1\n`);
    const families = [...m.matchAll(/^# TYPE (\S+)/gm)].map((x) => x[1]);
    expect(families).toEqual([...families].sort());
  });

  it('stop() drains what it can within the bound, then refuses new work', async () => {
    const t = transport((url) => (url.includes('hang') ? 'hang' : 'ok'));
    const n = notifier({ post: t.post, drainTimeoutMs: 100 });
    n.applyConfig(config('alerting: {alertmanagers: [{timeout: 1h, static_configs: [{targets: ["hang:1", "ok:1"]}]}]}'));
    n.send([alert({ alertname: 'A' })]);
    const t0 = Date.now();
    await n.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(t.to('http://ok:1/api/v2/alerts').length).toBe(1);
    n.send([alert({ alertname: 'B' })]);
    await tick(10);
    expect(t.received.length).toBe(2);
    expect(() => n.applyConfig(config(''))).toThrow('notifier is stopped');
  });

  it('refuses bad queue options, naming the flag', () => {
    expect(() => new Notifier({ queueCapacity: -1 })).toThrow(NotifierOptionError);
    expect(() => new Notifier({ queueCapacity: 1.5 })).toThrow('--alertmanager.notification-queue-capacity must be an integer >= 0, got 1.5');
    expect(() => new Notifier({ maxBatchSize: NaN })).toThrow('--alertmanager.notification-batch-size');
  });

  it('api_version v1 is refused by the config, as in Prometheus 3', () => {
    expect(() => config('alerting: {alertmanagers: [{api_version: v1, static_configs: [{targets: ["a:1"]}]}]}')).toThrow(
      'expected Alertmanager api version to be one of [v2] but got v1',
    );
  });
});
