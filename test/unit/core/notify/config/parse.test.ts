import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NotifyConfigError, parseNotifyConfig, Secret } from '../../../../../electron/core/notify/config/index.js';

const FILE = '/etc/hearth/alertmanager.yml';

function refused(text: string): NotifyConfigError {
  try {
    parseNotifyConfig(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(NotifyConfigError);
    return e as NotifyConfigError;
  }
  throw new Error('expected the config to be refused');
}

const MIN = `route:\n  receiver: a\nreceivers:\n  - name: a\n`;

describe('defaults and inheritance', () => {
  it("gives the root route Alertmanager's defaults and children their parent's values", () => {
    const c = parseNotifyConfig(
      `route:
  receiver: a
  group_by: [alertname]
  repeat_interval: 1h
  routes:
    - matchers: ['team="x"']
      group_wait: 10s
      routes:
        - receiver: b
          group_by: ['...']
receivers: [{name: a}, {name: b}]
`,
      FILE,
    );
    expect(c.global.resolveTimeoutMs).toBe(300_000);
    const root = c.route;
    expect([root.groupWaitMs, root.groupIntervalMs, root.repeatIntervalMs]).toEqual([30_000, 300_000, 3_600_000]);
    const child = root.routes[0]!;
    expect(child.receiver).toBe('a');
    expect(child.groupBy).toEqual(['alertname']);
    expect([child.groupWaitMs, child.groupIntervalMs, child.repeatIntervalMs]).toEqual([10_000, 300_000, 3_600_000]);
    expect(child.matchers.map(String)).toEqual(['team="x"']);
    const grandchild = child.routes[0]!;
    expect(grandchild.groupByAll).toBe(true);
    expect(grandchild.groupBy).toEqual([]);
    expect(grandchild.groupWaitMs).toBe(10_000);
  });

  it("hands notify/route the tree as written, which routes alerts as the resolved tree says", async () => {
    const { Route } = await import('../../../../../electron/core/notify/route/index.js');
    const c = parseNotifyConfig(
      `route:\n  receiver: a\n  group_by: [alertname]\n  routes:\n    - match_re: {team: 'db|infra'}\n      receiver: b\n      group_wait: 1s\n    - matchers: [sev=page]\n      receiver: c\n      group_by: ['...']\nreceivers: [{name: a}, {name: b}, {name: c}]\n`,
      FILE,
    );
    const root = new Route(c.routeConfig);
    const [db] = root.match({ team: 'db', alertname: 'X' });
    expect(db!.opts.receiver).toBe('b');
    expect(db!.opts.groupWaitMs).toBe(c.route.routes[0]!.groupWaitMs);
    expect(db!.key()).toBe('{}/{team=~"^(?:db|infra)$"}');
    const [page] = root.match({ sev: 'page' });
    expect(page!.opts.receiver).toBe('c');
    expect(page!.opts.groupByAll).toBe(true);
    expect(root.match({ team: 'web' })[0]!.opts.receiver).toBe('a');
  });

  it('folds the SMTP globals into e-mail receivers', () => {
    const c = parseNotifyConfig(
      `global:
  smtp_smarthost: mail:587
  smtp_from: am@example.org
  smtp_auth_username: u
  smtp_auth_password: hunter2
route: {receiver: m}
receivers:
  - name: m
    email_configs:
      - to: ops@example.org
      - to: dev@example.org
        from: dev-am@example.org
        require_tls: false
`,
      FILE,
    );
    const [a, b] = c.receivers[0]!.emailConfigs;
    expect(a!.smarthost).toBe('mail:587');
    expect(a!.from).toBe('am@example.org');
    expect(a!.hello).toBe('localhost');
    expect(a!.authPassword.reveal()).toBe('hunter2');
    expect(a!.requireTls).toBe(true);
    expect(b!.from).toBe('dev-am@example.org');
    expect(b!.requireTls).toBe(false);
    expect(a!.sendResolved).toBe(false);
  });

  it('reads a webhook config into camelCase with durations in ms', () => {
    const c = parseNotifyConfig(
      `route: {receiver: w}
receivers:
  - name: w
    webhook_configs:
      - url: https://hooks.example.org/x?key=abc
        max_alerts: 10
        timeout: 15s
`,
      FILE,
    );
    const w = c.receivers[0]!.webhookConfigs[0]!;
    expect(w).toMatchObject({ urlFile: '', sendResolved: true, maxAlerts: 10, timeoutMs: 15_000 });
    expect(w.url!.reveal()).toBe('https://hooks.example.org/x?key=abc');
    expect(w.httpConfig.followRedirects).toBe(true);
  });

  it('takes a templated webhook URL as Alertmanager 0.34 does', () => {
    const c = parseNotifyConfig(`route: {receiver: w}\nreceivers:\n  - name: w\n    webhook_configs: [{url: 'http://x/{{ .GroupLabels.alertname }}'}]\n`, FILE);
    expect(c.receivers[0]!.webhookConfigs[0]!.url!.reveal()).toBe('http://x/{{ .GroupLabels.alertname }}');
  });

  it("resolves templates and *_file paths against the config file's folder", () => {
    const c = parseNotifyConfig(
      `templates: ['tmpl/*.tmpl', '/abs/x.tmpl']
route: {receiver: w}
receivers:
  - name: w
    webhook_configs: [{url_file: secrets/hook}]
`,
      FILE,
    );
    expect(c.templates).toEqual(['/etc/hearth/tmpl/*.tmpl', '/abs/x.tmpl']);
    expect(c.receivers[0]!.webhookConfigs[0]!.urlFile).toBe('/etc/hearth/secrets/hook');
  });

  it("reads Hearth's own receivers", () => {
    const c = parseNotifyConfig(
      `route: {receiver: home}
receivers:
  - name: home
    desktop_configs: [{}]
    ntfy_configs: [{topic: homelab, token_file: /run/ntfy, priority: high}]
    gotify_configs: [{url: 'http://gotify:80', token: abc}]
    matrix_configs: [{server: 'https://matrix.org', room_id: '!room:matrix.org', token: t}]
`,
      FILE,
    );
    const r = c.receivers[0]!;
    expect(r.desktopConfigs).toHaveLength(1);
    expect(r.ntfyConfigs[0]).toMatchObject({ server: 'https://ntfy.sh', topic: 'homelab', tokenFile: '/run/ntfy', priority: 'high' });
    expect(r.gotifyConfigs[0]!.token.reveal()).toBe('abc');
    expect(r.matrixConfigs[0]!.roomId).toBe('!room:matrix.org');
  });
});

describe('secrets never print', () => {
  it('shows <secret> in strings, JSON and inspection', () => {
    const c = parseNotifyConfig(
      `global: {slack_api_url: 'https://hooks.slack.com/services/T/B/KEY', smtp_auth_password: pw}
route: {receiver: s}
receivers: [{name: s, slack_configs: [{channel: '#x'}], telegram_configs: [{chat_id: 1, bot_token: 'bot123:ABC'}]}]
`,
      FILE,
    );
    const json = JSON.stringify(c);
    expect(json).not.toContain('KEY');
    expect(json).not.toContain('bot123');
    expect(json).not.toContain('"pw"');
    expect(json).toContain('<secret>');
    expect(String(new Secret('x'))).toBe('<secret>');
    expect(inspect(c.global.smtpAuthPassword)).toBe('<secret>');
    expect(`${c.global.smtpAuthPassword}`).toBe('<secret>');
  });

  it('hides http_config passwords, bearer credentials and Slack app tokens from JSON and logs', () => {
    const c = parseNotifyConfig(
      `global:
  slack_app_token: xoxb-APPTOKEN
  http_config: {authorization: {credentials: GLOBALBEARER}}
route: {receiver: s}
receivers:
  - name: s
    slack_configs: [{channel: '#x'}]
    webhook_configs: [{url: 'http://x/', http_config: {basic_auth: {username: u, password: HOOKPASS}}}]
`,
      FILE,
    );
    const shown = JSON.stringify(c) + inspect(c, { depth: 10 });
    for (const s of ['APPTOKEN', 'GLOBALBEARER', 'HOOKPASS']) expect(shown).not.toContain(s);
    // The senders still read them.
    const r = c.receivers[0]!;
    expect(r.slackConfigs[0]!.appToken.reveal()).toBe('xoxb-APPTOKEN');
    expect(r.slackConfigs[0]!.apiUrl!.reveal()).toBe('https://slack.com/api/chat.postMessage');
    expect(r.slackConfigs[0]!.httpConfig.authorization!.credentials).toBe('GLOBALBEARER');
    expect(r.webhookConfigs[0]!.httpConfig.basicAuth!.password).toBe('HOOKPASS');
  });
});

describe("Alertmanager's checks, each with file:line:column", () => {
  it.each([
    ['an undefined receiver', `route:\n  receiver: a\n  routes:\n    - receiver: nope\nreceivers: [{name: a}]\n`, 'undefined receiver "nope" used in route', 4, 17],
    ['duplicate receiver names', `route: {receiver: a}\nreceivers:\n  - name: a\n  - name: a\n`, 'notification config name "a" is not unique', 4, 11],
    ['a root route with matchers', `route:\n  receiver: a\n  match: {x: y}\nreceivers: [{name: a}]\n`, 'root route must not have any matchers', 2, 3],
    ['a root route without receiver', `route:\n  group_by: [a]\nreceivers: [{name: a}]\n`, 'root route must specify a default receiver', 2, 3],
    ["'...' with other labels", `route:\n  receiver: a\n  group_by: ['...', job]\nreceivers: [{name: a}]\n`, 'cannot have wildcard group_by (`...`) and other labels at the same time', 3, 13],
    ['group_interval 0', `route:\n  receiver: a\n  group_interval: 0s\nreceivers: [{name: a}]\n`, 'group_interval cannot be zero', 3, 19],
    ['email without smarthost', `route: {receiver: a}\nreceivers:\n  - name: a\n    email_configs:\n      - to: x@y\n`, 'no global SMTP smarthost set', 5, 9],
    ['email without from', `global: {smtp_smarthost: 'h:25'}\nroute: {receiver: a}\nreceivers:\n  - name: a\n    email_configs:\n      - to: x@y\n`, 'no global SMTP from set', 6, 9],
    ['url and url_file', `route: {receiver: a}\nreceivers:\n  - name: a\n    webhook_configs:\n      - url: http://x/\n        url_file: /f\n`, 'at most one of url & url_file must be configured', 5, 9],
    ['a secret and its file', `route: {receiver: a}\nreceivers:\n  - name: a\n    pushover_configs:\n      - user_key: k\n        token: t\n        token_file: /f\n`, 'at most one of token & token_file must be configured', 5, 9],
    ['an undefined time interval', `route:\n  receiver: a\n  routes:\n    - mute_time_intervals: [night]\nreceivers: [{name: a}]\n`, 'undefined time interval "night" used in route', 4, 7],
    ['continue on the root', `route:\n  receiver: a\n  continue: true\nreceivers: [{name: a}]\n`, 'cannot have continue in root route', 2, 3],
    ['a bad matcher', `route:\n  receiver: a\n  routes:\n    - matchers: ['foo=~"("']\nreceivers: [{name: a}]\n`, 'error parsing regexp: missing closing ): `^(?:()$`', 4, 18],
    ['a webhook URL without scheme', `route: {receiver: a}\nreceivers:\n  - name: a\n    webhook_configs:\n      - url: example.org/hook\n`, 'invalid URL: unsupported scheme "" for URL', 5, 14],
    ['a webhook URL template that does not parse', `route: {receiver: a}\nreceivers:\n  - name: a\n    webhook_configs:\n      - url: 'http://x/{{ .Foo'\n`, 'invalid template syntax: template: :1: unclosed action', 5, 14],
    ['an unsupported receiver', `route: {receiver: a}\nreceivers:\n  - name: a\n    pagerduty_configs: [{routing_key: x}]\n`, 'pagerduty_configs (receiver "a"): Hearth does not support PagerDuty receivers yet', 4, 5],
    ['a time interval without name', `${MIN}time_intervals:\n  - time_intervals: [{weekdays: [monday]}]\n`, 'missing name in time interval', 6, 5],
  ])('refuses %s', (_what, text, detail, line, column) => {
    const e = refused(text);
    expect(e.problems[0]).toEqual({ detail, line, column });
    expect(e.message).toBe(`${FILE}: ${line}:${column}: ${detail}`);
  });

  it('collects unknown fields and wrong types as yaml.v2 does', () => {
    const e = refused(`route:\n  receiver: a\n  recevier: b\nreceivers:\n  - name: a\n    webhook_configs:\n      - url: http://x/\n        max_alerts: many\n`);
    expect(e.heading).toBe('yaml: unmarshal errors:');
    expect(e.problems.map((p) => [p.line, p.detail])).toEqual([
      [3, 'field recevier not found in type config.plain'],
      [8, 'cannot unmarshal !!str `many` into uint'],
    ]);
  });

  it('refuses an alias bomb quickly instead of expanding it', () => {
    let y = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) y += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const t0 = performance.now();
    // 10^12 nodes once expanded; the anchors come first, as YAML wants.
    const e = refused(`${y}${MIN}time_intervals:\n  - name: n\n    time_intervals:\n      - years: *a11\n`);
    expect(e.problems[0]!.detail).toBe('yaml: document contains excessive aliasing');
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('reads durations as model.Duration strings', () => {
    expect(refused(`route:\n  receiver: a\n  group_wait: [1]\n${MIN.slice(MIN.indexOf('receivers'))}`).problems[0]).toEqual({
      detail: 'cannot unmarshal !!seq into string',
      line: 3,
      column: 15,
    });
    expect(refused(`route:\n  receiver: a\n  group_wait: 5x\n${MIN.slice(MIN.indexOf('receivers'))}`).problems[0]!.detail).toMatch(/"5x"/);
  });

  it('refuses an empty file and a file without route', () => {
    expect(refused('').problems[0]!.detail).toBe('no route provided in config');
    expect(refused('receivers: [{name: a}]\n').problems[0]!.detail).toBe('no routes provided');
  });

  it('refuses YAML that does not parse, with its line', () => {
    const e = refused('route:\n  receiver: [a\n');
    expect(e.problems[0]!.line).toBeGreaterThan(0);
    expect(e.problems[0]!.detail).toMatch(/^yaml: line \d+: /);
  });

  it('takes time_intervals entries and checks their keys', () => {
    const c = parseNotifyConfig(`${MIN}time_intervals:\n  - name: night\n    time_intervals:\n      - times: [{start_time: '22:00', end_time: '24:00'}]\n        weekdays: ['monday:friday']\n`, FILE);
    expect(c.timeIntervals[0]!.name).toBe('night');
    const night = c.timeIntervals[0]!.timeIntervals[0]!;
    expect(night.contains(Date.UTC(2026, 11, 7, 23, 0))).toBe(true); // a Monday, 23:00 UTC
    expect(night.contains(Date.UTC(2026, 11, 6, 23, 0))).toBe(false); // a Sunday
    expect(night.contains(Date.UTC(2026, 11, 7, 12, 0))).toBe(false);
    const e = refused(`${MIN}time_intervals:\n  - name: n\n    time_intervals:\n      - hours: [1]\n`);
    expect(e.problems[0]!.detail).toBe('field hours not found in type timeinterval.plain');
    // The entry's own syntax: notify/timeinterval's message, at the entry's position.
    const bad = refused(`${MIN}time_intervals:\n  - name: n\n    time_intervals:\n      - weekdays: [funday]\n`);
    expect(bad.problems[0]).toMatchObject({ line: 8, column: 9 });
    expect(bad.problems[0]!.detail).toContain('funday');
  });

  it('keeps match_re values anchored, as Alertmanager shows them in route keys', () => {
    const c = parseNotifyConfig(`route:\n  receiver: a\n  routes:\n    - match_re: {owner: 'team-(B|C)'}\nreceivers: [{name: a}]\n`, FILE);
    const m = c.route.routes[0]!.matchers[0]!;
    expect(String(m)).toBe('owner=~"^(?:team-(B|C))$"');
    expect(m.matches('team-B')).toBe(true);
    expect(m.matches('xteam-B')).toBe(false);
    expect(refused(`route:\n  receiver: a\n  routes:\n    - match_re: {owner: '('}\nreceivers: [{name: a}]\n`).problems[0]!.detail).toBe(
      'error parsing regexp: missing closing ): `^(?:()$`',
    );
  });

  it('reads inhibit rules in both syntaxes', () => {
    const c = parseNotifyConfig(
      `${MIN}inhibit_rules:\n  - source_match: {severity: critical}\n    target_matchers: ['severity=~"warn.*"']\n    equal: [alertname]\n`,
      FILE,
    );
    const r = c.inhibitRules[0]!;
    expect(r.sourceMatchers.map(String)).toEqual(['severity="critical"']);
    expect(r.targetMatchers[0]!.matches('warning')).toBe(true);
    expect(r.equal).toEqual(['alertname']);
  });
});
