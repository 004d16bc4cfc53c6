import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkNotifyFiles, checkTemplates } from '../../../../electron/core/cli/checkNotify.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hearth-checknotify-unit-'));
  mkdirSync(join(dir, 'tmpl'));
  writeFileSync(join(dir, 'tmpl/ok.tmpl'), '{{ define "t" }}{{ range .Alerts }}{{ .Labels.alertname | toUpper }}{{ end }}{{ end }}');
  writeFileSync(join(dir, 'tmpl/bad.tmpl.x'), '{{ if }}');
  writeFileSync(
    join(dir, 'ok.yml'),
    `route: {receiver: a}\ninhibit_rules: [{source_matchers: [a=b], target_matchers: [c=d]}]\nreceivers: [{name: a}, {name: b}]\ntemplates: ['tmpl/*.tmpl']\n`,
  );
  writeFileSync(join(dir, 'secret.yml'), `route: {receiver: a}\nreceivers:\n  - name: a\n    slack_configs: [{api_url: 'hooks.slack.com/services/T/B/TOPSECRET'}]\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function check(files: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await checkNotifyFiles(
    files.map((f) => join(dir, f)),
    (t) => (out += t),
    (t) => (err += t),
  );
  return { code, out: out.replaceAll(dir + '/', ''), err };
}

describe('check notify', () => {
  it("prints amtool's success report with the counts and the templates' verdict", async () => {
    const r = await check(['ok.yml']);
    expect(r).toEqual({
      code: 0,
      out: "Checking 'ok.yml'  SUCCESS\nFound:\n - global config\n - route\n - 1 inhibit rules\n - 2 receivers\n - 1 templates\n  SUCCESS\n\n",
      err: '',
    });
  });

  it('fails with the error and its position, and never prints a secret URL', async () => {
    const r = await check(['secret.yml', 'ok.yml']);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`Checking 'secret.yml'  FAILED: 4:31: unsupported scheme "" for URL\n\n`);
    expect(r.out).not.toContain('TOPSECRET');
    expect(r.out).toContain("Checking 'ok.yml'  SUCCESS");
    expect(r.err).toBe('hearth: error: failed to validate 1 file(s)\n');
  });

  it("reports a template that does not parse with Go's message", () => {
    expect(checkTemplates([join(dir, 'tmpl/*.tmpl')])).toBeNull();
    expect(checkTemplates([join(dir, 'tmpl/*.x')])).toMatch(/^template: bad\.tmpl\.x:1: missing value for if/);
    expect(checkTemplates([join(dir, 'nothing/*.tmpl')])).toBeNull();
  });
});
