import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryTestStore, readTestFile, runPromqlTestFiles, type TestStoreFactory } from '../../../../../electron/core/promql/promqltest/index.js';
import { parseStartOffsets } from '../../../../../electron/core/promql/promqltest/reader.js';
import { isStartTimestampReset } from '../../../../../electron/core/promql/functions/rate.js';

const FILE = `# comment
load 1m
  up{job="a"} 1 2 3 _ stale
  hist {{schema:0 sum:1 count:1}}

eval instant at 2m up
  up{job="a"} 3

eval range from 0 to 2m step 1m up * 2
  {job="a"} 2 4 6

eval instant at 2m up
  up{job="a"} 4

eval instant at 0 hist

eval instant at 0 sum(
  expect fail

eval instant at 1m no_such_metric + 1
  expect no_warn
`;

describe('promqltest reader', () => {
  it('reads loads, evals and expectations with their lines', () => {
    const cmds = readTestFile(FILE);
    expect(cmds.map((c) => `${c.kind}:${c.line}`)).toEqual(['load:2', 'eval:6', 'eval:9', 'eval:12', 'eval:15', 'eval:17', 'eval:20']);
    const load = cmds[0]!;
    expect(load.kind === 'load' && load.series.map((s) => s.histogram)).toEqual([false, true]);
    const range = cmds[2]!;
    expect(range.kind === 'eval' && [range.isRange, range.startMs, range.endMs, range.stepMs]).toEqual([true, 0, 120_000, 60_000]);
  });
});

describe('promqltest runner', () => {
  it('counts passes, failures and native-histogram skips and prints a summary line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promqltest-'));
    const f = join(dir, 'mini.test');
    writeFileSync(f, FILE);
    const lines: string[] = [];
    const s = runPromqlTestFiles([f], { out: (l) => lines.push(l), skipList: {} });
    // Line 12 expects 4 but gets 3; line 17 is a malformed query, which a test file must not hold.
    expect(s.failures).toEqual(['mini.test:12', 'mini.test:17']);
    expect([s.passed, s.failed, s.skipped]).toEqual([3, 2, 1]);
    expect(lines).toContain('FAIL mini.test:12: up');
    expect(lines).toContain('mini.test: 3 passed, 2 failed, 1 skipped');
    expect(lines[lines.length - 1]).toBe('3 passed, 2 failed, 1 skipped');
  });

  it('skips listed cases only when the query still matches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promqltest-'));
    const f = join(dir, 'mini.test');
    writeFileSync(f, FILE);
    const s = runPromqlTestFiles([f], {
      out: () => {},
      skipList: { 'mini.test:12': { expr: 'up', reason: 'test' }, 'mini.test:6': { expr: 'other', reason: 'stale entry' } },
    });
    expect([s.passed, s.failed, s.skipped]).toEqual([3, 1, 2]);
  });

  it('loads into the store the factory makes, a fresh one after clear, and closes each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promqltest-'));
    const f = join(dir, 'clear.test');
    writeFileSync(
      f,
      `load 1m
  a 1 2

eval instant at 1m a
  a 2

clear

eval instant at 1m a

load 1m
  b 3

eval instant at 0 b
  b 3
`,
    );
    const events: string[] = [];
    let n = 0;
    const store: TestStoreFactory = {
      name: 'recording',
      create() {
        const id = ++n;
        const inner = memoryTestStore.create();
        events.push(`create ${id}`);
        return {
          appender: () => (events.push(`load ${id}`), inner.appender()),
          queryable: () => (events.push(`read ${id}`), inner.queryable()),
          close: () => (events.push(`close ${id}`), inner.close()),
        };
      },
    };
    const s = runPromqlTestFiles([f], { out: () => {}, skipList: {}, store });
    expect([s.passed, s.failed]).toEqual([3, 0]);
    // The @-variants and the range check read again: only the order of events is checked.
    const order = events.filter((e, i) => e !== events[i - 1]);
    expect(order).toEqual(['create 1', 'load 1', 'read 1', 'close 1', 'create 2', 'read 2', 'load 2', 'read 2', 'close 2']);
  });
});

describe('start timestamps', () => {
  it('reads @st offset sequences', () => {
    expect(parseStartOffsets('_ -30s-1mx2 -1msx1 * _x2')).toEqual([null, -30_000, -90_000, -150_000, -1, -1, -1, null, null]);
    expect(parseStartOffsets('+1m -59999ms')).toEqual([60_000, -59_999]);
  });

  it('sees a reset when the start time moved past the previous sample', () => {
    expect(isStartTimestampReset(60_000, 120_000, 150_000, 180_000)).toBe(true);
    // A delta stream: each start time is the previous sample's time.
    expect(isStartTimestampReset(60_000, 120_000, 120_000, 180_000)).toBe(true);
    // A cumulative series of unknown start, and an invalid previous start time.
    expect(isStartTimestampReset(0, 120_000, 120_000, 180_000)).toBe(false);
    expect(isStartTimestampReset(180_000, 120_000, 120_000, 180_000)).toBe(false);
    // Start at or after the sample itself is invalid (or an empty delta range).
    expect(isStartTimestampReset(60_000, 120_000, 180_000, 180_000)).toBe(false);
  });

  it('applies @st lines in the runner', () => {
    const dir = mkdtempSync(join(tmpdir(), 'promqltest-'));
    const f = join(dir, 'st.test');
    writeFileSync(
      f,
      `load 1m
  c_total@st _ _ -30s-1mx4
  c_total    _ _ 1 2 3 4 5

eval instant at 6m increase(c_total[5m])
  {} 5
`,
    );
    const s = runPromqlTestFiles([f], { out: () => {}, skipList: {} });
    expect([s.passed, s.failed]).toEqual([1, 0]);
  });
});
