import type { Page, Route } from '@playwright/test';
import type { AlertHistoryData, AlertHistoryEntry, BacktestData } from '../../../shared/api/alertHistory';
import type { Alert, AlertsData, RulesData } from '../../../shared/api/rules';

/**
 * Realistic payloads of /api/v1/rules, /api/v1/alerts and Hearth's alert history, and a helper
 * that answers them with page.route().
 *
 * NOTE: the rule engine, the alert history store and the backtest endpoint are being built in
 * parallel; until they are merged, `hearth serve` answers rules and alerts empty and has no
 * history or backtest route, so the Alerts and Rules specs answer those endpoints here. Every
 * other request (the page itself, its scripts and styles) goes to the real server.
 */

export const H = 3_600_000;
export const iso = (ms: number): string => new Date(ms).toISOString();

export const FILE = '/etc/hearth/rules/node.yml';
export const GROUP_KEY = `${FILE};node`;

export function rulesPayload(now: number): RulesData {
  const diskAlerts: Alert[] = [
    {
      labels: { alertname: 'DiskFull', instance: 'nas:9100', mountpoint: '/srv', severity: 'critical' },
      annotations: { summary: 'Disk /srv on nas:9100 is 97% full', runbook: 'https://wiki.example/disk' },
      state: 'firing',
      activeAt: iso(now - 2 * H),
      value: '9.7e-01',
    },
    {
      labels: { alertname: 'DiskFull', instance: 'pi:9100', mountpoint: '/', severity: 'critical' },
      annotations: { summary: 'Disk / on pi:9100 is 91% full', runbook: 'https://wiki.example/disk' },
      state: 'pending',
      activeAt: iso(now - 3 * 60_000),
      value: '9.1e-01',
    },
  ];
  return {
    groups: [
      {
        name: 'node',
        file: FILE,
        interval: 60,
        limit: 0,
        evaluationTime: 0.0042,
        lastEvaluation: iso(now - 12_000),
        rules: [
          {
            type: 'alerting',
            name: 'DiskFull',
            query: 'node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1',
            duration: 300,
            keepFiringFor: 0,
            labels: { severity: 'critical' },
            annotations: { summary: 'Disk {{ $labels.mountpoint }} on {{ $labels.instance }} is {{ $value | humanizePercentage }} full', runbook: 'https://wiki.example/disk' },
            alerts: diskAlerts,
            health: 'ok',
            evaluationTime: 0.0021,
            lastEvaluation: iso(now - 12_000),
            state: 'firing',
            restored: { at: iso(now - 40 * 60_000), alerts: 1 },
          },
          {
            type: 'alerting',
            name: 'HostDown',
            query: 'up{job="node"} == 0',
            duration: 300,
            keepFiringFor: 600,
            labels: { severity: 'warning' },
            annotations: { summary: '{{ $labels.instance }} is down' },
            alerts: [],
            health: 'ok',
            evaluationTime: 0.0004,
            lastEvaluation: iso(now - 12_000),
            state: 'inactive',
          },
          {
            type: 'alerting',
            name: 'LoadHigh',
            query: 'node_load5 / count without (cpu, mode) (node_cpu_seconds_total{mode="idle"}) > 2',
            duration: 900,
            keepFiringFor: 0,
            labels: {},
            annotations: {},
            alerts: [],
            health: 'err',
            lastError: 'query timed out in expression evaluation',
            evaluationTime: 2.01,
            lastEvaluation: iso(now - 12_000),
            state: 'inactive',
          },
          { type: 'recording', name: 'instance:node_cpu:rate5m', query: 'sum without (cpu) (rate(node_cpu_seconds_total[5m]))', health: 'ok', evaluationTime: 0.0011, lastEvaluation: iso(now - 12_000) },
        ],
      },
    ],
  };
}

export function alertsPayload(firing: number): AlertsData {
  const alerts: Alert[] = [];
  for (let i = 0; i < firing; i++) alerts.push({ labels: { alertname: 'DiskFull', instance: `host${i}:9100` }, annotations: {}, state: 'firing', activeAt: iso(Date.now() - H), value: '1e+00' });
  alerts.push({ labels: { alertname: 'DiskFull', instance: 'pi:9100' }, annotations: {}, state: 'pending', activeAt: iso(Date.now() - 60_000), value: '1e+00' });
  return { alerts };
}

