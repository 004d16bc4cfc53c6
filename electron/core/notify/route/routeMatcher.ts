import { goQuote } from '../../../../shared/text/quote.js';
import { type AnchoredRegex, compileAnchoredRegex } from '../../model/regex.js';
import { compareGoStrings, type LabelSet } from './labelSet.js';
import type { RouteMatcher, RouteMatchType } from './types.js';

/**
 * Alertmanager's labels.Matcher: a missing label reads as '', regexes are anchored RE2
 * with `.` not matching a newline (Alertmanager compiles `^(?:value)$`, without the `s`
 * flag Prometheus 3 adds to selectors).
 */
export class CompiledMatcher implements RouteMatcher {
  private readonly re: AnchoredRegex | null;

  constructor(
    readonly name: string,
    readonly type: RouteMatchType,
    readonly value: string,
  ) {
    if (type === '=~' || type === '!~') {
      // Compiled bare first so that an invalid pattern is reported as the user wrote it.
      const bare = compileAnchoredRegex(value);
      this.re = value.includes('.') ? compileAnchoredRegex(`(?-s:${value})`) : bare;
    } else {
      this.re = null;
    }
  }

  matches(labels: LabelSet): boolean {
    const v = Object.hasOwn(labels, this.name) ? labels[this.name]! : '';
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

  /** As Alertmanager prints it in route keys: `name="value"`, the name quoted when it must be. */
  toString(): string {
    if (RESERVED.test(this.name)) return `${goQuote(this.name)}${this.type}${goQuote(this.value)}`;
    return `${this.name}${this.type}"${openMetricsEscape(this.value)}"`;
  }
}

/** A space or one of {}!=~,\"'` in a name: Alertmanager quotes it (it came from the UTF-8 parser). */
const RESERVED = /[\p{White_Space}{}!=~,\\"'`]/u;

const TYPE_ORDER: Record<RouteMatchType, number> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };

/** Alertmanager's Matchers sort: by name, then value, then type (= != =~ !~). */
export function compareMatchers(a: RouteMatcher, b: RouteMatcher): number {
  return compareGoStrings(a.name, b.name) || compareGoStrings(a.value, b.value) || TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}

/** `{a="1",b=~"x"}`: sorted matchers, comma-separated without spaces. */
export function matchersString(ms: readonly CompiledMatcher[]): string {
  return `{${ms.map((m) => m.toString()).join(',')}}`;
}

function openMetricsEscape(s: string): string {
  let out = '';
  for (const ch of s) out += ch === '\\' ? '\\\\' : ch === '\n' ? '\\n' : ch === '"' ? '\\"' : ch;
  return out;
}


