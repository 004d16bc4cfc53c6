/**
 * Crash safety of the alert store: a child process saves numbered generations of two groups'
 * alerts (with their transitions) and is SIGKILLed at random moments; after each kill, every
 * group holds one whole generation (never part of one), every generation it reported is
 * stored, and the history holds each stored generation's transitions exactly once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..', '..', '..');
const dist = join(root, 'dist');
const child = join(import.meta.dirname, 'fixtures', 'saveChild.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'hearth-alertcrash-'));
const GROUPS = ['crash.yml;a', 'crash.yml;b'];

type StoreMod = typeof import('../../../../../electron/core/rules/store/index.js');
type TsdbMod = typeof import('../../../../../electron/core/tsdb/index.js');
let store: StoreMod;
let tsdb: TsdbMod;

beforeAll(async () => {
  if (!existsSync(join(dist, 'electron/core/rules/store/index.js'))) throw new Error('dist/ is missing the alert store: build first (npx tsc -p electron/tsconfig.json)');
  store = (await import(join(dist, 'electron/core/rules/store/index.js'))) as StoreMod;
  tsdb = (await import(join(dist, 'electron/core/tsdb/index.js'))) as TsdbMod;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the child until it reported `min` generations plus a random delay, then SIGKILLs it. */
function runAndKill(dir: string, min: number, extraMs: number): Promise<number[]> {
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
      if (!armed && reported.length >= min) {
        armed = true;
        setTimeout(() => p.kill('SIGKILL'), extraMs);
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolvePromise(reported) : reject(new Error(`child exited with ${code}: ${err}`))));
  });
}

/** Each group's stored generation, after checking that it is whole; and the history's. */
function stored(dir: string): { gens: Map<string, number>; savedAtMs: number | null; history: Map<string, number> } {
  const db = tsdb.TSDB.open(dir, { housekeepingIntervalMs: 0 });
  const s = store.SqliteAlertStateStore.open(dir);
  const h = store.SqliteAlertHistory.open(dir, { maxMs: Infinity });
  try {
    const { alerts, savedAtMs } = s.load();
    const gens = new Map<string, number>();
    for (const g of GROUPS) {
      const mine = alerts.filter((a) => a.groupKey === g);
      if (mine.length === 0) continue;
      const gen = mine[0]!.value;
      // One whole generation: its count of alerts, all of it.
      expect(mine.map((a) => [a.value, a.activeAtMs, a.labels.get('i')]), `group ${g}`).toEqual(Array.from({ length: (gen % 7) + 1 }, (_, i) => [gen, gen, String(i)]));
      gens.set(g, gen);
    }
    // Transitions per group and generation, each exactly three.
    const history = new Map<string, number>();
    let after = null;
    for (;;) {
      const page = h.query({ rules: [], groups: [], states: [], matcherSets: [], startMs: -Infinity, endMs: Infinity, limit: 10_000, after });
      for (const e of page.entries) history.set(`${e.groupKey}@${e.value}`, (history.get(`${e.groupKey}@${e.value}`) ?? 0) + 1);
      if (!page.next) break;
      after = page.next;
    }
    return { gens, savedAtMs, history };
  } finally {
    h.close();
    s.close();
    db.close();
  }
}

describe('alert store crash safety', () => {
  it('keeps whole saves only, and every reported one, across repeated kill -9', async () => {
    const dir = join(tmp, 'kill');
    let reportedMax = 0;
    for (let round = 0; round < 6; round++) {
      const got = await runAndKill(dir, 5 + Math.floor(Math.random() * 60), Math.floor(Math.random() * 30));
      if (got.length > 0) reportedMax = Math.max(reportedMax, ...got);
      const { gens, savedAtMs, history } = stored(dir);
      const a = gens.get(GROUPS[0]!)!;
      const b = gens.get(GROUPS[1]!)!;
      // Every reported generation is there; at most the one in flight is there unreported, and
      // group B is saved after group A, so it is at A's generation or the one before.
      expect(a).toBeGreaterThanOrEqual(reportedMax);
      expect(a).toBeLessThanOrEqual(reportedMax + 1);
      expect([a, a - 1]).toContain(b);
      expect(savedAtMs).toBe(a);
      for (const [g, upTo] of [
        [GROUPS[0]!, a],
        [GROUPS[1]!, b],
      ] as const) {
        for (let gen = 1; gen <= upTo; gen++) expect(history.get(`${g}@${gen}`), `${g} generation ${gen}`).toBe(3);
        expect(history.has(`${g}@${upTo + 1}`)).toBe(false);
      }
      reportedMax = a;
    }
    expect(reportedMax).toBeGreaterThan(30);
  }, 120_000);
});
