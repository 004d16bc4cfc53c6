/**
 * One Alertmanager label matcher (pkg/labels.Matcher): a label name, an operator and a
 * value; regex matchers are anchored and run with RE2's semantics in linear time, since the
 * patterns come from users' configs, silences and API calls.
 */

import { compileAnchoredRegex, RegexError, type AnchoredRegex } from '../../model/regex.js';
import type { Labels } from '../../model/labels.js';
import { goQuote } from '../../../../shared/text/quote.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

/** Whitespace or a character of the UTF-8 matcher syntax (Alertmanager's isReserved). */
const RESERVED = /[\s{}!=~,\\"'`\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/u;

function openMetricsEscape(s: string): string {
  return s.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : '\\' + c));
}

export class Matcher {
  private readonly re: AnchoredRegex | null;

  /** Throws RegexError (Go's wording) when a regex operator's value does not compile. */
  constructor(
    readonly type: MatchType,
    readonly name: string,
    readonly value: string,
  ) {
    if (type === '=~' || type === '!~') {
      // Validated alone so errors name the user's text; matched without (?s), since
      // Alertmanager compiles `^(?:v)$` and its `.` does not match a newline.
      try {
        compileAnchoredRegex(value);
      } catch (e) {
        // Alertmanager compiles `^(?:value)$`, and its error quotes that.
        if (e instanceof RegexError) throw new RegexError(e.reason, `^(?:${value})$`);
        throw e;
      }
      this.re = compileAnchoredRegex(`(?-s:${value})`);
    } else this.re = null;
  }

  get isRegex(): boolean {
    return this.re !== null;
  }

  matches(v: string): boolean {
    switch (this.type) {
      case '=':
        return v === this.value;
      case '!=':
        return v !== this.value;
      case '=~':
        return this.re!.test(v);
      case '!~':
        return !this.re!.test(v);
    }
  }

  /**
   * As Alertmanager prints a matcher: a name with characters the classic parser cannot take
   * unquoted is Go-quoted with its value; otherwise the value is quoted with OpenMetrics'
   * escaping, so both of Alertmanager's parsers read the text back.
   */
  toString(): string {
    if (RESERVED.test(this.name)) return `${goQuote(this.name)}${this.type}${goQuote(this.value)}`;
    return `${this.name}${this.type}"${openMetricsEscape(this.value)}"`;
  }

  toJSON(): { name: string; value: string; isRegex: boolean; isEqual: boolean } {
    return { name: this.name, value: this.value, isRegex: this.isRegex, isEqual: this.type === '=' || this.type === '=~' };
  }
}

/** True when every matcher matches; a label that is absent matches as the empty string, as in Alertmanager. */
export function matchesAll(matchers: readonly Matcher[], labels: Readonly<Record<string, string>> | Labels): boolean {
  const get = isLabels(labels) ? (n: string) => labels.get(n) : (n: string) => (Object.prototype.hasOwnProperty.call(labels, n) ? (labels[n] ?? '') : '');
  for (const m of matchers) if (!m.matches(get(m.name))) return false;
  return true;
}

function isLabels(x: unknown): x is Labels {
  return typeof (x as Labels).get === 'function' && typeof (x as Labels).forEach === 'function';
}

/** Alertmanager sorts a route's or rule's matchers: by name, then value, then operator. */
export function compareMatchers(a: Matcher, b: Matcher): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}

const TYPE_ORDER: Record<MatchType, number> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };
