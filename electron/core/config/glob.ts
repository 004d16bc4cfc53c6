/**
 * Go's filepath.Glob for the patterns Prometheus allows in rule_files, scrape_config_files
 * and file_sd_configs: wildcards (`*`, `?`, `[...]`) in the last path element only.
 * Results are sorted, as Go returns them.
 *
 * Matching follows filepath.Match's own algorithm rather than a translated RegExp: a pattern
 * such as `*a*a*a*a*a*b` turned into `[^/]*a[^/]*a…` backtracks polynomially in V8, while
 * Match only ever retries the last star, so its cost stays near pattern × name.
 */

import fs from 'node:fs';
import path from 'node:path';

export function hasMeta(p: string): boolean {
  return /[*?[]/.test(p);
}

export class GlobPatternError extends Error {
  constructor(readonly pattern: string) {
    super('syntax error in pattern');
    this.name = 'GlobPatternError';
  }
}

/** Go's filepath.Match for one path element (separator '/'); throws GlobPatternError on a malformed pattern. */
export function globMatch(pattern: string, name: string): boolean {
  let p = 0;
  let n = 0;
  // Where to resume after the last star: the pattern just past it, and the name position it has consumed to.
  let starP = -1;
  let starN = 0;
  while (n < name.length) {
    if (p < pattern.length) {
      const c = pattern[p]!;
      if (c === '*') {
        while (p < pattern.length && pattern[p] === '*') p++;
        starP = p;
        starN = n;
        continue;
      }
      const step = matchOne(pattern, p, name[n]!);
      if (step > 0) {
        p += step;
        n++;
        continue;
      }
    }
    // A star matches any run of non-separators: give it one more character and retry.
    if (starP >= 0 && name[starN] !== '/') {
      starN++;
      n = starN;
      p = starP;
      continue;
    }
    checkRest(pattern, p);
    return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  if (p < pattern.length) {
    checkRest(pattern, p);
    return false;
  }
  return true;
}

/** Go reports a malformed pattern even when the name has already failed to match. */
function checkRest(pattern: string, from: number): void {
  for (let i = from; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === '*' || c === '?') i++;
    else if (c === '[' || c === '\\') i += classOrEscapeLength(pattern, i);
    else i++;
  }
}

/** How many pattern characters match `ch` at `p` (0: no match). */
function matchOne(pattern: string, p: number, ch: string): number {
  const c = pattern[p]!;
  if (c === '?') return ch === '/' ? 0 : 1;
  if (c === '\\') {
    if (p + 1 >= pattern.length) throw new GlobPatternError(pattern);
    return pattern[p + 1] === ch ? 2 : 0;
  }
  if (c !== '[') return c === ch ? 1 : 0;
  const len = classOrEscapeLength(pattern, p);
  let i = p + 1;
  const negated = pattern[i] === '^';
  if (negated) i++;
  let matched = false;
  for (let ranges = 0; ranges === 0 || pattern[i] !== ']'; ranges++) {
    let lo = pattern[i]!;
    if (lo === '\\') lo = pattern[++i]!;
    i++;
    let hi = lo;
    if (pattern[i] === '-') {
      hi = pattern[++i]!;
      if (hi === '\\') hi = pattern[++i]!;
      i++;
    }
    if (lo <= ch && ch <= hi) matched = true;
  }
  return matched !== negated ? len : 0;
}

/** Length of a `[...]` class or a `\\x` escape at `p`, validating it as Go does. */
function classOrEscapeLength(pattern: string, p: number): number {
  if (pattern[p] === '\\') {
    if (p + 1 >= pattern.length) throw new GlobPatternError(pattern);
    return 2;
  }
  let i = p + 1;
  if (pattern[i] === '^') i++;
  for (let ranges = 0; ; ranges++) {
    if (ranges > 0 && pattern[i] === ']') return i - p + 1;
    i = classChar(pattern, i);
    if (pattern[i] === '-') i = classChar(pattern, i + 1);
  }
}

/** Past one (possibly escaped) class character; Go refuses a bare '-' or ']' there, or a class left open. */
function classChar(pattern: string, i: number): number {
  const c = pattern[i];
  if (c === undefined || c === '-' || c === ']') throw new GlobPatternError(pattern);
  if (c === '\\') {
    if (i + 1 >= pattern.length) throw new GlobPatternError(pattern);
    i++;
  }
  if (i + 1 >= pattern.length) throw new GlobPatternError(pattern);
  return i + 1;
}

/** Matching existing paths, sorted; a pattern without wildcards gives itself when it exists. */
export function globSync(pattern: string): string[] {
  if (!hasMeta(pattern)) return fs.existsSync(pattern) ? [pattern] : [];
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (hasMeta(dir)) return [];
  // Validate before reading the directory: a bad pattern is an error even in an empty one.
  checkRest(base, 0);
  let names: string[];
  try {
    names = fs.readdirSync(dir === '' ? '.' : dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => globMatch(base, n))
    .sort()
    .map((n) => path.join(dir, n));
}
