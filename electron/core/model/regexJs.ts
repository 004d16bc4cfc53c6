import { RegexError } from './regexError.js';

/**
 * RE2 syntax translated into a JavaScript pattern. Two uses: naming what is wrong with an
 * invalid regex in the words users already know (V8's complaint reworded as Go's regexp package
 * words it), and matching, with V8's faster engine, the patterns linearSafe proves cannot
 * backtrack more than linearly. Everything else matches through RE2.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

// V8's regex error reasons in the words RE2 (Go) uses for the same mistake.
const JS_REGEX_REASONS: Record<string, string> = {
  'Unterminated group': 'missing closing )',
  "Unmatched ')'": 'unexpected )',
  'Unterminated character class': 'missing closing ]',
  'Nothing to repeat': 'missing argument to repetition operator',
  'Invalid group': 'invalid or unsupported Perl syntax',
  'Lone quantifier brackets': 'invalid nested repetition operator',
  'Invalid escape': 'invalid escape sequence',
};

function jsReason(e: unknown): string {
  const m = String((e as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  return JS_REGEX_REASONS[m] ?? m.charAt(0).toLowerCase() + m.slice(1);
}

/**
 * `src` compiled by V8 as Prometheus compiles it (`^(?s:…)$`), with the `u` flag so that `.`
 * is one code point as in RE2; null when V8 cannot take it that way.
 */
export function compileJs(src: string): RegExp | null {
  try {
    const { body, flags } = translate(src);
    return new RegExp(`^(?:${body})$`, flags + 'su');
  } catch {
    return null;
  }
}

/** The RegexError V8 finds in `src` (translated), or null when V8 accepts it. */
export function jsRegexError(src: string): RegexError | null {
  try {
    const { body, flags } = translate(src);
    try {
      new RegExp(`^(?:${body})$`, flags + 'su');
    } catch {
      new RegExp(`^(?:${body})$`, flags + 's');
    }
    return null;
  } catch (e) {
    if (e instanceof RegexError) return e;
    return new RegexError(jsReason(e), src);
  }
}

interface Flags {
  i: boolean;
  s: boolean;
  m: boolean;
}

function swapCase(ch: string): string | null {
  const lo = ch.toLowerCase();
  const up = ch.toUpperCase();
  if (lo === up || lo.length !== ch.length || up.length !== ch.length) return null;
  return ch === lo ? up : lo;
}

function escapeForClass(ch: string): string {
  return /[\\\]\[^-]/.test(ch) ? '\\' + ch : ch;
}

/** Parses RE2 flag letters such as `i`, `is`, `-s`, `i-s`; null when they are not flags. */
function applyFlags(spec: string, base: Flags): Flags | null {
  const f = { ...base };
  let on = true;
  for (const c of spec) {
    if (c === '-') {
      if (!on) return null;
      on = false;
    } else if (c === 'i' || c === 's' || c === 'm') f[c] = on;
    else if (c === 'U') throw new RegexError('ungreedy mode is not supported', '(?U)');
    else return null;
  }
  return f;
}

/**
 * Rewrites RE2 syntax into a JavaScript pattern compiled with the `s` (and, when it parses,
 * `u`) flags. Inline flag groups (`(?i:…)`, `((?i)…)`, `(?-s)`) have no JavaScript equivalent
 * in Node 20, so their effect is spelled out: letters under `i` become `[xX]`, `.` without `s`
 * becomes `[^\n]`, `^`/`$` under `m` become line-boundary lookarounds.
 */
