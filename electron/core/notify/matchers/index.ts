/**
 * Alertmanager's label matchers. Parsing follows Alertmanager's default ("fallback") mode:
 * input both parsers accept gets the classic parser's reading, input only the UTF-8 parser
 * accepts gets its reading, and input neither accepts is refused with the classic parser's
 * error, so a config that loads in Alertmanager loads here and reads the same.
 */

import { parseClassicMatcher, parseClassicMatchers } from './classic.js';
import { MatcherParseError } from './errors.js';
import { parseUtf8Matchers } from './utf8.js';
import type { Matcher } from './matcher.js';

export { Matcher, matchesAll, compareMatchers, type MatchType } from './matcher.js';
export { MatcherParseError } from './errors.js';
export { parseClassicMatchers, parseClassicMatcher } from './classic.js';
export { parseUtf8Matchers } from './utf8.js';

/** Zero or more matchers, e.g. `{alertname="Down", severity=~"crit|page"}` or `foo=bar,baz!=qux`. */
export function parseMatchers(text: string): Matcher[] {
  let classic: Matcher[] | null = null;
  let classicErr: unknown;
  try {
    classic = parseClassicMatchers(text);
  } catch (e) {
    classicErr = e;
  }
  if (classic) return classic;
  try {
    return parseUtf8Matchers(text);
  } catch {
    throw classicErr;
  }
}

/** Exactly one matcher, without braces. */
export function parseMatcher(text: string): Matcher {
  if (text.startsWith('{') || text.endsWith('}')) throw new MatcherParseError(`unexpected open or close brace: ${text}`);
  try {
    return parseClassicMatcher(text);
  } catch (classicErr) {
    let ms: Matcher[];
    try {
      ms = parseUtf8Matchers(text);
    } catch {
      throw classicErr;
    }
    if (ms.length === 1) return ms[0]!;
    throw classicErr;
  }
}
