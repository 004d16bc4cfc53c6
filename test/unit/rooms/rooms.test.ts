/**
 * The room rules of DESIGN.md, enforced: the core never imports 'electron'; shared/ uses
 * neither Node nor the DOM; the renderer reaches nothing outside renderer/ and shared/; inside
 * the core, imports point down (cli.ts, cli/, server.ts, the engines, storage/, model/) and
 * config/, promql/ and tsdb/ keep to themselves; no two files import each other, directly or
 * round a longer cycle. Each failure names the file and line of the import, or the cycle.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, findCycles, importsOf, isElectron, isNodeBuiltin, isUnder, listSources, repoPath, type ImportRef } from './importGraph.js';

const ROOMS = ['electron', 'shared', 'renderer'];
const files = listSources(ROOMS);
const imports = new Map(files.map((f) => [f, importsOf(f)]));

function where(i: ImportRef): string {
  return `${i.from}:${i.line} imports '${i.specifier}'`;
}

function importsUnder(folder: string): ImportRef[] {
  return files.filter((f) => isUnder(f, folder)).flatMap((f) => imports.get(f)!);
}

describe('room rules', () => {
  it('reads the rooms', () => {
    expect(files.filter((f) => isUnder(f, 'electron/core')).length).toBeGreaterThan(100);
    expect(files.filter((f) => isUnder(f, 'shared')).length).toBeGreaterThan(3);
    expect(files.filter((f) => isUnder(f, 'renderer')).length).toBeGreaterThan(10);
  });

  it("nothing under electron/core imports 'electron'", () => {
    // The core runs headless (`hearth serve`) and in a utility process, where there is no Electron.
    const bad = importsUnder('electron/core').filter((i) => isElectron(i.specifier) || (i.target !== null && !isUnder(i.target, 'electron/core') && !isUnder(i.target, 'shared')));
    expect(bad.map(where)).toEqual([]);
  });

  it('imports point down the core: cli.ts, then cli/, then server.ts, then the engines', () => {
    // A lower room that needs a type from above takes it as a parameter or owns the type itself.
    const rank = (p: string) => (p === 'electron/core/cli.ts' ? 3 : isUnder(p, 'electron/core/cli') ? 2 : p === 'electron/core/server.ts' ? 1 : 0);
    const bad = importsUnder('electron/core').filter((i) => i.target !== null && rank(i.target) > rank(i.from));
    expect(bad.map(where)).toEqual([]);
  });

  it('model/ and storage/ are the floor: model/ imports no other room, storage/ only model/', () => {
    const inCore = (i: ImportRef) => i.target !== null && isUnder(i.target, 'electron/core');
    const bad = [
      ...importsUnder('electron/core/model').filter((i) => inCore(i) && !isUnder(i.target!, 'electron/core/model')),
      ...importsUnder('electron/core/storage').filter((i) => inCore(i) && !isUnder(i.target!, 'electron/core/storage') && !isUnder(i.target!, 'electron/core/model')),
    ];
    expect(bad.map(where)).toEqual([]);
  });

  it('config/ reads configuration and never reaches into the engines it configures', () => {
    const engines = ['electron/core/scrape', 'electron/core/tsdb', 'electron/core/promql', 'electron/core/api', 'electron/core/query'];
    const bad = importsUnder('electron/core/config').filter((i) => i.target !== null && engines.some((e) => isUnder(i.target!, e)));
    expect(bad.map(where)).toEqual([]);
  });

  it('promql/ and tsdb/ never import each other (they meet at storage/)', () => {
    const bad = [
      ...importsUnder('electron/core/promql').filter((i) => i.target !== null && isUnder(i.target, 'electron/core/tsdb')),
      ...importsUnder('electron/core/tsdb').filter((i) => i.target !== null && isUnder(i.target, 'electron/core/promql')),
    ];
    expect(bad.map(where)).toEqual([]);
  });

  it('shared/ imports no Node built-in and nothing outside shared/', () => {
    const bad = importsUnder('shared').filter((i) => isNodeBuiltin(i.specifier) || isElectron(i.specifier) || i.target === null || !isUnder(i.target, 'shared'));
    expect(bad.map(where)).toEqual([]);
  });

  // NOTE: DOM globals are found by the compiler, not by a list of names: shared/ is compiled
  // with its own tsconfig (lib ES2022, no @types), so `window`, `document`, `localStorage`,
  // `process` or `Buffer` is a "Cannot find name" error, and nothing may widen that program:
  // no DOM or WebWorker lib, no file from outside shared/ (a `/// <reference>` or @types), and
  // no ambient `declare` that would make a global up.
  it('shared/ compiles with ES2022 alone: no DOM, no Node globals, no ambient declarations', () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(REPO_ROOT, 'shared/tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } })!;
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
    const problems: string[] = [];
    for (const sf of program.getSourceFiles()) {
      const path = repoPath(sf.fileName);
      if (program.isSourceFileDefaultLibrary(sf)) {
        if (!/^lib\.(es\d{4}|es5|decorators)[\w.]*\.d\.ts$/.test(path.split('/').pop()!)) problems.push(`shared/ is compiled with ${path.split('/').pop()}`);
        continue;
      }
      if (!isUnder(path, 'shared')) {
        problems.push(`shared/ pulls in ${path}`);
        continue;
      }
      for (const st of sf.statements) {
        const mods = ts.canHaveModifiers(st) ? ts.getModifiers(st) ?? [] : [];
        if (mods.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword)) {
          const { line } = sf.getLineAndCharacterOfPosition(st.getStart(sf));
          problems.push(`${path}:${line + 1} declares an ambient global`);
        }
      }
    }
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const at = d.file ? `${repoPath(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : 'shared/tsconfig.json';
      problems.push(`${at}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    }
    expect(program.getSourceFiles().filter((sf) => isUnder(repoPath(sf.fileName), 'shared')).length).toBe(files.filter((f) => isUnder(f, 'shared')).length);
    expect(problems).toEqual([]);
  });

  it('renderer/ imports only renderer/, shared/ and npm packages', () => {
    // vite.config.ts is the bundler's own configuration, run by Node at build time; it is not
    // part of the app, so it may use Node.
    const bad = importsUnder('renderer').filter((i) => {
      if (isElectron(i.specifier)) return true;
      if (isNodeBuiltin(i.specifier)) return i.from !== 'renderer/vite.config.ts';
      if (i.specifier.startsWith('/')) return true;
      return i.target !== null && !isUnder(i.target, 'renderer') && !isUnder(i.target, 'shared');
    });
    expect(bad.map(where)).toEqual([]);
  });

  it('no two files import each other, directly or through a cycle', () => {
    const graph = new Map(files.map((f) => [f, [...new Set(imports.get(f)!.flatMap((i) => (i.target !== null && imports.has(i.target) ? [i.target] : [])))]]));
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('`npm run typecheck` and the build check every room\'s tsconfig', () => {
    const configs = listSources(['electron', 'shared', 'renderer', 'test'], REPO_ROOT, /^tsconfig(\.\w+)?\.json$/);
    expect(configs.length).toBeGreaterThanOrEqual(7);
    const typecheck = readFileSync(join(REPO_ROOT, 'scripts/typecheck.mjs'), 'utf8');
    const build = readFileSync(join(REPO_ROOT, 'scripts/build.mjs'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['typecheck']).toBe('node scripts/typecheck.mjs');
    expect(configs.filter((c) => !typecheck.includes(`'${c}'`)).map((c) => `scripts/typecheck.mjs does not check ${c}`)).toEqual([]);
    expect(configs.filter((c) => !build.includes(`'${c}'`)).map((c) => `scripts/build.mjs does not check ${c}`)).toEqual([]);
  });
});
