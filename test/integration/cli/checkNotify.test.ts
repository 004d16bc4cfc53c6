/**
 * `hearth check notify` as a user runs it (the built CLI in a child process), side by side
 * with Debian's `amtool check-config` (Alertmanager 0.25) where it is installed, on
 * Alertmanager's fixtures where 0.25 and 0.34 give the same verdict and message, and on
 * files written here. Hearth's output differs from amtool's by design only in that errors
 * carry line:column and the program calls itself hearth; both are normalised away.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceData } from '../../referenceData.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist/electron/core/cli.js');
const AMTOOL = '/usr/bin/amtool';
const DATA = referenceData('alertmanager-testdata');
const TESTDATA = join(DATA.path, 'config/testdata');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cwd: string, cmd: string, args: string[], input?: string): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 30_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hearth = (cwd: string, args: string[], input?: string): Run => run(cwd, process.execPath, [cli, 'check', 'notify', ...args], input);

function normalise(r: Run): Run {
  return {
    code: r.code,
    stdout: r.stdout.replace(/FAILED: \d+:\d+: /g, 'FAILED: ').replace(/^ {2}(\d+):\d+: /gm, '  line $1: '),
    stderr: trimEnd(r.stderr.replace(/^hearth: /gm, 'amtool: ')),
  };
}

/** amtool's argument parser ends its error with a blank line. */
function trimEnd(s: string): string {
  return s.replace(/\n+$/, '\n');
}

const amtool = (cwd: string, args: string[], input?: string): Run => {
  const r = run(cwd, AMTOOL, ['check-config', ...args], input);
  return { ...r, stderr: trimEnd(r.stderr) };
};

/** Fixtures on which Alertmanager 0.25 and 0.34 agree (verdict and message), using receivers Hearth has. */
const AGREE = [
  'conf.empty-fields.yml',
  'conf.group-by-all.yml',
  'conf.http-config.good.yml',
  'conf.nil-match_re-route.yml',
  'conf.nil-source_match_re-inhibition.yml',
  'conf.nil-target_match_re-inhibition.yml',
  'conf.slack-both-file-and-url.yml',
  'conf.slack-default-api-url-file.yml',
  'conf.smtp-both-password-and-file.yml',
  'conf.smtp-no-username-or-password.yml',
];

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
});

describe.skipIf(DATA.skip !== null)(`hearth check notify on Alertmanager's fixtures ${DATA.skip ?? ''}`, () => {
  it.each(AGREE)('%s', (f) => {
    const h = hearth(TESTDATA, [f]);
    expect(h.stdout).toMatch(new RegExp(`^Checking '${f.replace(/\./g, '\\.')}'  (SUCCESS|FAILED)`));
    if (!existsSync(AMTOOL)) return;
    expect(normalise(h)).toEqual(amtool(TESTDATA, [f]));
  });

  it('checks several files in one call and counts the failures', () => {
    const files = ['conf.group-by-all.yml', 'conf.nil-match_re-route.yml', 'conf.smtp-both-password-and-file.yml'];
    const h = hearth(TESTDATA, files);
    expect(h.code).toBe(1);
    expect(h.stderr).toBe('hearth: error: failed to validate 2 file(s)\n');
    if (existsSync(AMTOOL)) expect(normalise(h)).toEqual(amtool(TESTDATA, files));
  });

  it('refuses a receiver Hearth does not support yet, plainly and with its position', () => {
    const h = hearth(TESTDATA, ['conf.good.yml']);
    expect(h.code).toBe(1);
    expect(h.stdout).toBe(
      `Checking 'conf.good.yml'  FAILED: 92:5: pagerduty_configs (receiver "team-X-pager"): Hearth does not support PagerDuty receivers yet\n\n`,
    );
  });
});

