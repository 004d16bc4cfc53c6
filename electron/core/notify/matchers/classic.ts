/**
 * Alertmanager's classic matcher syntax (pkg/labels, now matcher/oldparse): tolerant by
 * design, since people type it into amtool and silence forms. `foo=bar`, `foo="b\"ar"`,
 * `{a=~"x.*", b!=c,}`; unquoted values run to the comma; spurious escapes stay literal.
 */

import { Matcher, type MatchType } from './matcher.js';
import { MatcherParseError } from './errors.js';

const NAME_START = /[a-zA-Z_:]/;
const NAME_REST = /[a-zA-Z0-9_:]/;

/** Go's `\s` in RE2: ASCII whitespace only. */
function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
}

export function parseClassicMatchers(input: string): Matcher[] {
  let s = input.startsWith('{') ? input.slice(1) : input;
  if (s.endsWith('}')) s = s.slice(0, -1);
  const tokens: string[] = [];
  let inside = false;
  let escaped = false;
  let token = '';
  for (const r of s) {
    if (r === ',' && !inside) {
      tokens.push(token);
      token = '';
      continue;
    }
    if (r === '"') {
      if (!escaped) inside = !inside;
      else escaped = false;
    } else if (r === '\\') escaped = !escaped;
    else escaped = false;
    token += r;
  }
  const last = token.trim();
  if (last !== '') tokens.push(last);
  return tokens.map(parseClassicMatcher);
}

export function parseClassicMatcher(s: string): Matcher {
  let i = 0;
  while (i < s.length && isSpace(s[i]!)) i++;
  const n0 = i;
  if (i < s.length && NAME_START.test(s[i]!)) {
    i++;
    while (i < s.length && NAME_REST.test(s[i]!)) i++;
  }
  const name = s.slice(n0, i);
  while (i < s.length && isSpace(s[i]!)) i++;
  let op: MatchType | null = null;
  if (s.startsWith('=~', i)) op = '=~';
  else if (s.startsWith('=', i)) op = '=';
  else if (s.startsWith('!=', i)) op = '!=';
  else if (s.startsWith('!~', i)) op = '!~';
  if (name === '' || op === null) throw new MatcherParseError(`bad matcher format: ${s}`);
  i += op.length;
  let end = s.length;
  while (i < end && isSpace(s[i]!)) i++;
  while (end > i && isSpace(s[end - 1]!)) end--;
  const shown = s.slice(i, end);
  let raw = shown;
  let expectTrailingQuote = false;
  if (raw.startsWith('"')) {
    raw = raw.slice(1);
    expectTrailingQuote = true;
  }
  if (/[\uD800-\uDFFF]/u.test(raw.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    throw new MatcherParseError(`matcher value not valid UTF-8: ${shown}`);
  }
  let value = '';
  let esc = false;
  const chars = [...raw];
  for (let k = 0; k < chars.length; k++) {
    const r = chars[k]!;
    if (esc) {
      esc = false;
      if (r === 'n') value += '\n';
      else if (r === '"' || r === '\\') value += r;
      else value += '\\' + r;
      continue;
    }
    if (r === '\\') {
      if (k < chars.length - 1) esc = true;
      else value += '\\';
    } else if (r === '"') {
      if (!expectTrailingQuote || k < chars.length - 1) throw new MatcherParseError(`matcher value contains unescaped double quote: ${shown}`);
      expectTrailingQuote = false;
    } else value += r;
  }
  if (expectTrailingQuote) throw new MatcherParseError(`matcher value contains unescaped double quote: ${shown}`);
  return newMatcher(op, name, value);
}

/** A matcher whose regex does not compile reports Go's regexp error, as NewMatcher does. */
export function newMatcher(op: MatchType, name: string, value: string): Matcher {
  try {
    return new Matcher(op, name, value);
  } catch (e) {
    throw new MatcherParseError((e as Error).message);
  }
}
