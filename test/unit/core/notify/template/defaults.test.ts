import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notificationData } from '../../../../../electron/core/notify/template/data.js';
import { DEFAULT_TEMPLATE_NAMES } from '../../../../../electron/core/notify/template/defaults.js';
import { NotifyTemplate } from '../../../../../electron/core/notify/template/notifyTemplate.js';
import { alert, context, TWO_ALERTS } from './fixtures.js';

// Debian's Alertmanager 0.25 package installs the default.tmpl its binary embeds.
const AM_DEFAULT_TMPL = '/usr/share/prometheus/alertmanager/default.tmpl';
const amSkip = existsSync(AM_DEFAULT_TMPL) ? null : `SKIPPED: ${AM_DEFAULT_TMPL} (Debian's prometheus-alertmanager) is not installed`;

const t = new NotifyTemplate();
const render = (name: string, ctx = context(TWO_ALERTS())) => t.render(`{{ template "${name}" . }}`, notificationData(ctx));

describe('default templates', () => {
  it('writes the subject with the firing count, group labels and the other common labels', async () => {
    expect(await render('__subject')).toBe('[FIRING:1] HighLoad (node page)');
    const allResolved = context([alert({ alertname: 'HighLoad', job: 'node' }, {}, { resolved: true })]);
    expect(await render('__subject', allResolved)).toBe('[RESOLVED] HighLoad (node)');
    const onlyGroup = context([alert({ alertname: 'HighLoad' })]);
    expect(await render('__subject', onlyGroup)).toBe('[FIRING:1] HighLoad ');
  });

  it('lists alerts with alertname first, then names in order', async () => {
    const ctx = context([alert({ zeta: '1', alertname: 'A', beta: '2' }, { summary: 's' })], {});
    const text = await t.render('{{ template "__text_alert_list" .Alerts }}', notificationData(ctx));
    expect(text).toBe('Labels:\n - alertname = A\n - beta = 2\n - zeta = 1\nAnnotations:\n - summary = s\nSource: http://prom:9090/graph?g0.expr=A\n');
  });

  it('links to the receiver with its name quoted for a regexp and escaped for a query', async () => {
    expect(await render('slack.default.titlelink', context(TWO_ALERTS(), undefined, 'ops+db'))).toBe('http://am.example:9093/#/alerts?receiver=ops%5C%2Bdb');
  });

  it('gives telegram and discord the firing and resolved sections', async () => {
    const msg = await render('telegram.default.message');
    expect(msg.startsWith('\n\nAlerts Firing:\nLabels:\n - alertname = HighLoad\n')).toBe(true);
    expect(msg).toContain('\n\n\n\nAlerts Resolved:\nLabels:\n');
    expect(msg.endsWith('Source: http://prom:9090/graph?g0.expr=HighLoad\n\n\n')).toBe(true);
    expect(await render('discord.default.message')).toBe(msg);
  });

  it('writes markdown lists for msteams', async () => {
    const text = await render('msteams.default.text', context([alert({ alertname: 'A' }, { summary: 's' })], {}));
    expect(text).toBe('\n\n# Alerts Firing:\n\nLabels:\n  - alertname = A\n\nAnnotations:\n  - summary = s\n\nSource: http://prom:9090/graph?g0.expr=A\n\n\n\n\n');
  });

  it('writes a plain-text e-mail body', async () => {
    const body = await render('email.default.text');
    expect(body.split('\n').slice(0, 4)).toEqual(['2 alerts for alertname=HighLoad', '', 'View in Alertmanager: http://am.example:9093/#/alerts?receiver=team-x', '']);
    expect(body).toContain('\n[1] Firing\nLabels:\n');
    expect(body).toContain('\n[1] Resolved\nLabels:\n');
  });

  it("lets a user's file override a default and a field's own define override both", async () => {
    const custom = new NotifyTemplate([{ name: 'mine.tmpl', text: '{{ define "__subject" }}custom {{ .Status }}{{ end }}' }]);
    const d = notificationData(context(TWO_ALERTS()));
    expect(await custom.render('{{ template "slack.default.title" . }}', d)).toBe('custom firing');
    expect(await custom.render('{{ define "__subject" }}field{{ end }}{{ template "slack.default.title" . }}', d)).toBe('field');
  });

  it.skipIf(amSkip !== null)(`renders every template Alertmanager 0.25 defines exactly as its default.tmpl does ${amSkip ?? ''}`, async () => {
    const reference = new NotifyTemplate([{ name: 'default.tmpl', text: readFileSync(AM_DEFAULT_TMPL, 'utf8') }]);
    const names = DEFAULT_TEMPLATE_NAMES.filter((n) => !n.startsWith('__hearth') && !n.startsWith('msteams.') && n !== '__text_alert_list_markdown' && n !== 'email.default.text' && n !== '__text_alert_list');
    expect(names.length).toBeGreaterThan(20);
    const contexts = [
      context(TWO_ALERTS()),
      context([alert({ alertname: 'Disk', device: '/dev/sda', mountpoint: '/' }, { description: 'full', summary: '<b>x</b> & "y"' })], { device: '/dev/sda' }, 'a.b|c'),
      context([alert({ alertname: 'X' }, {}, { resolved: true }), alert({ alertname: 'X', zone: 'eu' }, { s: '1' }, { resolved: true })], {}),
    ];
    for (const ctx of contexts) {
      const d = notificationData(ctx);
      for (const n of names) {
        const field = `{{ template "${n}" . }}`;
        expect(await t.render(field, d), n).toBe(await reference.render(field, d));
      }
      const list = '{{ template "__text_alert_list" .Alerts }}';
      expect(await t.render(list, d)).toBe(await reference.render(list, d));
    }
  });
});

describe('bad templates', () => {
  it('refuses a broken template file when loaded, naming the file', () => {
    expect(() => new NotifyTemplate([{ name: 'custom.tmpl', text: '{{ define "x" }}{{ if }}{{ end }}' }])).toThrow(/template: custom\.tmpl:1: missing value for if/);
  });

  it('stops endless recursion and runaway output instead of stalling the core', async () => {
    const d = notificationData(context(TWO_ALERTS()));
    await expect(t.render('{{ define "loop" }}{{ template "loop" . }}{{ end }}{{ template "loop" . }}', d)).rejects.toThrow(/exceeded maximum template depth|depth/);
    const small = new NotifyTemplate([], { maxOutputBytes: 1000 });
    await expect(small.render('{{ range $i, $_ := .Alerts }}{{ end }}{{ range (stringSlice "a" "b" "c" "d") }}{{ range (stringSlice "a" "b" "c" "d") }}' + 'x'.repeat(200) + '{{ end }}{{ end }}', d)).rejects.toThrow(/output|exceed/i);
  });
});
