/** Alerts and contexts the notify template and receiver tests share. */

import { Labels } from '../../../../../electron/core/model/labels.js';
import { NotifyAlert, type NotifyContext } from '../../../../../electron/core/notify/data.js';

export const NOW_MS = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

export function alert(labels: Record<string, string>, annotations: Record<string, string> = {}, opts: { resolved?: boolean; startsAtMs?: number } = {}): NotifyAlert {
  return new NotifyAlert({
    labels: Labels.fromObject(labels),
    annotations: Labels.fromObject(annotations),
    startsAtMs: opts.startsAtMs ?? NOW_MS - 60_000,
    endsAtMs: opts.resolved ? NOW_MS - 1000 : NOW_MS + 300_000,
    generatorURL: `http://prom:9090/graph?g0.expr=${encodeURIComponent(labels['alertname'] ?? '')}`,
    updatedAtMs: NOW_MS - 1000,
    timeout: false,
  });
}

export function context(alerts: NotifyAlert[], groupLabels: Record<string, string> = { alertname: 'HighLoad' }, receiver = 'team-x'): NotifyContext {
  return { receiver, groupKey: '{}:{alertname="HighLoad"}', groupLabels: Labels.fromObject(groupLabels), alerts, externalURL: 'http://am.example:9093', nowMs: NOW_MS };
}

export const TWO_ALERTS = (): NotifyAlert[] => [
  alert({ alertname: 'HighLoad', instance: 'a:9100', job: 'node', severity: 'page' }, { summary: 'load high on a', runbook: 'http://wiki/load' }),
  alert({ alertname: 'HighLoad', instance: 'b:9100', job: 'node', severity: 'page' }, { summary: 'load high on b', runbook: 'http://wiki/load' }, { resolved: true }),
];
