import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const root = join(repo, 'electron/core/promql');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...sources(p));
    else if (d.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** Relative imports and re-exports (type-only ones too) of a file, as absolute .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out = new Set<string>();
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]/gm)) {
    out.add(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
  }
  return [...out];
}

/** Every import cycle among files, each listed once from its first file. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (!graph.has(g)) continue;
      if (state.get(g) === 'open') found.push(stack.slice(stack.indexOf(g)));
      else if (!state.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  return found;
}

describe('promql imports', () => {
  const files = sources(root);
  const graph = new Map(files.map((f) => [f, importsOf(f)]));

  it('reads the import graph (sanity: the evaluator reaches the function table)', () => {
    expect(files.length).toBeGreaterThan(30);
    expect(graph.get(join(root, 'eval/evaluator.ts'))).toContain(join(root, 'functions/call.ts'));
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('has no file in an import cycle', () => {
    const found = cycles(graph).map((c) => c.map((f) => relative(root, f)).join(' -> '));
    expect(found).toEqual([]);
  });
});