/** Small files exercising one check each, on which amtool 0.25 and Alertmanager 0.34 agree. */
const WRITTEN: Record<string, string> = {
  'email-no-to.yml': "route:\n  receiver: a\nreceivers:\n  - name: a\n    email_configs:\n      - from: x@y\n        smarthost: h:25\n",
  'dup-groupby.yml': "route:\n  receiver: a\n  group_by: [a, a]\nreceivers:\n  - name: a\n",
  'empty-name.yml': "route:\n  receiver: a\nreceivers:\n  - name: a\n  - name: ''\n",
  'inhibit-badname.yml': "route:\n  receiver: a\nreceivers:\n  - name: a\ninhibit_rules:\n  - source_match: {'1a': b}\n",
  'noroute.yml': "receivers:\n  - name: a\n",
  'repeat0.yml': "route:\n  receiver: a\n  repeat_interval: 0s\nreceivers:\n  - name: a\n",
  'rootcont.yml': "route:\n  receiver: a\n  continue: true\nreceivers:\n  - name: a\n",
  'slack-action.yml': "global:\n  slack_api_url: http://x/\nroute:\n  receiver: a\nreceivers:\n  - name: a\n    slack_configs:\n      - actions: [{text: t, url: 'http://x'}]\n",
  'smarthost-noport.yml': "global:\n  smtp_smarthost: localhost\nroute:\n  receiver: a\nreceivers:\n  - name: a\n",
  'tg-parse.yml': "route:\n  receiver: a\nreceivers:\n  - name: a\n    telegram_configs:\n      - chat_id: 1\n        bot_token: t\n        parse_mode: Foo\n",
  'ti-dup.yml': "route:\n  receiver: a\nreceivers:\n  - name: a\ntime_intervals:\n  - name: x\n    time_intervals: []\n  - name: x\n    time_intervals: []\n",
  'ti-root.yml': "route:\n  receiver: a\n  mute_time_intervals: [x]\nreceivers:\n  - name: a\ntime_intervals:\n  - name: x\n    time_intervals: [{weekdays: [monday]}]\n",
  'ti-undef.yml': "route:\n  receiver: a\n  routes:\n    - active_time_intervals: [x]\nreceivers:\n  - name: a\n",
  'undef-nested.yml': "route:\n  receiver: a\n  routes:\n    - receiver: b\n      routes: [{receiver: c}]\nreceivers:\n  - name: a\n",
  'unknown-top.yml': "route:\n  receiver: a\nfoo: 1\nreceivers:\n  - name: a\n",
  'unterminated.yml': "route:\n  receiver: a\n  routes:\n    - matchers: ['foo=\"bar']\nreceivers:\n  - name: a\n",
  'wh-bearer.yml': "route:\n  receiver: a\nreceivers:\n  - name: a\n    webhook_configs:\n      - url: http://x/\n        http_config:\n          bearer_token: a\n          bearer_token_file: b\n",
  'badtype.yml': "route:\n  receiver: a\n  group_wait: [1]\nreceivers:\n  - name: a\n",
};

describe('hearth check notify on files written here', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-checknotify-'));
    const base = `route:\n  receiver: a\nreceivers:\n  - name: a\n    webhook_configs:\n      - url: http://127.0.0.1:9/hook\n`;
    writeFileSync(join(dir, 'good.yml'), `${base}templates: ['t/*.tmpl']\n`);
    writeFileSync(join(dir, 'unknown.yml'), `route:\n  receiver: a\n  recevier: b\nreceivers:\n  - name: a\n`);
    writeFileSync(join(dir, 'badtmpl.yml'), `${base}templates: ['bad/*.tmpl']\n`);
    writeFileSync(join(dir, 'undefined.yml'), `route:\n  receiver: a\n  routes:\n    - receiver: b\nreceivers:\n  - name: a\n`);
    writeFileSync(join(dir, 'badregex.yml'), `route:\n  receiver: a\n  routes:\n    - matchers: ['foo=~"("']\nreceivers:\n  - name: a\n`);
    writeFileSync(join(dir, 'badmatchre.yml'), `route:\n  receiver: a\n  routes:\n    - match_re: {foo: 'a(b'}\nreceivers:\n  - name: a\n`);
    writeFileSync(join(dir, 'dupreceiver.yml'), `route:\n  receiver: a\nreceivers:\n  - name: a\n  - name: a\n`);
    writeFileSync(join(dir, 'rootmatch.yml'), `route:\n  receiver: a\n  match: {x: y}\nreceivers:\n  - name: a\n`);
    for (const [f, text] of Object.entries(WRITTEN)) writeFileSync(join(dir, f), text);
    for (const d of ['t', 'bad']) spawnSync('mkdir', ['-p', join(dir, d)]);
    writeFileSync(join(dir, 't/ok.tmpl'), '{{ define "x" }}{{ .CommonLabels.alertname | toUpper }}{{ end }}');
    writeFileSync(join(dir, 'bad/broken.tmpl'), '{{ define "x" }}{{ .Foo');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['good.yml', 'unknown.yml', 'badtmpl.yml', 'undefined.yml', 'badregex.yml', 'badmatchre.yml', 'dupreceiver.yml', 'rootmatch.yml', ...Object.keys(WRITTEN)])('%s as amtool', (f) => {
    const h = hearth(dir, [f]);
    expect(h.stdout.startsWith(`Checking '${f}'`)).toBe(true);
    expect(h.code).toBe(f === 'good.yml' ? 0 : 1);
    if (existsSync(AMTOOL)) expect(normalise(h)).toEqual(amtool(dir, [f]));
  });

  it('reads standard input without FILE', () => {
    const h = hearth(dir, [], `route:\n  receiver: a\nreceivers:\n  - name: a\n`);
    expect(h.code).toBe(0);
    expect(h.stdout).toBe("Checking '/dev/stdin'  SUCCESS\nFound:\n - global config\n - route\n - 0 inhibit rules\n - 1 receivers\n - 0 templates\n\n");
  });

  it('refuses a missing path before checking anything, as amtool does', () => {
    const h = hearth(dir, ['good.yml', 'missing.yml']);
    expect(h.code).toBe(1);
    expect(h.stdout).toBe('');
    expect(h.stderr).toBe("hearth: error: path 'missing.yml' does not exist\n");
  });
});
