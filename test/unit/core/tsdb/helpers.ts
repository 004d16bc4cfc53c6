import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { Labels } from '../../../../electron/core/model/labels.js';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import type { Queryable, SampleArrays, Series } from '../../../../electron/core/storage/interface.js';

export function tempDir(prefix = 'hearth-tsdb-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function lbl(obj: Record<string, string>): Labels {
  return Labels.fromObject(obj);
}

export function m(type: '=' | '!=' | '=~' | '!~', name: string, value: string): Matcher {
  return new Matcher(type, name, value);
}

function bits(a: Float64Array, i: number): string {
  const u = new Uint32Array(a.buffer, a.byteOffset + i * 8, 2);
  return `${u[1]!.toString(16)}:${u[0]!.toString(16)}`;
}

/** A plain, comparable form of a series' samples; values by bit pattern, stale markers as 'stale'. */
export function plain(s: SampleArrays): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let i = 0; i < s.length; i++) {
    const stale = s.stale !== null && s.stale[i] === 1;
    out.push([s.t[i]!, stale ? 'stale' : bits(s.v, i)]);
  }
  return out;
}

export function dump(series: Series[]): Array<{ labels: string; samples: Array<[number, string]> }> {
  return series.map((s) => ({ labels: s.labels.toString(), samples: plain(s.samples) }));
}

/** Asserts that two stores answer select/labelValues/labelNames identically. */
export function expectSameAnswers(
  a: Queryable,
  b: Queryable,
  mint: number,
  maxt: number,
  selectors: Matcher[][],
  hints: Array<{ start?: number; end?: number; func?: string } | null> = [null],
): void {
  const qa = a.querier(mint, maxt);
  const qb = b.querier(mint, maxt);
  try {
    for (const ms of selectors) {
      for (const h of hints) {
        const ctx = `${ms.map(String).join(',')} hints=${JSON.stringify(h)}`;
        expect(dump(qb.select(true, h, ...ms)), ctx).toEqual(dump(qa.select(true, h, ...ms)));
        const ua = dump(qa.select(false, h, ...ms)).sort((x, y) => (x.labels < y.labels ? -1 : 1));
        const ub = dump(qb.select(false, h, ...ms)).sort((x, y) => (x.labels < y.labels ? -1 : 1));
        expect(ub, ctx).toEqual(ua);
      }
      expect(qb.labelNames(...ms)).toEqual(qa.labelNames(...ms));
      for (const name of ['__name__', 'job', 'instance', 'x']) expect(qb.labelValues(name, ...ms)).toEqual(qa.labelValues(name, ...ms));
    }
    expect(qb.labelNames()).toEqual(qa.labelNames());
    expect(qb.labelValues('job')).toEqual(qa.labelValues('job'));
  } finally {
    qa.close();
    qb.close();
  }
}
