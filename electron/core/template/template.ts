/**
 * Parsing and executing Go templates: Go's text/template with a function map of
 * TemplateFuncs (untyped, variadic) or GoFuncs (typed, checked as Go checks arguments).
 */

import { goQuote } from '../../../shared/text/quote.js';
import { isEmptyTree, type Tree } from './ast.js';
import { TemplateError } from './errors.js';
import { BUILTINS } from './builtins.js';
import { execute, type ExecLimits, type MissingKey } from './exec.js';
import { parseTrees } from './parser.js';
import type { FuncLookup, GoFunc } from './values.js';

export type TemplateFunc = (...args: unknown[]) => unknown | Promise<unknown>;

export interface TemplateOptions {
  /** Functions besides Go's builtins; a GoFunc gives Go's typed argument checks. */
  funcs?: Readonly<Record<string, TemplateFunc | GoFunc>>;
  /** Go's missingkey option: 'default' prints "<no value>", 'zero' the element's zero value, 'error' fails. */
  missingKey?: MissingKey;
  /** Output cap, bytes of UTF-8 (default 1 MiB). */
  maxOutputBytes?: number;
  /** Evaluation steps (nodes and commands) one execution may take (default 1,000,000). */
  maxSteps?: number;
  /** Wall time one execution may take, ms (default 30 s; checked every few thousand steps). */
  timeoutMs?: number;
  /** Nested {{template}} calls (default 10,000; Go allows 100,000 on its growable stacks). */
  maxDepth?: number;
}

export interface Template {
  /** Runs the template over data; rejects with TemplateError (Go's message). */
  execute(data: unknown): Promise<string>;
  /** Go's ExecuteTemplate: runs the associated template `name` (a {{define}} or a file of a set). */
  executeTemplate(name: string, data: unknown): Promise<string>;
  /** The names of the templates this one can run, sorted. */
  templateNames(): string[];
}

export const DEFAULT_LIMITS: ExecLimits = {
  maxOutputBytes: 1 << 20,
  maxSteps: 1_000_000,
  timeoutMs: 30_000,
  maxDepth: 10_000,
};

function isGoFunc(f: TemplateFunc | GoFunc): f is GoFunc {
  return typeof f === 'object' && f !== null && typeof f.fn === 'function';
}

/** Go's FuncMap: plain functions take any arguments (`...interface {}`). */
export function toGoFuncs(funcs: Readonly<Record<string, TemplateFunc | GoFunc>> | undefined): Map<string, GoFunc> {
  const m = new Map<string, GoFunc>();
  if (!funcs) return m;
  for (const [name, f] of Object.entries(funcs)) m.set(name, isGoFunc(f) ? f : { fn: f, params: null });
  return m;
}

export class ParsedTemplate implements Template {
  constructor(
    private readonly name: string,
    private readonly trees: ReadonlyMap<string, Tree>,
    private readonly funcs: FuncLookup,
    private readonly missingKey: MissingKey,
    private readonly limits: ExecLimits,
  ) {}

  execute(data: unknown): Promise<string> {
    return this.executeTemplate(this.name, data);
  }

  executeTemplate(name: string, data: unknown): Promise<string> {
    if (!this.trees.has(name)) return Promise.reject(new TemplateError(`template: no template ${goQuote(name)} associated with template ${goQuote(this.name)}`));
    return execute({ trees: this.trees, funcs: this.funcs, missingKey: this.missingKey, limits: this.limits }, name, data);
  }

  templateNames(): string[] {
    return [...this.trees.keys()].sort();
  }
}

/**
 * Several texts parsed into one set, as Go's ParseFiles does (Alertmanager's template files):
 * each text is a template named by its `name`, and all their {{define}}s join the set; a
 * later non-empty definition replaces an earlier one. The set executes as its first text.
 */
export function parseTemplateSet(texts: readonly { readonly name: string; readonly text: string }[], opts: TemplateOptions = {}): Template {
  if (texts.length === 0) throw new TemplateError('template: no files named in call to ParseFiles');
  const funcs = toGoFuncs(opts.funcs);
  const has = (f: string): boolean => funcs.has(f) || BUILTINS.has(f);
  const set = new Map<string, Tree>();
  for (const { name, text } of texts) {
    for (const [n, tree] of parseTrees(name, text, has)) {
      if (set.has(n) && isEmptyTree(tree.root)) continue;
      set.set(n, tree);
    }
  }
  return new ParsedTemplate(texts[0]!.name, set, funcs, opts.missingKey ?? 'default', limitsOf(opts));
}

/** Parses `text` as template `name` (with its {{define}}s); throws TemplateError with Go's message. */
export function parseTemplate(name: string, text: string, opts: TemplateOptions = {}): Template {
  const funcs = toGoFuncs(opts.funcs);
  return parseWithFuncs(name, text, funcs, opts);
}

export function parseWithFuncs(name: string, text: string, funcs: FuncLookup, opts: TemplateOptions = {}): Template {
  const trees = parseTrees(name, text, (f) => funcs.has(f) || BUILTINS.has(f));
  return new ParsedTemplate(name, trees, funcs, opts.missingKey ?? 'default', limitsOf(opts));
}

export function limitsOf(opts: TemplateOptions): ExecLimits {
  return {
    maxOutputBytes: opts.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
    maxSteps: opts.maxSteps ?? DEFAULT_LIMITS.maxSteps,
    timeoutMs: opts.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    maxDepth: opts.maxDepth ?? DEFAULT_LIMITS.maxDepth,
  };
}
