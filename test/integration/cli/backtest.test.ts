/**
 * `hearth backtest rules` as a program, over a TSDB filled by `hearth import openmetrics`: the
 * timeline it prints, its exit codes, and its refusals (a running Hearth's directory, bad flags).
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TSDB } from '../../../electron/core/tsdb/index.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist/electron/core/cli.js');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-backtest-'));
const data = join(tmp, 'data');
const rules = join(tmp, 'rules.yml');
const T0 = 1_700_000_000; // seconds, a whole minute
const iso = (s: number) => new Date(s * 1000).toISOString();

function hearth(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
  // up{instance="a"} is 0 from 10m to 19m; up{instance="b"} is 0 from 25m to 27m; one sample a minute for 30m.
  const lines = ['# TYPE up gauge'];
  for (let i = 0; i <= 30; i++) lines.push(`up{instance="a"} ${i >= 10 && i < 20 ? 0 : 1} ${T0 + i * 60}`);
  for (let i = 0; i <= 30; i++) lines.push(`up{instance="b"} ${i >= 25 && i < 28 ? 0 : 1} ${T0 + i * 60}`);
  lines.push('# EOF');
  const om = join(tmp, 'data.om');
  writeFileSync(om, lines.join('\n') + '\n');
  const imp = hearth(['import', 'openmetrics', om, '--storage.tsdb.path', data]);
  if (imp.code !== 0) throw new Error(`import failed: ${imp.stderr}`);
  writeFileSync(
    rules,
    [
      'groups:',
      '  - name: availability',
      '    interval: 1m',
      '    rules:',
      '      - record: up:sum',
      '        expr: sum(up)',
      '      - alert: InstanceDown',
      '        expr: up == 0',
      '        for: 5m',
      '        labels: {severity: page}',
      "        annotations: {summary: '{{ $labels.instance }} is down'}",
      '      - alert: Never',
      '        expr: up > 5',
      '',
    ].join('\n'),
  );
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('hearth backtest rules', () => {
  it('prints each alerting rule’s timeline', () => {
    const r = hearth(['backtest', 'rules', rules, '--start', String(T0), '--end', iso(T0 + 30 * 60), '--storage.tsdb.path', data]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `InstanceDown (group "availability" in ${rules}), ${iso(T0)} to ${iso(T0 + 1800)} every 1m: 31 evaluations`,
        '  {alertname="InstanceDown", instance="a", severity="page"}',
        `    pending   ${iso(T0 + 600)}`,
        `    firing    ${iso(T0 + 900)}  (after 5m)`,
        `    resolved  ${iso(T0 + 1200)}  (fired for 5m)`,
        '    value     0',
        '    summary: a is down',
        '  {alertname="InstanceDown", instance="b", severity="page"}',
        `    pending   ${iso(T0 + 1500)}`,
        `    resolved  ${iso(T0 + 1680)}  (never fired)`,
        '    value     0',
        '    summary: b is down',
        '',
        `Never (group "availability" in ${rules}), ${iso(T0)} to ${iso(T0 + 1800)} every 1m: 31 evaluations`,
        '  no alerts',
        '',
        '',
      ].join('\n'),
    );
  });

  it('picks one rule with --rule and takes --interval', () => {
    const r = hearth(['backtest', 'rules', rules, '--rule', 'InstanceDown', '--interval', '2m', '--start', String(T0), '--end', String(T0 + 1800), '--storage.tsdb.path', data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('every 2m: 16 evaluations');
    expect(r.stdout).toContain(`    firing    ${iso(T0 + 960)}  (after 6m)`);
    expect(r.stdout).not.toContain('Never');
  });

  it('fails a range with too many evaluations, saying what to change', () => {
    const r = hearth(['backtest', 'rules', rules, '--rule', 'Never', '--interval', '1s', '--start', String(T0), '--end', String(T0 + 86_400), '--storage.tsdb.path', data]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Never (group "availability"): the range needs 86401 evaluations at a 1s interval; at most 10000 are allowed');
  });

  it('refuses usage errors with exit 2', () => {
    const cases: Array<[string[], RegExp]> = [
      [['backtest', 'rules', rules, '--storage.tsdb.path', data], /required flag '--start'/],
      [['backtest', 'rules', rules, '--start', 'soon', '--storage.tsdb.path', data], /invalid value "soon" for flag '--start'/],
      [['backtest', 'rules', rules, '--start', String(T0 + 60), '--end', String(T0), '--storage.tsdb.path', data], /--end is before --start/],
      [['backtest', 'rules', rules, '--rule', 'Nope', '--start', String(T0), '--storage.tsdb.path', data], /no alerting rule named "Nope"/],
      [['backtest', 'rules', rules, '--start', String(T0), '--storage.tsdb.path', join(tmp, 'nothing')], /storage directory .*nothing does not exist/],
      [['backtest', 'rules', join(tmp, 'missing.yml'), '--start', String(T0), '--storage.tsdb.path', data], /missing\.yml/],
      [['backtest', 'alerts'], /unknown backtest 'alerts'/],
    ];
    for (const [args, msg] of cases) {
      const r = hearth(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(/^hearth: error: /);
      expect(r.stderr).toMatch(msg);
    }
  });

  it('refuses a directory another process holds, pointing at the API', () => {
    const db = TSDB.open(data, { housekeepingIntervalMs: 0, retentionTimeMs: 0 });
    try {
      const r = hearth(['backtest', 'rules', rules, '--start', String(T0), '--storage.tsdb.path', data]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/in use by another process.*POST \/api\/hearth\/v1\/rules\/backtest/);
    } finally {
      db.close();
    }
  });

  it('accepts now-<duration>', () => {
    const r = hearth(['backtest', 'rules', rules, '--rule', 'Never', '--start', 'now-10m', '--storage.tsdb.path', data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('every 1m: 11 evaluations');
  });
});