function translate(src: string): { body: string; flags: string } {
  const stack: Flags[] = [{ i: false, s: true, m: false }];
  const top = () => stack[stack.length - 1]!;
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new RegexError('trailing backslash at end of expression', '');
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        for (const ch of lit) out += literal(ch, top());
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      if (n === 'z') {
        out += '$';
        i++;
        continue;
      }
      if (n === 'A') {
        out += '^';
        i++;
        continue;
      }
      if ((n === 'p' || n === 'P') && src[i + 2] !== '{') {
        out += `\\${n}{${src[i + 2]}}`;
        i += 2;
        continue;
      }
      out += c + n;
      i++;
      continue;
    }
    if (c === '[') {
      const { text, next } = charClass(src, i, top());
      out += text;
      i = next - 1;
      continue;
    }
    if (c === '(') {
      if (src[i + 1] !== '?') {
        stack.push({ ...top() });
        out += '(';
        continue;
      }
      if (src[i + 2] === 'P' && src[i + 3] === '<') {
        stack.push({ ...top() });
        out += '(?<';
        i += 3;
        continue;
      }
      if (src[i + 2] === '<' && src[i + 3] !== '=' && src[i + 3] !== '!') {
        stack.push({ ...top() });
        out += '(?<';
        i += 2;
        continue;
      }
      const m = /^\(\?([a-zA-Z-]*)([:)])/.exec(src.slice(i));
      if (!m) throw new RegexError('invalid or unsupported Perl syntax', src.slice(i, i + 3));
      const flags = applyFlags(m[1]!, top());
      if (!flags) throw new RegexError('invalid or unsupported Perl syntax', m[0]);
      if (m[2] === ')') {
        // (?flags) changes the rest of the enclosing group.
        stack[stack.length - 1] = flags;
      } else {
        stack.push(flags);
        out += '(?:';
      }
      i += m[0].length - 1;
      continue;
    }
    if (c === ')') {
      if (stack.length === 1) throw new RegexError('unexpected )', src);
      stack.pop();
      out += ')';
      continue;
    }
    if (c === '.') {
      out += top().s ? '.' : '[^\\n]';
      continue;
    }
    if (c === '^' && top().m) {
      out += '(?<=^|\\n)';
      continue;
    }
    if (c === '$' && top().m) {
      out += '(?=$|\\n)';
      continue;
    }
    if (/[*+?{}|^$]/.test(c)) {
      out += c;
      continue;
    }
    // A whole code point, so surrogate pairs stay together.
    const cp = src.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    out += literal(ch, top());
    i += ch.length - 1;
  }
  if (stack.length > 1) throw new RegexError('missing closing )', src);
  return { body: out, flags: '' };
}

function literal(ch: string, f: Flags): string {
  const esc = /[\\^$.*+?()[\]{}|/]/.test(ch) ? '\\' + ch : ch;
  if (!f.i) return esc;
  const other = swapCase(ch);
  return other === null ? esc : `[${escapeForClass(ch)}${escapeForClass(other)}]`;
}

/** Translates the character class starting at src[start] === '['. */
function charClass(src: string, start: number, f: Flags): { text: string; next: number } {
  let i = start + 1;
  let out = '[';
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  // A ']' right after '[' or '[^' is a literal in RE2.
  if (src[i] === ']') {
    out += '\\]';
    i++;
  }
  const extra: string[] = [];
  for (; i < src.length; i++) {
    const c = src[i]!;
    if (c === ']') return { text: out + extra.join('') + ']', next: i + 1 };
    if (c === '[' && src[i + 1] === ':') {
      const end = src.indexOf(':]', i + 2);
      if (end > 0) {
        const name = src.slice(i + 2, end);
        const cls = POSIX_CLASSES[name];
        if (cls === undefined) throw new RegexError('invalid character class range', `[:${name}:]`);
        out += cls;
        if (f.i && (name === 'lower' || name === 'upper')) extra.push('A-Za-z');
        i = end + 1;
        continue;
      }
    }
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) break;
      out += c + n;
      i++;
      continue;
    }
    if (c === '[') {
      out += '\\[';
      continue;
    }
    // A range a-z: under i, add its other-case twin.
    if (src[i + 1] === '-' && src[i + 2] !== undefined && src[i + 2] !== ']') {
      const hi = src[i + 2]!;
      out += `${escapeForClass(c)}-${escapeForClass(hi)}`;
      if (f.i) {
        const a = swapCase(c);
        const b = swapCase(hi);
        if (a !== null && b !== null && /[a-zA-Z]/.test(c) && /[a-zA-Z]/.test(hi)) extra.push(`${a}-${b}`);
      }
      i += 2;
      continue;
    }
    out += c;
    if (f.i) {
      const o = swapCase(c);
      if (o !== null) extra.push(escapeForClass(o));
    }
  }
  throw new RegexError('missing closing ]', src);
}
