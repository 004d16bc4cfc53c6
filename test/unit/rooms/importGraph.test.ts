import { describe, expect, it } from 'vitest';
import { findCycles, isElectron, isNodeBuiltin, isUnder, resolveRelative } from './importGraph.js';

describe('findCycles', () => {
  const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

  it('finds none in a tree or a diamond', () => {
    expect(findCycles(g({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }))).toEqual([]);
  });

  it('names both files of a pair and a file importing itself', () => {
    expect(findCycles(g({ a: ['b'], b: ['a'], c: ['c'] }))).toEqual([['a', 'b', 'a'], ['c', 'c']]);
  });

  it('writes a longer cycle once, from its smallest file', () => {
    expect(findCycles(g({ x: ['y'], y: ['z'], z: ['x'], w: ['x'] }))).toEqual([['x', 'y', 'z', 'x']]);
  });

  it('gives the shortest cycle through each file of a tangle', () => {
    // e imports h, i and l; each of them imports e back.
    const cycles = findCycles(g({ e: ['h', 'i', 'l'], h: ['e'], i: ['e'], l: ['e', 'h'] }));
    expect(cycles).toEqual([['e', 'h', 'e'], ['e', 'i', 'e'], ['e', 'l', 'e']]);
  });
});

describe('import helpers', () => {
  it('resolves NodeNext .js specifiers to the .ts source', () => {
    expect(resolveRelative('electron/core/server.ts', './log.js')).toBe('electron/core/log.ts');
    expect(resolveRelative('electron/core/cli/serve.ts', '../../../shared/version.js')).toBe('shared/version.ts');
  });

  it('tells built-ins, electron and folders apart', () => {
    expect(['fs', 'node:fs', 'fs/promises', 'path'].every(isNodeBuiltin)).toBe(true);
    expect(['react', 'uplot', 'electron'].some(isNodeBuiltin)).toBe(false);
    expect(isElectron('electron')).toBe(true);
    expect(isElectron('electron/main')).toBe(true);
    expect(isElectron('electron-builder')).toBe(false);
    expect(isUnder('electron/core/cli.ts', 'electron/core/cli')).toBe(false);
    expect(isUnder('electron/core/cli/flags.ts', 'electron/core/cli')).toBe(true);
  });
});
