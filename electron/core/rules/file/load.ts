/**
 * loadRuleFiles: the rule_files patterns of prometheus.yml to parsed rule files, as
 * Prometheus's rule manager resolves them: each pattern is globbed (wildcards in the last
 * path element), a pattern that matches nothing adds nothing, and a file matched twice is
 * loaded once.
 */

import fs from 'node:fs';
import path from 'node:path';
import { globSync } from '../../config/glob.js';
import { ioMessage } from '../../config/load.js';
import type { RuleFileSpec } from '../types.js';
import { RuleFileError } from './errors.js';
import { parseRuleFile, type ParseRuleFileOptions } from './parse.js';

export interface LoadedRuleFiles {
  /** Files without errors, in pattern order, each pattern's matches sorted. */
  readonly files: RuleFileSpec[];
  /** Every error of every file; a file with any error is absent from `files`. */
  readonly errors: RuleFileError[];
  readonly warnings: string[];
}

export function loadRuleFiles(patterns: readonly string[], opts: ParseRuleFileOptions = {}): LoadedRuleFiles {
  const files: RuleFileSpec[] = [];
  const errors: RuleFileError[] = [];
  const warnings: string[] = [];
  for (const f of resolveRuleFiles(patterns, errors)) {
    const r = readRuleFile(f, opts);
    if (r.file) files.push(r.file);
    errors.push(...r.errors);
    warnings.push(...r.warnings.map((w) => `${f}: ${w}`));
  }
  return { files, errors, warnings };
}

/** The files the patterns match, each once (by absolute path), in pattern order. */
export function resolveRuleFiles(patterns: readonly string[], errors: RuleFileError[] = []): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    let matches: string[];
    try {
      matches = globSync(pattern);
    } catch (e) {
      errors.push(new RuleFileError(pattern, 'io', `invalid rule file pattern: ${(e as Error).message}`));
      continue;
    }
    for (const m of matches) {
      const abs = path.resolve(m);
      if (seen.has(abs)) continue;
      seen.add(abs);
      out.push(m);
    }
  }
  return out;
}

/** Reads and parses one file; an unreadable file or one that is not UTF-8 is an error naming it. */
export function readRuleFile(file: string, opts: ParseRuleFileOptions = {}): ReturnType<typeof parseRuleFile> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { file: null, errors: [new RuleFileError(file, 'io', ioMessage(e, file))], warnings: [] };
  }
  return parseRuleFileBytes(bytes, file, opts);
}

/** Parses a rule file's bytes; bytes that are not UTF-8 are an error at the first bad one. */
export function parseRuleFileBytes(bytes: Uint8Array, file: string, opts: ParseRuleFileOptions = {}): ReturnType<typeof parseRuleFile> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    return { file: null, errors: [new RuleFileError(file, 'syntax', 'yaml: invalid UTF-8 in the file', at)], warnings: [] };
  }
  return parseRuleFile(text, file, opts);
}

/** Line and column (in characters) of the first byte that breaks UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < bytes.length; ) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) break;
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else column++;
    i += n;
  }
  return { line, column };
}

/** Bytes of the valid UTF-8 sequence at i, or 0 (no overlong forms, no surrogates, at most U+10FFFF). */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
  const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
  if (b[i + 1]! < lo || b[i + 1]! > hi) return 0;
  for (let k = 2; k < n; k++) if (b[i + k]! < 0x80 || b[i + k]! > 0xbf) return 0;
  return n;
}
