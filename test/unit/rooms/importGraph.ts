/**
 * The import graph of the source rooms, read with the TypeScript compiler's own import
 * scanner (ts.preProcessFile): every form counts, `import type`, `export … from`, side-effect
 * imports, `import()` in code and in types, `require()` and `import x = require()`, while
 * strings and comments that merely look like imports do not.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

export interface ImportRef {
  /** Repository-relative path of the importing file, with forward slashes. */
  readonly from: string;
  readonly line: number;
  readonly specifier: string;
  /** Repository-relative path of the imported file for relative specifiers that resolve, else null. */
  readonly target: string | null;
}

const SOURCE = /\.tsx?$/;

/** Every file (by default every .ts/.tsx) under the given repository-relative folders, sorted. */
export function listSources(rooms: readonly string[], root = REPO_ROOT, pattern = SOURCE): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(join(root, dir))) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const rel = posix.join(dir, name);
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else if (pattern.test(name)) out.push(rel);
    }
  };
  for (const room of rooms) walk(room);
  return out.sort();
}

/** The imports of one file, relative ones resolved to the file they name. */
export function importsOf(file: string, root = REPO_ROOT): ImportRef[] {
  const text = readFileSync(join(root, file), 'utf8');
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => ({
    from: file,
    line: lineAt(f.pos),
    specifier: f.fileName,
    target: f.fileName.startsWith('.') ? resolveRelative(file, f.fileName, root) : null,
  }));
}

/**
 * Resolves a relative specifier as NodeNext (`./x.js` names `./x.ts`) and the bundler
 * (`./x` names `./x.ts`, `./x.tsx` or `./x/index.ts`) do. A specifier that names no source
 * file (a .json, a .css) resolves to its own path, so it still says where it points.
 */
export function resolveRelative(from: string, specifier: string, root = REPO_ROOT): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [`${stem}.ts`, `${stem}.tsx`, `${stem}.d.ts`, base, `${base}/index.ts`, `${base}/index.tsx`];
  for (const c of candidates) {
    try {
      if (statSync(join(root, c)).isFile()) return c;
    } catch {
      // not this one
    }
  }
  return base;
}

/** True for 'fs', 'node:fs', 'fs/promises' and the like. */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return builtinModules.includes(specifier) || builtinModules.includes(specifier.split('/')[0]!);
}

/** True for the 'electron' package and its subpaths ('electron/main', …). */
export function isElectron(specifier: string): boolean {
  return specifier === 'electron' || specifier.startsWith('electron/');
}

/** True when a repository-relative path lies inside the given folder. */
export function isUnder(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith('/') ? folder : folder + '/');
}

/** A path relative to the repository root with forward slashes. */
export function repoPath(abs: string, root = REPO_ROOT): string {
  return relative(root, abs).split(sep).join('/');
}

/**
 * The import cycles of a graph: one shortest cycle through each file that lies on one, each
 * written as a path that starts and ends at its smallest file. Two files importing each other
 * give [a, b, a]; a file importing itself gives [a, a].
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  for (const scc of stronglyConnected(graph)) {
    const members = new Set(scc);
    const selfLoop = scc.length === 1 && (graph.get(scc[0]!) ?? []).includes(scc[0]!);
    if (scc.length === 1 && !selfLoop) continue;
    for (const start of scc) {
      const path = shortestCycle(graph, start, members);
      if (path === null) continue;
      const ring = path.slice(0, -1);
      const first = ring.indexOf([...ring].sort()[0]!);
      const rotated = [...ring.slice(first), ...ring.slice(0, first)];
      rotated.push(rotated[0]!);
      cycles.set(rotated.join(' -> '), rotated);
    }
  }
  return [...cycles.keys()].sort().map((k) => cycles.get(k)!);
}

/** Breadth-first from start back to start, staying inside its component. */
function shortestCycle(graph: ReadonlyMap<string, readonly string[]>, start: string, members: ReadonlySet<string>): string[] | null {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let n: string | undefined = node; n !== undefined && n !== start; n = prev.get(n)) path.push(n);
        path.push(start);
        return path.reverse();
      }
      if (prev.has(next)) continue;
      prev.set(next, node);
      queue.push(next);
    }
  }
  return null;
}

/** Tarjan's algorithm, iterative so that deep import chains cannot overflow the stack. */
function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: root, edge: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const next = edges[top.edge++]!;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ node: next, edge: 0 });
        } else if (onStack.has(next)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(next)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = [];
        let n: string;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          scc.push(n);
        } while (n !== top.node);
        out.push(scc.sort());
      }
    }
  }
  return out;
}
