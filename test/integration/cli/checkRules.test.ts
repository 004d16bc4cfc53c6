/**
 * `hearth check rules` and `hearth check config` as a user runs them (the built CLI in a child
 * process; npm test builds first), side by side with promtool where it is installed. The
 * installed promtool is 2.42; files where 2.42 and Prometheus 3 disagree are left out of the
 * comparison (they are in the unit table with Prometheus 3's verdicts). Hearth's output differs
 * from promtool's by design in two ways, normalised away here: unmarshal errors name the
 * column as well as the line, and (as promtool 3) no blank line follows a failed file.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referenceData } from '../../referenceData.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const cli = join(root, 'dist/electron/core/cli.js');
const PROMTOOL = '/usr/bin/promtool';
const DATA = referenceData('prometheus-testdata');
const PT = join(DATA.path, 'cmd/promtool/testdata');
const FIXTURES = join(DATA.path, 'rules/fixtures');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIn(cwd: string, cmd: string, args: string[], input?: string): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 30_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const hearth = (cwd: string, args: string[], input?: string): Run => runIn(cwd, process.execPath, [cli, ...args], input);

function normalise(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/^(  line \d+), column \d+:/, '$1:').trim())
    .filter((l) => l !== '')
    .join('\n');
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run npm run build first`);
});

/** Rule files on which promtool 2.42 and 3 agree. */
const AGREE_RULES = [
  'rules.yml',
  'bad-rules-error.yml',
  'bad-rules-syntax.yml',
  'rules_duplicates.yml',
  'rules_extrafields.yml',
  'prometheus-rules.lint.yml',
  'at-modifier.yml',
  'negative-offset.yml',
  'rules_run.yml',
  'unittest.yml',
  'prometheus-config.good.yml',
];
const AGREE_FIXTURES = ['alert_rule.yaml', 'rules.yaml', 'rules_chain.yaml', 'rules_multi_doc.yaml', 'rules_multiple_groups.yaml', 'rules_indeterminates.yaml'];

const promtoolSkip = !existsSync(PROMTOOL) ? `SKIPPED: ${PROMTOOL} is not installed, nothing to compare with` : null;
const skip = DATA.skip ?? promtoolSkip;

describe.skipIf(skip !== null)(skip ?? 'hearth check rules beside promtool', () => {
  for (const [dir, file] of [...AGREE_RULES.map((f) => [PT, f] as const), ...AGREE_FIXTURES.map((f) => [FIXTURES, f] as const)]) {
    it(`${file}: same exit code and output`, () => {
      const h = hearth(dir, ['check', 'rules', file]);
      const p = runIn(dir, PROMTOOL, ['check', 'rules', file]);
      expect(h.code, h.stderr).toBe(p.code);
      expect(normalise(h.stdout)).toBe(normalise(p.stdout));
      expect(normalise(h.stderr)).toBe(normalise(p.stderr));
    });
  }

  it('--lint-fatal and --lint=none as promtool', () => {
    for (const args of [['--lint-fatal'], ['--lint=none', '--lint-fatal'], ['--lint=all']]) {
      const h = hearth(PT, ['check', 'rules', ...args, 'rules_duplicates.yml', 'rules.yml']);
      const p = runIn(PT, PROMTOOL, ['check', 'rules', ...args, 'rules_duplicates.yml', 'rules.yml']);
      expect([h.code, normalise(h.stdout), normalise(h.stderr)], args.join(' ')).toEqual([p.code, normalise(p.stdout), normalise(p.stderr)]);
    }
  });

  it('check config with rule files: same verdicts, rule files checked after the config', () => {
    for (const file of ['prometheus-config.lint.yml', 'prometheus-config.lint.too_long_scrape_interval.yml', 'config_with_rule_files.yml']) {
      for (const args of [[], ['--lint-fatal']]) {
        const h = hearth(PT, ['check', 'config', ...args, file]);
        const p = runIn(PT, PROMTOOL, ['check', 'config', ...args, file]);
        expect(h.code, `${file} ${args.join(' ')}\n${h.stdout}${h.stderr}`).toBe(p.code);
        expect(normalise(h.stdout)).toBe(normalise(p.stdout));
      }
    }
  });
});

describe.skipIf(DATA.skip !== null)(DATA.skip ?? 'hearth check rules on its own', () => {
  it('reads standard input when no file is given, with the same verdict as the file', () => {
    const text = readFileSync(join(PT, 'bad-rules-syntax.yml'), 'utf8');
    const h = hearth(PT, ['check', 'rules'], text);
    expect(h.code).toBe(1);
    expect(h.stdout).toBe('Checking standard input\n');
    expect(h.stderr).toBe('  FAILED:\n7:15: group "bad-syntax", rule 1, "x": could not parse expression: 1:7: parse error: unexpected end of input\n');
    const good = hearth(PT, ['check', 'rules'], readFileSync(join(PT, 'rules.yml'), 'utf8'));
    expect([good.code, good.stdout]).toEqual([0, 'Checking standard input\n  SUCCESS: 5 rules found\n\n']);
  });

  it('--lint-fatal exits 3 on lint findings alone; too-long-scrape-interval lints the config', () => {
    expect(hearth(PT, ['check', 'rules', '--lint-fatal', 'rules_duplicates.yml']).code).toBe(3);
    const r = hearth(PT, ['check', 'config', '--lint=too-long-scrape-interval', '--lint-fatal', 'prometheus-config.lint.too_long_scrape_interval.yml']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('  FAILED: too long scrape interval found, data point will be marked as stale - job: too_long_scrape_interval_test, interval: 10m');
  });

  it('usage errors exit 2 in one line; help lists the check commands', () => {
    const r = hearth(PT, ['check', 'rules', '--lint-fatal=maybe', 'rules.yml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(hearth(PT, ['--help']).stdout).toContain('check rules');
    expect(hearth(PT, ['check', '--help']).stdout).toContain('rules [FILE...]');
  });
});
