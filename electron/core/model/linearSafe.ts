/**
 * Which regexes V8's backtracking engine may run: those whose backtracking is provably linear
 * in the input, so that the common relabel and selector patterns keep V8's speed while anything
 * that could blow up (`(a+)+b`, `(.*){6}X`, `a?a?a?aaa`, `(a|a)*`) goes to RE2.
 *
 * The proof is structural. A pattern passes when it has no alternation, no counted repetition,
 * no optional `?`, and at most one `*` or `+`; every other atom matches exactly one character
 * (or none, like `^`). Anchored, such a pattern is A X* B with A, X and B of fixed width: A
 * matches one way, the loop can stop at one of at most n+1 places, and B is checked in fixed
 * time at each, so matching costs O(n × pattern). A final `.*` is free: it never fails, so V8
 * never backtracks through it. Only escapes meaning the same in both engines pass (not `\s`,
 * `\b`, `\p`, `\Q`), and no flag groups, so V8 also gives RE2's answer.
 */

/** Escapes meaning the same in RE2 and in a JavaScript `u` pattern (ASCII classes, controls). */
const SAME_ESCAPES = new Set(['d', 'D', 'w', 'W', 'n', 't', 'r', 'f']);
const PUNCT = /[!-/:-@[-`{-~]/;

export function linearSafe(src: string): boolean {
  // A final `.*` always matches the rest, so it never sends V8 back into an earlier loop.
  if (src.endsWith('.*') && src[src.length - 3] !== '\\') src = src.slice(0, -2);
  let loops = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      if (!escapeSafe(src[i + 1])) return false;
      i++;
    } else if (c === '[') {
      const end = classEnd(src, i);
      if (end < 0) return false;
      i = end;
    } else if (c === '(') {
      if (src[i + 1] !== '?') continue;
      // (?:…) and named groups only: flag groups change what atoms mean.
      if (src[i + 2] === ':') i += 2;
      else if (/^\(\?P?<[A-Za-z0-9_]+>/.test(src.slice(i))) i = src.indexOf('>', i);
      else return false;
    } else if (c === '*' || c === '+') {
      if (++loops > 1) return false;
      if (src[i + 1] === '?') i++; // lazy: same bound
    } else if (c === '?' || c === '{' || c === '}' || c === '|') return false;
  }
  return true;
}

function escapeSafe(n: string | undefined): boolean {
  return n !== undefined && (SAME_ESCAPES.has(n) || PUNCT.test(n));
}

/** Index of the `]` closing the class at src[start], or -1 when the class holds anything doubtful. */
function classEnd(src: string, start: number): number {
  let i = start + 1;
  if (src[i] === '^') i++;
  if (src[i] === ']') i++;
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (c === ']') return i;
    if (c === '[') return -1; // POSIX classes and nested brackets: leave them to RE2.
    if (c === '\\') {
      if (!escapeSafe(src[i + 1])) return -1;
      i++;
    }
  }
  return -1;
}
