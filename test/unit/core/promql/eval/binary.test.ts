import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { MemoryStorage } from '../../../../../electron/core/storage/memory.js';
import { Engine } from '../../../../../electron/core/promql/engine.js';
import type { Value } from '../../../../../electron/core/promql/value.js';

function load(lines: Record<string, number>): MemoryStorage {
  const st = new MemoryStorage();
  const app = st.appender();
  for (const [k, v] of Object.entries(lines)) {
    const m = /^(\w+)\{(.*)\}$/.exec(k)!;
    const obj: Record<string, string> = { __name__: m[1]! };
    for (const p of m[2]!.split(',').filter(Boolean)) {
      const [a, b] = p.split('=');
      obj[a!] = b!;
    }
    app.append(0, Labels.fromObject(obj), 0, v);
  }
  app.commit();
  return st;
}

function asMap(v: Value): Record<string, number> {
  if (v.type !== 'vector') throw new Error(v.type);
  return Object.fromEntries(v.samples.map((s) => [s.labels.toString(), s.v]));
}

describe('binary operators', () => {
  const st = load({ 'l{k=a}': 10, 'l{k=b}': 20, 'r{k=a}': 100, 'r{k=c}': 300, 'role{k=a,role=db}': 1 });
  const e = new Engine();

  it('matches one-to-one and drops the metric name for arithmetic', () => {
    expect(asMap(e.instantQuery(st, 'l + r', 0).value)).toEqual({ '{k="a"}': 110 });
  });

  it('fills missing sides with fill(), fill_left() and fill_right()', () => {
    expect(asMap(e.instantQuery(st, 'l + fill(0) r', 0).value)).toEqual({ '{k="a"}': 110, '{k="b"}': 20, '{k="c"}': 300 });
    expect(asMap(e.instantQuery(st, 'l + fill_right(1) r', 0).value)).toEqual({ '{k="a"}': 110, '{k="b"}': 21 });
  });

  it('copies labels from the one side with group_left', () => {
    expect(asMap(e.instantQuery(st, 'l * on(k) group_left(role) role', 0).value)).toEqual({ '{k="a", role="db"}': 10 });
  });

  it('filters with comparisons, keeping the name, and returns 0/1 with bool', () => {
    expect(asMap(e.instantQuery(st, 'l > 15', 0).value)).toEqual({ 'l{k="b"}': 20 });
    expect(asMap(e.instantQuery(st, 'l > bool 15', 0).value)).toEqual({ '{k="a"}': 0, '{k="b"}': 1 });
  });

  it('implements and / or / unless on the join signature', () => {
    expect(Object.keys(asMap(e.instantQuery(st, 'l and r', 0).value))).toEqual(['l{k="a"}']);
    expect(Object.keys(asMap(e.instantQuery(st, 'l unless r', 0).value))).toEqual(['l{k="b"}']);
    expect(Object.keys(asMap(e.instantQuery(st, 'l or r', 0).value)).sort()).toEqual(['l{k="a"}', 'l{k="b"}', 'r{k="c"}']);
  });
});

describe('experimental syntax switch', () => {
  it('rejects experimental functions when they are off', () => {
    const e = new Engine({ enableExperimental: false });
    expect(() => e.instantQuery(new MemoryStorage(), 'limitk(1, up)', 0)).toThrow(/limitk/);
  });
});
