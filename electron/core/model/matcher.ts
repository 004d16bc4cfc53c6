import { promqlLabelName } from '../../../shared/text/names.js';
import { goQuote } from '../../../shared/text/quote.js';
import { literalAlternation } from './fastRegex.js';
import { interruptTick } from './interrupt.js';
import { type AnchoredRegex, compileAnchoredRegex } from './regex.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

/**
 * A label matcher as in a PromQL selector. Regex matchers are anchored at both ends and
 * `.` matches newlines (Prometheus 3.x). A matcher against '' also matches a missing label.
 */
export class Matcher {
  private readonly re: AnchoredRegex | null;
  /** Set when a regex is a plain alternation of literals (`a|b|c`): the index can look them up. */
  readonly setValues: readonly string[] | null;

  constructor(
    readonly type: MatchType,
    readonly name: string,
    readonly value: string,
  ) {
    if (type === '=~' || type === '!~') {
      this.re = compileAnchoredRegex(value);
      this.setValues = literalAlternation(value);
    } else {
      this.re = null;
      this.setValues = null;
    }
  }

  matches(v: string): boolean {
    switch (this.type) {
      case '=':
        return v === this.value;
      case '!=':
        return v !== this.value;
      case '=~':
        interruptTick();
        return this.re!.test(v);
      case '!~':
        interruptTick();
        return !this.re!.test(v);
    }
  }

  /** True when the matcher accepts the empty string, i.e. series without the label. */
  matchesEmpty(): boolean {
    return this.matches('');
  }

  toString(): string {
    return `${promqlLabelName(this.name)}${this.type}${goQuote(this.value)}`;
  }
}
