/**
 * Robustness: every query of the conformance files, and random mutations of them, either
 * evaluate or fail with a QueryError; no other exception escapes the engine.
 */

import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';
import { Engine } from '../../../../electron/core/promql/engine.js';
import { QueryError } from '../../../../electron/core/promql/value.js';

const dir = resolve(__dirname, '../../../../../shared/promql-testdata');

function queries(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.test'))) {
    for (const line of readFileSync(resolve(dir, f), 'utf8').split('\n')) {
      const m = /^eval(?:_\w+)?\s+(?:instant\s+(?:at\s+\S+\s+)?|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+\s+)(.+)$/.exec(line.trim());
      if (m) out.push(m[1]!);
    }
  }
  return out;
}

/** A small deterministic PRNG, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const PIECES = ['(', ')', '[5m]', '[1m:10s]', ' offset 1m', ' @ 100', ' + ', ' / on() ', ' or ', 'sum(', 'rate(', '1', 'NaN', '"x"', ',', ' by (job)', '{job="a"}', ' and ', '-', '^'];

function mutate(q: string, r: () => number): string {
  const i = Math.floor(r() * (q.length + 1));
  switch (Math.floor(r() * 3)) {
    case 0:
      return q.slice(0, i) + q.slice(i + 1 + Math.floor(r() * 4));
    case 1:
      return q.slice(0, i) + PIECES[Math.floor(r() * PIECES.length)] + q.slice(i);
    default: {
      const j = Math.floor(r() * q.length);
      return q.slice(0, i) + q.slice(j, j + 1 + Math.floor(r() * 8)) + q.slice(i);
    }
  }
}

describe('engine robustness', () => {
  const st = new MemoryStorage();
  const app = st.appender();
  for (const [name, job] of [
    ['http_requests_total', 'a'],
    ['metric', 'b'],
    ['foo', 'a'],
  ] as const) {
    const l = Labels.fromObject({ __name__: name, job, le: '0.5' });
    let ref = 0;
    for (let i = 0; i < 50; i++) ref = app.append(ref, l, i * 15_000, i % 7 === 3 ? NaN : i * 3);
  }
  app.commit();
  const engine = new Engine({ timeoutMs: 5_000, maxSamples: 200_000 });

  it('never lets a non-QueryError escape', () => {
    const r = rng(42);
    const base = queries();
    expect(base.length).toBeGreaterThan(1000);
    const escaped: string[] = [];
    const run = (q: string): void => {
      for (const f of [() => engine.instantQuery(st, q, 300_000), () => engine.rangeQuery(st, q, 0, 600_000, 60_000)]) {
        try {
          f();
        } catch (e) {
          if (!(e instanceof QueryError) || e.kind === 'internal') escaped.push(`${q}: ${(e as Error).message}`);
        }
      }
    };
    for (const q of base) run(q);
    for (let i = 0; i < 3000; i++) run(mutate(mutate(base[Math.floor(r() * base.length)]!, r), r));
    expect(escaped).toEqual([]);
  });
});
