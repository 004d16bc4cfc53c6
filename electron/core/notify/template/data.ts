/**
 * Alertmanager's template data (template.Data, Alert, Alerts, KV, Pairs) as Go values for
 * Hearth's template engine, so a user's notification templates see exactly the fields and
 * methods they see in Alertmanager: .Receiver .Status .Alerts(.Firing .Resolved) .GroupLabels
 * .CommonLabels .CommonAnnotations (KV: .SortedPairs .Names .Values .Remove) .ExternalURL.
 */

import type { Labels } from '../../model/labels.js';
import { GoMap, GoSlice, GoStruct, GoTime, type GoFunc } from '../../template/index.js';
import type { NotifyAlert, NotifyContext } from '../data.js';
import { groupStatus } from '../data.js';

/** Go's zero time.Time (0001-01-01T00:00:00Z), what a firing alert's EndsAt shows. */
export const GO_ZERO_TIME_MS = -62135596800000;

/** One label or annotation pair (template.Pair). */
export interface Pair {
  readonly name: string;
  readonly value: string;
}

/**
 * KV.SortedPairs: names sorted, except that alertname always comes first (Alertmanager puts
 * it there so subjects and lists lead with it).
 */
export function sortedPairs(kv: Readonly<Record<string, string>>): Pair[] {
  const names = Object.keys(kv).filter((n) => n !== 'alertname');
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (Object.prototype.hasOwnProperty.call(kv, 'alertname')) names.unshift('alertname');
  return names.map((name) => ({ name, value: kv[name]! }));
}

function stringSlice(items: readonly string[]): GoSlice {
  return new GoSlice('[]string', items);
}

function pairsString(pairs: readonly Pair[]): string {
  return pairs.map((p) => `${p.name}=${p.value}`).join(', ');
}

function goPairs(pairs: readonly Pair[]): GoSlice {
  return new GoSlice(
    'template.Pairs',
    pairs.map((p) => new GoStruct('template.Pair', { Name: p.name, Value: p.value })),
    {
      Names: { fn: () => stringSlice(pairs.map((p) => p.name)), params: [] },
      Values: { fn: () => stringSlice(pairs.map((p) => p.value)), params: [] },
      String: { fn: () => pairsString(pairs), params: [] },
    },
  );
}

/** template.KV: map[string]string with Alertmanager's methods. */
export function goKV(kv: Readonly<Record<string, string>>): GoMap {
  const methods: Record<string, GoFunc> = {
    SortedPairs: { fn: () => goPairs(sortedPairs(kv)), params: [] },
    Names: { fn: () => stringSlice(sortedPairs(kv).map((p) => p.name)), params: [] },
    Values: { fn: () => stringSlice(sortedPairs(kv).map((p) => p.value)), params: [] },
    String: { fn: () => pairsString(sortedPairs(kv)), params: [] },
    Remove: {
      fn: (keys: GoSlice | undefined) => {
        const drop = new Set((keys?.items ?? []) as string[]);
        const rest: Record<string, string> = {};
        for (const [k, v] of Object.entries(kv)) if (!drop.has(k)) rest[k] = v;
        return goKV(rest);
      },
      params: ['[]string'],
    },
  };
  return new GoMap('string', kv, 'template.KV', methods);
}

export function labelsRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < labels.size; i++) out[labels.name(i)] = labels.value(i);
  return out;
}

/** One alert as templates and the webhook see it (template.Alert). */
export interface AlertData {
  readonly status: 'firing' | 'resolved';
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly startsAtMs: number;
  /** GO_ZERO_TIME_MS while firing: Alertmanager hides an end time not yet reached. */
  readonly endsAtMs: number;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

/** The data of one notification (template.Data), plain, before it becomes Go values or JSON. */
export interface NotificationData {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly AlertData[];
  readonly groupLabels: Record<string, string>;
  readonly commonLabels: Record<string, string>;
  readonly commonAnnotations: Record<string, string>;
  readonly externalURL: string;
}

/** Go's regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function common(records: readonly Record<string, string>[]): Record<string, string> {
  if (records.length === 0) return {};
  const out = { ...records[0]! };
  for (let i = 1; i < records.length; i++) {
    for (const k of Object.keys(out)) if (records[i]![k] !== out[k]) delete out[k];
  }
  return out;
}

/**
 * Alertmanager's Template.Data: the receiver's name regexp-quoted (as Alertmanager does),
 * each alert's status at ctx.nowMs, and the labels and annotations all alerts share.
 */
export function notificationData(ctx: NotifyContext, alerts: readonly NotifyAlert[] = ctx.alerts): NotificationData {
  const out: AlertData[] = alerts.map((a) => {
    const isResolved = a.resolved(ctx.nowMs);
    return {
      status: isResolved ? 'resolved' : 'firing',
      labels: labelsRecord(a.labels),
      annotations: labelsRecord(a.annotations),
      startsAtMs: a.startsAtMs,
      endsAtMs: isResolved ? a.endsAtMs : GO_ZERO_TIME_MS,
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint(),
    };
  });
  return {
    receiver: quoteMeta(ctx.receiver),
    status: groupStatus(alerts, ctx.nowMs),
    alerts: out,
    groupLabels: labelsRecord(ctx.groupLabels),
    commonLabels: common(out.map((a) => a.labels)),
    commonAnnotations: common(out.map((a) => a.annotations)),
    externalURL: ctx.externalURL,
  };
}

function goAlert(a: AlertData): GoStruct {
  return new GoStruct('template.Alert', {
    Status: a.status,
    Labels: goKV(a.labels),
    Annotations: goKV(a.annotations),
    StartsAt: new GoTime(a.startsAtMs),
    EndsAt: new GoTime(a.endsAtMs),
    GeneratorURL: a.generatorURL,
    Fingerprint: a.fingerprint,
  });
}

/** The notification's data as Go templates see it (*template.Data). */
export function goTemplateData(d: NotificationData): GoStruct {
  const alerts = d.alerts.map(goAlert);
  const byStatus = (s: string): GoSlice =>
    new GoSlice(
      '[]template.Alert',
      alerts.filter((a) => a.fields['Status'] === s),
    );
  return new GoStruct(
    'template.Data',
    {
      Receiver: d.receiver,
      Status: d.status,
      Alerts: new GoSlice('template.Alerts', alerts, {
        Firing: { fn: () => byStatus('firing'), params: [] },
        Resolved: { fn: () => byStatus('resolved'), params: [] },
      }),
      GroupLabels: goKV(d.groupLabels),
      CommonLabels: goKV(d.commonLabels),
      CommonAnnotations: goKV(d.commonAnnotations),
      ExternalURL: d.externalURL,
    },
    true,
  );
}
