import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../../../../electron/core/promql/parser/index.js';
import { Engine } from '../../../../../electron/core/promql/engine.js';
import { FUNCTION_TABLE, implementationOf } from '../../../../../electron/core/promql/functions/table.js';
import { MemoryStorage } from '../../../../../electron/core/storage/memory.js';

describe('function implementation table', () => {
  it('implements exactly the functions the parser knows', () => {
    const parsed = Object.keys(FUNCTIONS).sort();
    const implemented = Object.keys(FUNCTION_TABLE).sort();
    expect(implemented.filter((n) => !(n in FUNCTIONS))).toEqual([]);
    expect(parsed.filter((n) => !(n in FUNCTION_TABLE))).toEqual([]);
    expect(implemented).toEqual(parsed);
  });

  it('gives range entries to the functions over range vectors, and only to them', () => {
    for (const [name, sig] of Object.entries(FUNCTIONS)) {
      const f = FUNCTION_TABLE[name]!;
      if (f.kind === 'range') expect(sig.argTypes, name).toContain('matrix');
      if (f.kind === 'elementwise') expect(sig.argTypes, name).toEqual(['vector']);
    }
  });

  it('is frozen and refuses names it does not hold', () => {
    expect(Object.isFrozen(FUNCTION_TABLE)).toBe(true);
    expect(() => implementationOf('constructor')).toThrow('function constructor is not implemented');
    expect(() => implementationOf('holt_winters')).toThrow('function holt_winters is not implemented');
  });

  it('keeps integral() parsed but refused at evaluation', () => {
    const engine = new Engine();
    expect(() => engine.instantQuery(new MemoryStorage(), 'integral(x[5m])', 0)).toThrow('function integral is not supported over a range vector');
  });

  it('names the functions that allow each modifier', () => {
    const engine = new Engine();
    expect(() => engine.instantQuery(new MemoryStorage(), 'sum_over_time(x[5m] anchored)', 0)).toThrow(
      'anchored modifier can only be used with: changes, delta, increase, rate, resets - not with sum_over_time',
    );
    expect(() => engine.instantQuery(new MemoryStorage(), 'changes(x[5m] smoothed)', 0)).toThrow(
      'smoothed modifier can only be used with: delta, increase, rate - not with changes',
    );
  });
});
