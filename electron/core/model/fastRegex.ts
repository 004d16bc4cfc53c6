/**
 * Shapes of regex common enough to skip the RE2 engine, after Prometheus's FastRegexMatcher:
 * a literal, a set of literals `a|b|c`, `.*`, `.+`, `foo.*`, `.*foo`, `.*foo.*`, and the relabel
 * defaults `(.*)` / `(.+)`. Each is decided on the regex's text alone, so a shape is only
 * recognised when RE2 would match exactly the same strings (anchored, `.` matching newline).
 */

export interface FastMatch {
  test(v: string): boolean;
  /** Capturing groups after the whole match; only `(.*)` and `(.+)` have one. */
  readonly groups: 0 | 1;
}

const META = /[\\.+*?()|[\]{}^$]/;

/** `a|b|c` with no regex metacharacters → ['a','b','c']; anything else → null. */
export function literalAlternation(re: string): string[] | null {
  const parts = re.split('|');
  for (const p of parts) if (META.test(p)) return null;
  return parts;
}

function isLiteral(s: string): boolean {
  return !META.test(s);
}

/** The fast matcher for `src`, or null when it needs the RE2 engine. */
export function fastMatch(src: string): FastMatch | null {
  if (src === '.*') return { test: () => true, groups: 0 };
  if (src === '.+') return { test: (v) => v.length > 0, groups: 0 };
  if (src === '(.*)') return { test: () => true, groups: 1 };
  if (src === '(.+)') return { test: (v) => v.length > 0, groups: 1 };
  const set = literalAlternation(src);
  if (set !== null) {
    if (set.length === 1) {
      const lit = set[0]!;
      return { test: (v) => v === lit, groups: 0 };
    }
    const values = new Set(set);
    return { test: (v) => values.has(v), groups: 0 };
  }
  const lead = src.startsWith('.*');
  const trail = src.endsWith('.*') && src.length >= 2 && src[src.length - 3] !== '\\';
  const mid = src.slice(lead ? 2 : 0, trail ? src.length - 2 : src.length);
  if (!isLiteral(mid) || (!lead && !trail)) return null;
  if (lead && trail) return { test: (v) => v.includes(mid), groups: 0 };
  if (lead) return { test: (v) => v.endsWith(mid), groups: 0 };
  return { test: (v) => v.startsWith(mid), groups: 0 };
}
