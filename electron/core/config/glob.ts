/**
 * Go's filepath.Glob for the patterns Prometheus allows in rule_files, scrape_config_files
 * and file_sd_configs: wildcards (`*`, `?`, `[...]`) in the last path element only.
 * Results are sorted, as Go returns them.
 */

import fs from 'node:fs';
import path from 'node:path';

export function hasMeta(p: string): boolean {
  return /[*?[]/.test(p);
}

/** Go's filepath.Match for one path element; throws on a malformed pattern. */
export function globToRegExp(pattern: string): RegExp {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) throw new Error('syntax error in pattern');
      let cls = pattern.slice(i + 1, end);
      if (cls.startsWith('^')) cls = '^' + cls.slice(1).replace(/\\/g, '\\\\');
      else cls = cls.replace(/\\/g, '\\\\');
      re += `[${cls}]`;
      i = end;
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += '\\' + pattern[++i];
    } else re += c.replace(/[.+^${}()|\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/** Matching existing paths, sorted; a pattern without wildcards gives itself when it exists. */
export function globSync(pattern: string): string[] {
  if (!hasMeta(pattern)) return fs.existsSync(pattern) ? [pattern] : [];
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (hasMeta(dir)) return [];
  const re = globToRegExp(base);
  let names: string[];
  try {
    names = fs.readdirSync(dir === '' ? '.' : dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => re.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}
