import { RE2JS, RE2JSSyntaxException } from 're2js';
import { fastMatch } from './fastRegex.js';
import { linearSafe } from './linearSafe.js';
import { RegexError } from './regexError.js';
import { compileJs, jsRegexError } from './regexJs.js';

export { RegexError } from './regexError.js';

/**
 * A Prometheus regex: Go RE2 syntax and semantics, fully anchored, `.` matching newlines
 * (Prometheus 3 compiles `^(?s:…)$`). Matching is linear in the input whatever the pattern:
 * the text comes from users and from any web page that can send a GET, and JavaScript's
 * backtracking RegExp takes exponential time on patterns such as `(a+)+b`.
 */
export interface AnchoredRegex {
  readonly source: string;
  test(v: string): boolean;
  /** The whole match and its groups (undefined when a group did not take part), or null. */
  exec(v: string): RegExpExecArray | null;
}

class FastRegex implements AnchoredRegex {
  constructor(
    readonly source: string,
    private readonly fast: { test(v: string): boolean; readonly groups: 0 | 1 },
  ) {}

  test(v: string): boolean {
    return this.fast.test(v);
  }

  exec(v: string): RegExpExecArray | null {
    if (!this.fast.test(v)) return null;
    return execArray(v, this.fast.groups === 1 ? [v, v] : [v], undefined);
  }
}

/** V8's engine, only for patterns linearSafe admits: same answers, linear time, faster. */
class JsRegex implements AnchoredRegex {
  constructor(
    readonly source: string,
    private readonly re: RegExp,
  ) {}

  test(v: string): boolean {
    return this.re.test(v);
  }

  exec(v: string): RegExpExecArray | null {
    return this.re.exec(v);
  }
}

/** RE2 (the re2js port): linear time, Go's leftmost-first submatches. */
class Re2Regex implements AnchoredRegex {
  private readonly hasNames: boolean;

  constructor(
    readonly source: string,
    private readonly re: RE2JS,
  ) {
    this.hasNames = Object.keys(re.namedGroups()).length > 0;
  }

  test(v: string): boolean {
    return this.re.matches(v);
  }

  exec(v: string): RegExpExecArray | null {
    const m = this.re.matcher(v);
    if (!m.matches()) return null;
    const n = m.groupCount();
    const parts: (string | undefined)[] = [];
    for (let i = 0; i <= n; i++) parts.push(m.group(i) ?? undefined);
    let groups: Record<string, string | undefined> | undefined;
    if (this.hasNames) {
      groups = {};
      for (const [k, val] of Object.entries(m.getNamedGroups())) groups[k] = val ?? undefined;
    }
    return execArray(v, parts, groups);
  }
}

function execArray(input: string, parts: (string | undefined)[], groups: Record<string, string | undefined> | undefined): RegExpExecArray {
  const a = parts as unknown as RegExpExecArray;
  a.index = 0;
  a.input = input;
  a.groups = groups as RegExpExecArray['groups'];
  return a;
}

const cache = new Map<string, AnchoredRegex>();

/** Compiles `src` as an anchored RE2 regex; throws RegexError (Go's wording) when invalid. */
export function compileAnchoredRegex(src: string): AnchoredRegex {
  let re = cache.get(src);
  if (re) return re;
  const fast = fastMatch(src);
  if (fast) re = new FastRegex(src, fast);
  else {
    // RE2 always compiles it: it decides what is valid, even where V8 will match.
    const re2 = compileRe2(src);
    const js = linearSafe(src) ? compileJs(src) : null;
    re = js ? new JsRegex(src, js) : new Re2Regex(src, re2);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(src, re);
  return re;
}

function compileRe2(src: string): RE2JS {
  try {
    const re = RE2JS.compile(`(?s:${src})`);
    // `a)|(b` would close our wrapper and pass: the text must stand on its own too.
    if (src.includes(')')) RE2JS.compile(src);
    return re;
  } catch (e) {
    if (!(e instanceof RE2JSSyntaxException)) throw e;
    // Keep the wording users already know where there is one; RE2's own otherwise (`\1`, `(?<=`).
    const known = jsRegexError(src);
    if (known) throw known;
    throw re2Error(src);
  }
}

/** RE2's error for `src` alone, so the message names the user's text, not our `(?s:…)` wrapper. */
function re2Error(src: string): RegexError {
  try {
    RE2JS.compile(src);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) return new RegexError(e.error, e.input ?? src);
    throw e;
  }
  return new RegexError('missing closing )', src);
}

/** A regex that matches anywhere in the text, as Go's MatchString does (node_exporter's filters). */
export interface SearchRegex {
  readonly source: string;
  test(v: string): boolean;
}

/** Compiles `src` for unanchored matching, linear time as compileAnchoredRegex; throws RegexError when invalid. */
export function compileSearchRegex(src: string): SearchRegex {
  compileRe2(src);
  const re = compileAnchoredRegex(`.*(?:${src}).*`);
  return { source: src, test: (v) => re.test(v) };
}

/** One match of an unanchored regex: UTF-16 offsets of the whole match and of each group (-1 when unset). */
export interface RegexMatch {
  readonly start: number;
  readonly end: number;
  /** start0, end0, start1, end1, … as Go's FindStringSubmatchIndex. */
  readonly spans: readonly number[];
}

/**
 * Go's regexp.Regexp semantics (unanchored, `.` not matching newlines unless the pattern says
 * so), as Prometheus's template functions `match` and `reReplaceAll` use; RE2, linear time.
 */
export interface UnanchoredRegex {
  readonly source: string;
  readonly groupCount: number;
  /** Named groups, name → index. */
  readonly groupNames: Readonly<Record<string, number>>;
  test(v: string): boolean;
  /** Successive non-overlapping matches; an empty match abutting the previous one is skipped, as Go does. */
  findAll(v: string): RegexMatch[];
}

const unanchoredCache = new Map<string, UnanchoredRegex>();

/** Compiles `src` as Go's regexp.Compile does; throws RegexError (RE2's wording) when invalid. */
export function compileUnanchoredRegex(src: string): UnanchoredRegex {
  let cached = unanchoredCache.get(src);
  if (cached) return cached;
  let re: RE2JS;
  try {
    re = RE2JS.compile(src);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) throw new RegexError(e.error, e.input ?? src);
    throw e;
  }
  const groupCount = re.groupCount();
  cached = {
    source: src,
    groupCount,
    groupNames: re.namedGroups(),
    test: (v) => re.matcher(v).find(),
    findAll: (v) => {
      const out: RegexMatch[] = [];
      const m = re.matcher(v);
      let pos = 0;
      let prevEnd = -1;
      while (pos <= v.length && m.find(pos)) {
        const start = m.start();
        const end = m.end();
        if (end === start && start === prevEnd) {
          // Go ignores an empty match right after the previous match and moves on one character.
          if (start >= v.length) break;
          pos = start + (isHighSurrogateAt(v, start) ? 2 : 1);
          continue;
        }
        const spans: number[] = [];
        for (let g = 0; g <= groupCount; g++) spans.push(m.start(g), m.end(g));
        out.push({ start, end, spans });
        prevEnd = end;
        if (end > start) pos = end;
        else {
          if (start >= v.length) break;
          pos = start + (isHighSurrogateAt(v, start) ? 2 : 1);
        }
      }
      return out;
    },
  };
  if (unanchoredCache.size > 10_000) unanchoredCache.clear();
  unanchoredCache.set(src, cached);
  return cached;
}

function isHighSurrogateAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xd800 && c <= 0xdbff && i + 1 < s.length;
}
