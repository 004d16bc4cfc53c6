/**
 * Runs every PromQL conformance file in ../shared/promql-testdata through the promqltest
 * runner twice: against the in-memory store, and against the SQLite TSDB (loaded through its
 * appender, compacted into blocks before the evals). Each store fails when fewer cases pass
 * than recorded (a ratchet: raise the figure when the engine or the store gets better, never
 * lower it), or when any case fails outright.
 */

import { readdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir, tsdbTestStore } from '../../electron/core/cli/promqltest.js';
import { referenceData } from '../referenceData.js';
import { memoryTestStore, runPromqlTestFiles, SKIP_LIST, TSDB_SKIP_LIST, type SkipList, type TestStoreFactory } from '../../electron/core/promql/promqltest/index.js';

/** The number of conformance cases passing, per store, when this was last raised. */
const PASSED_AT_LEAST = { memory: 1288, tsdb: 1288 };

const DATA = referenceData('promql-testdata');
const dir = DATA.path;
const missing = DATA.skip;

function files(): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test'))
    .sort()
    .map((f) => resolve(dir, f));
}

/** `storeOnly`: the skip list of this store alone, counted apart in the output. */
function runOn(store: TestStoreFactory, storeOnly: SkipList, passedAtLeast: number): void {
  const list = files();
  expect(list.length).toBeGreaterThan(0);
  const lines: string[] = [];
  const t0 = performance.now();
  const summary = runPromqlTestFiles(list, { store, skipList: { ...SKIP_LIST, ...storeOnly }, out: (l) => lines.push(l) });
  const ms = Math.round(performance.now() - t0);
  const last = lines[lines.length - 1]!;
  expect(last).toMatch(/^\d+ passed, \d+ failed, \d+ skipped$/);
  // The counts belong in every run's output, skipped cases (native histograms) included.
  const storeOnlySkips = summary.listedSkips.filter((w) => w in storeOnly).length;
  const own = storeOnlySkips > 0 ? ` (${storeOnlySkips} of the skips on ${store.name} only, listed with their reasons)` : '';
  console.log(`PromQL conformance, ${store.name}: ${last}${own}, ${ms} ms`);
  // Print the failures to make a regression easy to read.
  if (summary.failed > 0) console.log(lines.filter((l) => !/^\S+\.test: /.test(l)).join('\n'));
  if (summary.passingSkips.length > 0) console.log(`skip-listed cases that pass now on ${store.name}: ${summary.passingSkips.join(', ')}`);
  expect(summary.failures).toEqual([]);
  expect(summary.passed).toBeGreaterThanOrEqual(passedAtLeast);
}

describe.skipIf(missing !== null)(`PromQL conformance files${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('memory: passes at least the recorded number of cases and fails none', () => {
    runOn(memoryTestStore, {}, PASSED_AT_LEAST.memory);
  });

  it('tsdb: passes at least the recorded number of cases and fails none', { timeout: 120_000 }, () => {
    const root = scratchDir();
    try {
      runOn(tsdbTestStore(root), TSDB_SKIP_LIST, PASSED_AT_LEAST.tsdb);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
