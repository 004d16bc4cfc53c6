import { describe, expect, it } from 'vitest';
import { GO_ZERO_TIME_MS, notificationData, quoteMeta, sortedPairs } from '../../../../../electron/core/notify/template/data.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, NOW_MS, TWO_ALERTS } from './fixtures.js';

const t = new NotifyTemplate();

describe('notification data', () => {
  it('computes status, common labels and annotations, and hides a future end time', () => {
    const d = notificationData(context(TWO_ALERTS()));
    expect(d.status).toBe('firing');
    expect(d.alerts.map((a) => a.status)).toEqual(['firing', 'resolved']);
    expect(d.alerts[0]!.endsAtMs).toBe(GO_ZERO_TIME_MS);
    expect(d.alerts[1]!.endsAtMs).toBe(NOW_MS - 1000);
    expect(d.commonLabels).toEqual({ alertname: 'HighLoad', job: 'node', severity: 'page' });
    expect(d.commonAnnotations).toEqual({ runbook: 'http://wiki/load' });
    expect(d.groupLabels).toEqual({ alertname: 'HighLoad' });
  });

  it('quotes the receiver name as Go regexp.QuoteMeta does', () => {
    expect(quoteMeta('a.b+c|d(e)[f]{g}^$*?\\')).toBe('a\\.b\\+c\\|d\\(e\\)\\[f\\]\\{g\\}\\^\\$\\*\\?\\\\');
    expect(notificationData(context(TWO_ALERTS(), undefined, 'ops.team')).receiver).toBe('ops\\.team');
  });

  it('sorts pairs with alertname first', () => {
    expect(sortedPairs({ b: '2', alertname: 'X', a: '1' }).map((p) => p.name)).toEqual(['alertname', 'a', 'b']);
  });
});

describe('data as templates see it', () => {
  const d = notificationData(context(TWO_ALERTS()));
  const r = (text: string) => t.render(text, d);

  it("prints KV and Pairs through their String methods, as Go's fmt does with a Stringer", async () => {
    expect(await r('{{ .CommonLabels }}|{{ .CommonLabels.SortedPairs }}')).toBe('alertname=HighLoad, job=node, severity=page|alertname=HighLoad, job=node, severity=page');
    expect(await r('{{ printf "%s" .GroupLabels }}|{{ printf "%q" .GroupLabels }}')).toBe('alertname=HighLoad|"alertname=HighLoad"');
  });

  it('offers the fields and methods of Alertmanager\'s Data, Alerts, Alert and KV', async () => {
    expect(await r('{{ .Receiver }} {{ .Status }} {{ len .Alerts }} {{ len .Alerts.Firing }} {{ len .Alerts.Resolved }} {{ .ExternalURL }}')).toBe('team-x firing 2 1 1 http://am.example:9093');
    expect(await r('{{ range .Alerts }}{{ .Status }}:{{ .Labels.instance }}:{{ .Fingerprint }};{{ end }}')).toBe(`firing:a:9100:${d.alerts[0]!.fingerprint};resolved:b:9100:${d.alerts[1]!.fingerprint};`);
    expect(await r('{{ .CommonLabels.Names }} {{ .CommonLabels.Values }} {{ (.CommonLabels.Remove .GroupLabels.Names).Names }}')).toBe('[alertname job severity] [HighLoad node page] [job severity]');
    expect(await r('{{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }},{{ end }} {{ .CommonLabels.SortedPairs.Names }}')).toBe('alertname=HighLoad,job=node,severity=page, [alertname job severity]');
    expect(await r('{{ with index .Alerts 0 }}{{ .StartsAt }}|{{ .EndsAt }}|{{ .GeneratorURL }}{{ end }}')).toBe(
      '2026-01-02 03:03:05.678 +0000 UTC|0001-01-01 00:00:00 +0000 UTC|http://prom:9090/graph?g0.expr=HighLoad',
    );
  });

  it('gives "" for a missing label (missingkey=zero)', async () => {
    expect(await r('[{{ .CommonLabels.nope }}]')).toBe('[]');
  });

  it('reports a template error with Go\'s message', async () => {
    await expect(r('{{ .Nope }}')).rejects.toThrow(/can't evaluate field Nope in type \*template\.Data/);
    await expect(r('{{ if }}')).rejects.toThrow(/missing value for if/);
  });

  it('escapes data, not the template, for HTML fields', async () => {
    const html = notificationData(context([alert({ alertname: '<A&B>' })], {}));
    expect(await t.render('<b>{{ .CommonLabels.alertname }}</b>', html, { html: true })).toBe('<b>&lt;A&amp;B&gt;</b>');
  });
});
