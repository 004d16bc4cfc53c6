/**
 * Prometheus regexes are Go RE2 syntax, fully anchored, with `.` matching newlines.
 * JavaScript's RegExp is close but not equal; this translates the RE2 constructs that
 * users write in practice and rejects what cannot be expressed, with RE2-style errors.
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

export class RegexError extends Error {}

const cache = new Map<string, RegExp>();

/** Compiles `src` as an anchored RE2 regex into a JS RegExp; throws RegexError when invalid. */
export function compileAnchoredRegex(src: string): RegExp {
  let re = cache.get(src);
  if (re) return re;
  const { body, flags } = translate(src);
  try {
    re = new RegExp(`^(?:${body})$`, flags + 'su');
  } catch {
    try {
      re = new RegExp(`^(?:${body})$`, flags + 's');
    } catch (e) {
      throw new RegexError(`error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
    }
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(src, re);
  return re;
}

function translate(src: string): { body: string; flags: string } {
  let flags = '';
  let s = src;
  // Leading inline flags, e.g. (?i) or (?is): JS only has them as whole-pattern flags.
  const lead = /^\(\?([imsU]+)\)/.exec(s);
  if (lead) {
    if (lead[1]!.includes('i')) flags += 'i';
    if (lead[1]!.includes('m')) flags += 'm';
    s = s.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[i + 1];
      if (n === undefined) throw new RegexError('error parsing regexp: trailing backslash at end of expression: ``');
      if (n === 'Q') {
        const end = s.indexOf('\\E', i + 2);
        const lit = end < 0 ? s.slice(i + 2) : s.slice(i + 2, end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? s.length : end + 1;
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
      if ((n === 'p' || n === 'P') && s[i + 2] !== '{') {
        out += `\\${n}{${s[i + 2]}}`;
        i += 2;
        continue;
      }
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && s[i + 1] === ':') {
        const end = s.indexOf(':]', i + 2);
        if (end > 0) {
          let name = s.slice(i + 2, end);
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const cls = POSIX_CLASSES[name];
          if (cls !== undefined && !neg) {
            out += cls;
            i = end + 1;
            continue;
          }
        }
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (s[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (s[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && s[i + 1] === '?' && s[i + 2] === 'P' && s[i + 3] === '<') {
      out += '(?<';
      i += 3;
      continue;
    }
    out += c;
  }
  return { body: out, flags };
}
