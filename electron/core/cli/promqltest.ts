/**
 * `hearth promqltest FILE...`: runs PromQL test files (the format of Prometheus's promqltest)
 * against an in-memory store or the TSDB, printing failures with file:line and one summary
 * line. The TSDB adapter lives here, with the wiring: promql/ and tsdb/ never import each other.
 */

import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryTestStore, runPromqlTestFiles, type TestStore, type TestStoreFactory } from '../promql/promqltest/index.js';
import { TSDB, type TSDBOptions } from '../tsdb/index.js';
import { formatHelp, parseArgs, UsageError, type FlagSpec } from './flags.js';

const FLAGS: readonly FlagSpec[] = [
  {
    name: 'storage',
    kind: 'enum',
    values: ['memory', 'tsdb'],
    default: 'memory',
    placeholder: 'memory|tsdb',
    help: 'Where the test data is loaded: the in-memory store, or the SQLite TSDB in a temporary directory (compacted into blocks before each run of evals).',
  },
];

/**
 * The files hold samples at t = 0: no retention, and no timer racing the runner. A load may
 * start at t = 0 after an earlier one reached hours later, which the head refuses as out of
 * bounds (more than 1 h behind its newest sample). Prometheus's test storage accepts 12 h
 * behind (24 h blocks, "tests just load data for a series sequentially"); the TSDB has no
 * option for its in-order window, so an out-of-order window of the same 12 h stands in.
 * Samples the files load for a series are in order, so they still take the in-order path.
 */
const TSDB_OPTIONS: TSDBOptions = { retentionTimeMs: 0, housekeepingIntervalMs: 0, outOfOrderWindowMs: 12 * 3_600_000 };

/**
 * One TSDB in its own directory under `root`. Before evals that follow a load, everything
 * is compacted into blocks and the database reopened: the reopened head has empty rings (the
 * log was trimmed to nothing), so every sample is read from the SQLite chunks, staleness
 * markers included, not from the in-memory head.
 */
class TsdbTestStore implements TestStore {
  private db: TSDB | null;
  private loaded = false;

  constructor(private readonly dir: string) {
    this.db = TSDB.open(dir, TSDB_OPTIONS);
  }

  private open(): TSDB {
    if (!this.db) throw new Error(`test TSDB ${this.dir} is closed`);
    return this.db;
  }

  appender() {
    this.loaded = true;
    return this.open().appender();
  }

  queryable() {
    let db = this.open();
    if (this.loaded) {
      this.loaded = false;
      db.compactAll();
      db.close();
      this.db = null; // a reopen that throws leaves nothing to close twice
      this.db = db = TSDB.open(this.dir, TSDB_OPTIONS);
    }
    return db;
  }

  close(): void {
    const db = this.db;
    this.db = null;
    try {
      db?.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/**
 * A new directory for test stores, in memory where the system has a tmpfs at /dev/shm: each
 * store is opened, compacted and closed a few times, and on a busy disk the syncs of those
 * steps cost three times the run's CPU (30 s against 9 s for the conformance files).
 */
export function scratchDir(): string {
  let base = tmpdir();
  try {
    accessSync('/dev/shm', constants.W_OK);
    base = '/dev/shm';
  } catch {
    // No tmpfs there: the system's temporary directory.
  }
  return mkdtempSync(join(base, 'hearth-promqltest-'));
}

/** Stores in numbered directories under `root` (each removed as its store closes; `root` is the caller's). */
export function tsdbTestStore(root: string): TestStoreFactory {
  let n = 0;
  return { name: 'tsdb', create: () => new TsdbTestStore(join(root, String(++n))) };
}

export async function promqltestCommand(argv: readonly string[]): Promise<number> {
  const args = parseArgs('hearth promqltest', FLAGS, argv);
  if (args.help) {
    process.stdout.write(
      formatHelp('hearth promqltest [FLAGS] FILE...', 'Run PromQL test files against an in-memory store or the TSDB. Skips come from the skip list in the repo.', FLAGS),
    );
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError('hearth promqltest: required argument FILE not provided');
  const root = args.values['storage'] === 'tsdb' ? scratchDir() : null;
  try {
    const store = root ? tsdbTestStore(root) : memoryTestStore;
    const summary = runPromqlTestFiles([...args.positionals], { store, out: (line) => process.stdout.write(line + '\n') });
    return summary.failed > 0 ? 1 : 0;
  } finally {
    if (root) rmSync(root, { recursive: true, force: true });
  }
}
