/**
 * Runs every PromQL conformance file in ../shared/promql-testdata through the promqltest
 * runner and fails when fewer cases pass than recorded (a ratchet: raise PASSED_AT_LEAST
 * when the engine gets better, never lower it), or when any case fails outright.
 */

import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPromqlTestFiles } from '../../electron/core/promql/promqltest/index.js';

/** The number of conformance cases passing when this was last raised. */
const PASSED_AT_LEAST = 1288;

const dir = resolve(__dirname, '../../../shared/promql-testdata');

describe('PromQL conformance files', () => {
  it('passes at least the recorded number of cases and fails none', () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.test'))
      .sort()
      .map((f) => resolve(dir, f));
    expect(files.length).toBeGreaterThan(0);
    const lines: string[] = [];
    const summary = runPromqlTestFiles(files, { out: (l) => lines.push(l) });
    expect(lines[lines.length - 1]).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
    // The counts belong in every run's output, skipped cases (native histograms) included.
    console.log(`PromQL conformance: ${lines[lines.length - 1]}`);
    // Print the failures to make a regression easy to read.
    if (summary.failed > 0) console.log(lines.filter((l) => !/^\S+\.test: /.test(l)).join('\n'));
    if (summary.passingSkips.length > 0) console.log(`skip-listed cases that pass now: ${summary.passingSkips.join(', ')}`);
    expect(summary.failures).toEqual([]);
    expect(summary.passed).toBeGreaterThanOrEqual(PASSED_AT_LEAST);
  });
});
