/**
 * `npm run bench -- rules` end to end, shrunk to a minute: both servers load the rule file,
 * evaluate every group, produce the same recorded series and alerts, and the report has its rows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, referenceData } from '../../../referenceData.js';

const bench = referenceData('bench/gen-openmetrics.mjs');
const prometheus = spawnSync('which', ['prometheus']).status === 0 && spawnSync('which', ['promtool']).status === 0;
const built = existsSync(join(REPO_ROOT, 'dist/electron/core/cli.js'));
const skip = bench.skip ?? (!prometheus ? 'SKIPPED: prometheus and promtool are not installed' : !built ? 'SKIPPED: dist/ is not built (node scripts/build.mjs)' : null);

describe.skipIf(skip !== null)(`bench rules ${skip ?? ''}`, () => {
  it('runs both servers on the same rules and data and reports their figures', { timeout: 240_000 }, async () => {
    const args = ['--series', '400', '--rules', '100', '--history', '10m', '--baseline', '15', '--warmup', '20', '--measure', '30'];
    const child = spawn(process.execPath, [join(REPO_ROOT, 'scripts/bench/rules.mjs'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    expect(code, out).toBe(0);
    expect(out).toContain('rule file: 100 rules');
    expect(out).toContain('Hearth: 100 rules loaded');
    expect(out).toContain('Prometheus: 100 rules loaded');

    const row = (label: string): string[] => {
      const line = out.split('\n').find((l) => l.startsWith(label));
      expect(line, `row "${label}" in:\n${out}`).toBeDefined();
      return line!.slice(label.length).trim().split(/\s{2,}/);
    };
    const [groupsH, groupsP] = row('rule groups seen / evaluations recorded');
    expect(groupsH).toMatch(/^37 \/ [1-9]\d*$/);
    expect(groupsP).toMatch(/^37 \/ [1-9]\d*$/);
    for (const cell of row('CPU share with rules (median of 15 s windows)').slice(0, 2)) expect(Number(cell)).toBeGreaterThan(0);
    const [evalsH, evalsP] = row('rule evaluations per second (due: 6.7)');
    expect(Number(evalsH)).toBeGreaterThan(3);
    expect(Number(evalsP)).toBeGreaterThan(3);
    const [producedH, producedP] = row('recorded series / alerts firing / pending');
    expect(producedH).toBe(producedP);
    expect(producedH).not.toMatch(/^0 \//);
    expect(row('rules with errors / never evaluated').slice(0, 2)).toEqual(['0 / 0', '0 / 0']);
    expect(out).toMatch(/results: sums of \d+ recorded series agree within/);
    expect(out).toMatch(/goal, less CPU than Prometheus evaluating the same rules: /);
  });
});