function change(t: number, rule: string, labels: Record<string, string>, from: AlertHistoryEntry['from'], to: AlertHistoryEntry['to']): AlertHistoryEntry {
  return { time: iso(t), group: GROUP_KEY, rule, labels, from, to, value: '0.95' };
}

/** The last day's changes: DiskFull on nas fired twice (the second time still firing), HostDown went pending once and fired once. */
export function historyEntries(now: number): AlertHistoryEntry[] {
  const nas = { alertname: 'DiskFull', instance: 'nas:9100', mountpoint: '/srv', severity: 'critical' };
  const pi = { alertname: 'DiskFull', instance: 'pi:9100', mountpoint: '/', severity: 'critical' };
  const host = { alertname: 'HostDown', instance: 'printer:9100', job: 'node', severity: 'warning' };
  return [
    change(now - 20 * H, 'DiskFull', nas, 'inactive', 'pending'),
    change(now - 20 * H + 5 * 60_000, 'DiskFull', nas, 'pending', 'firing'),
    change(now - 18 * H, 'DiskFull', nas, 'firing', 'inactive'),
    change(now - 10 * H, 'HostDown', host, 'inactive', 'pending'),
    change(now - 10 * H + 5 * 60_000, 'HostDown', host, 'pending', 'firing'),
    change(now - 9 * H, 'HostDown', host, 'firing', 'inactive'),
    change(now - 2 * H - 5 * 60_000, 'DiskFull', nas, 'inactive', 'pending'),
    change(now - 2 * H, 'DiskFull', nas, 'pending', 'firing'),
    change(now - 3 * 60_000, 'DiskFull', pi, 'inactive', 'pending'),
  ];
}

export interface HistoryCalls {
  urls: URL[];
}

/** Answers the history in pages of `pageSize` entries, recording each request's URL. */
export async function routeHistory(page: Page, entries: AlertHistoryEntry[], pageSize: number): Promise<HistoryCalls> {
  const calls: HistoryCalls = { urls: [] };
  await page.route('**/api/hearth/v1/alerts/history?*', async (route: Route) => {
    const url = new URL(route.request().url());
    calls.urls.push(url);
    const from = Number(url.searchParams.get('next_token') ?? '0');
    const data: AlertHistoryData = { entries: entries.slice(from, from + pageSize) };
    if (from + pageSize < entries.length) data.nextToken = String(from + pageSize);
    await route.fulfill({ json: { status: 'success', data } });
  });
  return calls;
}

export async function routeRules(page: Page, now: number, firing = 1): Promise<void> {
  await page.route('**/api/v1/rules*', (route) => route.fulfill({ json: { status: 'success', data: rulesPayload(now) } }));
  await page.route('**/api/v1/alerts', (route) => route.fulfill({ json: { status: 'success', data: alertsPayload(firing) } }));
}

/** What the core answers for HostDown over the last day at a 1m interval. */
export function backtestAnswer(now: number): BacktestData {
  return {
    rule: 'HostDown',
    interval: 60,
    evaluations: 1441,
    alerts: [
      {
        labels: { alertname: 'HostDown', instance: 'printer:9100', job: 'node', severity: 'warning' },
        annotations: { summary: 'printer:9100 is down' },
        activeAt: iso(now - 10 * H),
        firedAt: iso(now - 10 * H + 5 * 60_000),
        resolvedAt: iso(now - 9 * H + 10 * 60_000),
        value: '0',
      },
      {
        labels: { alertname: 'HostDown', instance: 'camera:9100', job: 'node', severity: 'warning' },
        annotations: { summary: 'camera:9100 is down' },
        activeAt: iso(now - 30 * 60_000),
        value: '0',
      },
    ],
    errors: [{ time: iso(now - 5 * H), error: 'query timed out in expression evaluation' }],
  };
}
