/**
 * Crash safety: a child process appends batches and is SIGKILLed at random moments; after
 * reopening, every batch it reported committed is there, whole, and no batch is half there.
 * Then a torn SQLite WAL tail is cut back with a warning, not a refusal to start.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/core/log.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const dist = join(root, 'dist');
const child = join(import.meta.dirname, 'fixtures', 'appendChild.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-crash-'));
const T0 = 1_700_000_000_000;
const STEP = 600_000;
const BASE = 40;

type Mod = typeof import('../../../electron/core/tsdb/index.js');
let TSDB: Mod['TSDB'];
let Matcher: typeof import('../../../electron/core/model/matcher.js').Matcher;

beforeAll(async () => {
  if (!existsSync(join(dist, 'electron/core/tsdb/index.js'))) throw new Error('dist/ is missing: build first (npx tsc -p electron/tsconfig.json)');
  ({ TSDB } = (await import(join(dist, 'electron/core/tsdb/index.js'))) as Mod);
  ({ Matcher } = await import(join(dist, 'electron/core/model/matcher.js')));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the child until it has reported `minBatches` commits plus a random delay, then SIGKILLs it. */
function runAndKill(dir: string, minBatches: number, extraMs: number, whileRunning?: () => void): Promise<number[]> {
  return new Promise((resolvePromise, reject) => {
    const p = spawn(process.execPath, [child, dist, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: number[] = [];
    let buf = '';
    let err = '';
    let armed = false;
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (/^\d+$/.test(line)) reported.push(Number(line));
      }
      if (!armed && reported.length >= minBatches) {
        armed = true;
        try {
          whileRunning?.();
        } catch (e) {
          p.kill('SIGKILL');
          reject(e);
          return;
        }
        setTimeout(() => p.kill('SIGKILL'), extraMs);
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child exited with ${code}: ${err}`));
      else resolvePromise(reported);
    });
  });
}

/** Batch number → how many of its samples are stored (BASE + 1 when whole). */
function storedBatches(dir: string, logger?: Logger): Map<number, number> {
  const db = TSDB.open(dir, { housekeepingIntervalMs: 0, ...(logger ? { logger } : {}) });
  try {
    const counts = new Map<number, number>();
    const q = db.querier(-Infinity, Infinity);
    for (const s of q.select(false, null, new Matcher('=', 'job', 'crash'))) {
      const { t, v, length } = s.samples;
      for (let i = 0; i < length; i++) {
        const b = Math.round((t[i]! - T0) / STEP);
        expect(v[i]).toBe(b + 0.25);
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
    }
    return counts;
  } finally {
    db.close();
  }
}

function expectWholeBatches(counts: Map<number, number>, reported: Set<number>): number {
  let max = -1;
  for (const [b, n] of counts) {
    expect(n, `batch ${b} is half there`).toBe(BASE + 1);
    if (b > max) max = b;
  }
  for (const b of reported) expect(counts.get(b), `reported batch ${b} lost`).toBe(BASE + 1);
  // Batches are consecutive: nothing stored beyond the first one the child did not report.
  for (let b = 0; b <= max; b++) expect(counts.has(b), `batch ${b} missing below ${max}`).toBe(true);
  return max;
}

describe('crash safety', () => {
  it('keeps every reported batch whole across repeated kill -9', async () => {
    const dir = join(tmp, 'kill');
    const reported = new Set<number>();
    for (let round = 0; round < 6; round++) {
      const lockCheck =
        round === 0
          ? () => {
              // A second process on the same directory fails at once, naming it.
              expect(() => TSDB.open(dir)).toThrow(new RegExp(`${dir} is in use by another process`));
            }
          : undefined;
      const got = await runAndKill(dir, 5 + Math.floor(Math.random() * 40), Math.floor(Math.random() * 60), lockCheck);
      for (const b of got) reported.add(b);
      const max = expectWholeBatches(storedBatches(dir), reported);
      expect(max).toBeGreaterThanOrEqual(Math.max(...got));
      // At most the one batch in flight when the kill landed may be stored unreported.
      expect(max).toBeLessThanOrEqual(Math.max(...got) + 1);
    }
    expect(reported.size).toBeGreaterThan(30);
  }, 120_000);

  it('cuts a torn WAL tail back with a warning instead of refusing to start', async () => {
    const dir = join(tmp, 'torn');
    const reported = new Set(await runAndKill(dir, 30, 0));
    const wal = join(dir, 'hearth.db-wal');
    expect(existsSync(wal)).toBe(true);
    const size = statSync(wal).size;
    expect(size).toBeGreaterThan(1000);
    // Tear the last frame.
    truncateSync(wal, size - 777);
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (msg: string) => warnings.push(msg),
      error: (msg: string) => warnings.push(msg),
      with() {
        return logger;
      },
    };
    const counts = storedBatches(dir, logger);
    expect(warnings.some((w) => /truncated log tail/i.test(w)), warnings.join('\n')).toBe(true);
    // Whole batches only; the torn commit (the newest) may be gone, older ones are all there.
    const max = expectWholeBatches(counts, new Set());
    expect(max).toBeGreaterThanOrEqual(Math.max(...reported) - 1);
  }, 60_000);
});
