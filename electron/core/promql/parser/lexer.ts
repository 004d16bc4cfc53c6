/**
 * The PromQL lexer: one pass over char codes into flat token arrays.
 *
 * It follows Prometheus's lexer state for state (statements, inside braces, inside a
 * bracketed duration expression, series value sequences) because the lexer's state decides
 * both what is a token and which error a bad query gets, and users compare those messages.
 * Lexing stops at the first error, which becomes the last token (ERROR).
 */

import { goQuote, goQuoteRune, goQuoteTruncated, goUnicode } from '../../../../shared/text/quote.js';

// Token types. Plain numbers (not an enum) so the hot loops compare small integers.
export const EOF = 0;
export const ERROR = 1;
export const IDENTIFIER = 2;
export const METRIC_IDENTIFIER = 3;
export const NUMBER = 4;
export const DURATION = 5;
export const STRING = 6;
export const LEFT_PAREN = 7;
export const RIGHT_PAREN = 8;
export const LEFT_BRACE = 9;
export const RIGHT_BRACE = 10;
export const LEFT_BRACKET = 11;
export const RIGHT_BRACKET = 12;
export const COMMA = 13;
export const EQL = 14;
export const COLON = 15;
export const DOUBLE_COLON = 16;
export const BLANK = 17;
export const TIMES = 18;
export const SPACE = 19;
export const OPEN_HIST = 20;

// Operators: 28..49.
export const TRIM_UPPER = 28;
export const TRIM_LOWER = 29;
export const ADD = 30;
export const SUB = 31;
export const MUL = 32;
export const DIV = 33;
export const MOD = 34;
export const POW = 35;
export const EQLC = 36;
export const NEQ = 37;
export const LTE = 38;
export const LSS = 39;
export const GTE = 40;
export const GTR = 41;
export const EQL_REGEX = 42;
export const NEQ_REGEX = 43;
export const AT = 44;
export const ATAN2 = 45;
export const LAND = 46;
export const LOR = 47;
export const LUNLESS = 48;

// Aggregators: 50..69.
export const SUM = 50;
export const AVG = 51;
export const COUNT = 52;
export const MIN = 53;
export const MAX = 54;
export const GROUP = 55;
export const STDDEV = 56;
export const STDVAR = 57;
export const TOPK = 58;
export const BOTTOMK = 59;
export const COUNT_VALUES = 60;
export const QUANTILE = 61;
export const LIMITK = 62;
export const LIMIT_RATIO = 63;

// Keywords: 70..89.
export const BOOL = 70;
export const BY = 71;
export const GROUP_LEFT = 72;
export const GROUP_RIGHT = 73;
export const IGNORING = 74;
export const OFFSET = 75;
export const ON = 76;
export const WITHOUT = 77;
export const SMOOTHED = 78;
export const ANCHORED = 79;
export const FILL = 80;
export const FILL_LEFT = 81;
export const FILL_RIGHT = 82;

// Preprocessors and duration-expression words: 90..109.
export const START = 90;
export const END = 91;
export const STEP = 92;
export const RANGE = 93;
export const MIN_OF = 94;
export const MAX_OF = 95;

export function isOperator(t: number): boolean {
  return t >= 28 && t < 50;
}
export function isAggregator(t: number): boolean {
  return t >= 50 && t < 70;
}
export function isKeyword(t: number): boolean {
  return t >= 70 && t < 90;
}

/** Words the lexer turns into tokens other than IDENTIFIER, by lower-cased spelling. */
const KEYWORDS: ReadonlyMap<string, number> = new Map([
  ['and', LAND],
  ['or', LOR],
  ['unless', LUNLESS],
  ['atan2', ATAN2],
  ['sum', SUM],
  ['avg', AVG],
  ['count', COUNT],
  ['min', MIN],
  ['max', MAX],
  ['group', GROUP],
  ['stddev', STDDEV],
  ['stdvar', STDVAR],
  ['topk', TOPK],
  ['bottomk', BOTTOMK],
  ['count_values', COUNT_VALUES],
  ['quantile', QUANTILE],
  ['limitk', LIMITK],
  ['limit_ratio', LIMIT_RATIO],
  ['offset', OFFSET],
  ['smoothed', SMOOTHED],
  ['anchored', ANCHORED],
  ['by', BY],
  ['without', WITHOUT],
  ['on', ON],
  ['ignoring', IGNORING],
  ['group_left', GROUP_LEFT],
  ['group_right', GROUP_RIGHT],
  ['fill', FILL],
  ['fill_left', FILL_LEFT],
  ['fill_right', FILL_RIGHT],
  ['bool', BOOL],
  ['start', START],
  ['end', END],
  ['step', STEP],
  ['range', RANGE],
  ['inf', NUMBER],
  ['nan', NUMBER],
]);

/** Fixed spellings of punctuation tokens (Prometheus's ItemTypeStr). */
const PUNCTUATION = new Set([
  LEFT_PAREN,
  RIGHT_PAREN,
  LEFT_BRACE,
  RIGHT_BRACE,
  LEFT_BRACKET,
  RIGHT_BRACKET,
  COMMA,
  EQL,
  COLON,
  DOUBLE_COLON,
  BLANK,
  TIMES,
  SPACE,
  OPEN_HIST,
  START,
  END,
  STEP,
  RANGE,
  MIN_OF,
  MAX_OF,
]);

/** The lexed query: parallel arrays of token type, start and end (UTF-16 offsets). */
export interface Tokens {
  readonly input: string;
  readonly types: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  /** Set when the last token is ERROR. */
  readonly errorMessage: string;
}

const CH_EOF = -1;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlpha(c: number): boolean {
  return c === 95 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isAlphaNumeric(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}
function digitVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return 16;
}
function isUnitChar(c: number): boolean {
  // s m h d w y
  return c === 115 || c === 109 || c === 104 || c === 100 || c === 119 || c === 121;
}

const enum State {
  Statements,
  InsideBraces,
  ValueSequence,
  DurationExpr,
  Done,
}

class Lexer {
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private braceOpen = false;
  private bracketOpen = false;
  private gotColon = false;
  private gotDuration = false;
  private types: Uint8Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private count = 0;
  private errorMessage = '';
  private readonly len: number;

  constructor(
    private readonly input: string,
    private readonly seriesDesc: boolean,
  ) {
    this.len = input.length;
    // Never more tokens than characters, plus the final EOF/ERROR.
    const cap = Math.min(this.len + 2, 64);
    this.types = new Uint8Array(cap);
    this.starts = new Int32Array(cap);
    this.ends = new Int32Array(cap);
  }

  run(): Tokens {
    let state: State = State.Statements;
    while (state !== State.Done) {
      switch (state) {
        case State.Statements:
          state = this.lexStatements();
          break;
        case State.InsideBraces:
          state = this.lexInsideBraces();
          break;
        case State.ValueSequence:
          state = this.lexValueSequence();
          break;
        case State.DurationExpr:
          state = this.lexDurationExpr();
          break;
      }
    }
    return {
      input: this.input,
      types: this.types,
      starts: this.starts,
      ends: this.ends,
      count: this.count,
      errorMessage: this.errorMessage,
    };
  }

  private peek(): number {
    return this.pos < this.len ? this.input.charCodeAt(this.pos) : CH_EOF;
  }

  /** The code point at pos (surrogate pairs combined) and its UTF-16 width. */
  private codePointAt(p: number): number {
    return this.input.codePointAt(p)!;
  }

  private emit(t: number): void {
    if (this.count === this.types.length) this.grow();
    this.types[this.count] = t;
    this.starts[this.count] = this.start;
    this.ends[this.count] = this.pos;
    this.count++;
    this.start = this.pos;
  }

  private grow(): void {
    const n = Math.min(this.types.length * 2, this.len + 2);
    const t = new Uint8Array(n);
    const s = new Int32Array(n);
    const e = new Int32Array(n);
    t.set(this.types);
    s.set(this.starts);
    e.set(this.ends);
    this.types = t;
    this.starts = s;
    this.ends = e;
  }

  private error(msg: string): State {
    this.errorMessage = msg;
    // Prometheus reports a lexer error from the current token's start to the end of input.
    this.pos = this.len;
    this.emit(ERROR);
    this.ends[this.count - 1] = this.len;
    return State.Done;
  }

  /** A rune for a message: the code point at `p`, or U+FFFD at end of input. */
  private runeAt(p: number): number {
    return p < this.len ? this.codePointAt(p) : 0xfffd;
  }

  private skipSpaces(): void {
    while (this.pos < this.len && isSpace(this.input.charCodeAt(this.pos))) this.pos++;
    this.start = this.pos;
  }

  private skipComment(): void {
    while (this.pos < this.len) {
      const c = this.input.charCodeAt(this.pos);
      if (c === 10 || c === 13) break;
      this.pos++;
    }
    this.start = this.pos;
  }

  private lexStatements(): State {
    if (this.braceOpen) return State.InsideBraces;
    if (this.pos >= this.len) {
      if (this.parenDepth !== 0) return this.error('unclosed left parenthesis');
      if (this.bracketOpen) return this.error('unclosed left bracket');
      this.emit(EOF);
      return State.Done;
    }
    const c = this.input.charCodeAt(this.pos);
    if (c === 35 /* # */) {
      this.skipComment();
      return State.Statements;
    }
    this.pos++;
    switch (c) {
      case 44:
        this.emit(COMMA);
        return State.Statements;
      case 32:
      case 9:
      case 10:
      case 13:
        this.skipSpaces();
        return State.Statements;
      case 42:
        this.emit(MUL);
        return State.Statements;
      case 47:
        this.emit(DIV);
        return State.Statements;
      case 37:
        this.emit(MOD);
        return State.Statements;
      case 43:
        this.emit(ADD);
        return State.Statements;
      case 45:
        this.emit(SUB);
        return State.Statements;
      case 94:
        this.emit(POW);
        return State.Statements;
      case 61: {
        const t = this.peek();
        if (t === 61) {
          this.pos++;
          this.emit(EQLC);
        } else if (t === 126) {
          return this.error(`unexpected character after '=': ${goQuoteRune(t)}`);
        } else this.emit(EQL);
        return State.Statements;
      }
      case 33: {
        const t = this.runeAt(this.pos);
        if (t !== 61) {
          if (this.pos < this.len) this.pos += t > 0xffff ? 2 : 1;
          return this.error(`unexpected character after '!': ${goQuoteRune(t)}`);
        }
        this.pos++;
        this.emit(NEQ);
        return State.Statements;
      }
      case 60: {
        const n = this.peek();
        if (n === 61) {
          this.pos++;
          this.emit(LTE);
        } else if (n === 47) {
          this.pos++;
          this.emit(TRIM_UPPER);
        } else this.emit(LSS);
        return State.Statements;
      }
      case 62: {
        const n = this.peek();
        if (n === 61) {
          this.pos++;
          this.emit(GTE);
        } else if (n === 47) {
          this.pos++;
          this.emit(TRIM_LOWER);
        } else this.emit(GTR);
        return State.Statements;
      }
      case 34:
      case 39:
        return this.lexString(c);
      case 96:
        return this.lexRawString();
      case 40:
        this.emit(LEFT_PAREN);
        this.parenDepth++;
        return State.Statements;
      case 41:
        this.emit(RIGHT_PAREN);
        this.parenDepth--;
        if (this.parenDepth < 0) return this.error(`unexpected right parenthesis ')'`);
        return State.Statements;
      case 123:
        this.emit(LEFT_BRACE);
        this.braceOpen = true;
        return State.InsideBraces;
      case 91:
        if (this.bracketOpen) return this.error(`unexpected left bracket '['`);
        this.gotColon = false;
        this.emit(LEFT_BRACKET);
        this.skipSpaces();
        this.bracketOpen = true;
        return State.DurationExpr;
      case 93:
        if (!this.bracketOpen) return this.error(`unexpected right bracket ']'`);
        this.emit(RIGHT_BRACKET);
        this.bracketOpen = false;
        return State.Statements;
      case 64:
        this.emit(AT);
        return State.Statements;
    }
    if (isDigit(c) || (c === 46 && isDigit(this.peek()))) {
      this.pos--;
      return this.lexNumberOrDuration();
    }
    if (isAlpha(c) || c === 58) {
      if (!this.bracketOpen) {
        this.pos--;
        return this.lexKeywordOrIdentifier();
      }
      if (c === 58) {
        if (this.gotColon) return this.error(`unexpected colon ':'`);
        if (this.peek() === 58) {
          this.pos++;
          this.emit(DOUBLE_COLON);
        } else this.emit(COLON);
        this.gotColon = true;
        return State.Statements;
      }
      if ((c === 115 || c === 83 || c === 109 || c === 77 || c === 114 || c === 82) && this.scanDurationKeyword()) {
        return State.Statements;
      }
      return this.error(`unexpected character: ${goQuoteRune(c)}, expected ':'`);
    }
    this.pos--;
    const r = this.runeAt(this.pos);
    this.pos += r > 0xffff ? 2 : 1;
    return this.error(`unexpected character: ${goQuoteRune(r)}`);
  }

  private lexInsideBraces(): State {
    if (this.pos >= this.len) return this.error('unexpected end of input inside braces');
    const c = this.input.charCodeAt(this.pos);
    if (c === 35) {
      this.skipComment();
      return State.InsideBraces;
    }
    this.pos++;
    if (isSpace(c)) {
      this.skipSpaces();
      return State.InsideBraces;
    }
    if (isAlpha(c)) {
      while (this.pos < this.len && isAlphaNumeric(this.input.charCodeAt(this.pos))) this.pos++;
      this.emit(IDENTIFIER);
      return State.InsideBraces;
    }
    switch (c) {
      case 44:
        this.emit(COMMA);
        return State.InsideBraces;
      case 34:
      case 39:
        return this.lexString(c);
      case 96:
        return this.lexRawString();
      case 61:
        if (this.peek() === 126) {
          this.pos++;
          this.emit(EQL_REGEX);
        } else this.emit(EQL);
        return State.InsideBraces;
      case 33: {
        const n = this.runeAt(this.pos);
        if (this.pos < this.len) this.pos += n > 0xffff ? 2 : 1;
        if (n === 126) this.emit(NEQ_REGEX);
        else if (n === 61) this.emit(NEQ);
        else return this.error(`unexpected character after '!' inside braces: ${goQuoteRune(n)}`);
        return State.InsideBraces;
      }
      case 123:
        return this.error(`unexpected left brace '{'`);
      case 125:
        this.emit(RIGHT_BRACE);
        this.braceOpen = false;
        return this.seriesDesc ? State.ValueSequence : State.Statements;
    }
    this.pos--;
    const r = this.runeAt(this.pos);
    this.pos += r > 0xffff ? 2 : 1;
    return this.error(`unexpected character inside braces: ${goQuoteRune(r)}`);
  }

  private lexValueSequence(): State {
    if (this.pos >= this.len) return State.Statements;
    const c = this.input.charCodeAt(this.pos);
    this.pos++;
    if (c === 123 && this.peek() === 123) {
      this.pos++;
      this.emit(OPEN_HIST);
      this.pos = this.len;
      this.start = this.len;
      this.emit(EOF);
      return State.Done;
    }
    if (isSpace(c)) {
      this.emit(SPACE);
      this.skipSpaces();
      return State.ValueSequence;
    }
    switch (c) {
      case 43:
        this.emit(ADD);
        return State.ValueSequence;
      case 45:
        this.emit(SUB);
        return State.ValueSequence;
      case 120:
        this.emit(TIMES);
        return State.ValueSequence;
      case 95:
        this.emit(BLANK);
        return State.ValueSequence;
    }
    if (isDigit(c) || (c === 46 && isDigit(this.peek()))) {
      this.pos--;
      if (this.scanNumber()) {
        this.emit(NUMBER);
        return State.ValueSequence;
      }
      // Hearth extension: durations as values (`-30s-1mx2`, used by start-timestamp lines).
      const failedAt = this.pos;
      this.pos = this.start;
      if (this.scanSeriesDuration()) {
        this.emit(DURATION);
        return State.ValueSequence;
      }
      this.pos = failedAt;
      return this.error(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    }
    if (isAlpha(c)) {
      this.pos--;
      return this.lexKeywordOrIdentifier();
    }
    this.pos--;
    const r = this.runeAt(this.pos);
    this.pos += r > 0xffff ? 2 : 1;
    return this.error(`unexpected character in series sequence: ${goQuoteRune(r)}`);
  }

  /** digits unit [digits unit]… followed by a non-alphanumeric or the `x` of a repetition. */
  private scanSeriesDuration(): boolean {
    let any = false;
    for (;;) {
      const d0 = this.pos;
      while (isDigit(this.peek())) this.pos++;
      if (this.pos === d0) break;
      const u0 = this.pos;
      while (isUnitChar(this.peek())) this.pos++;
      if (this.pos === u0) return false;
      any = true;
    }
    const n = this.peek();
    return any && (n === 120 || !isAlphaNumeric(n));
  }

  private lexDurationExpr(): State {
    if (this.pos >= this.len) return this.error('unexpected end of input in duration expression');
    const c = this.input.charCodeAt(this.pos);
    this.pos++;
    switch (c) {
      case 93:
        this.emit(RIGHT_BRACKET);
        this.bracketOpen = false;
        this.gotColon = false;
        return State.Statements;
      case 58:
        this.emit(COLON);
        if (!this.gotDuration) return this.error('unexpected colon before duration in duration expression');
        if (this.gotColon) return this.error('unexpected repeated colon in duration expression');
        this.gotColon = true;
        return State.DurationExpr;
      case 40:
        this.emit(LEFT_PAREN);
        this.parenDepth++;
        return State.DurationExpr;
      case 41:
        this.emit(RIGHT_PAREN);
        this.parenDepth--;
        if (this.parenDepth < 0) return this.error(`unexpected right parenthesis ')'`);
        return State.DurationExpr;
      case 32:
      case 9:
      case 10:
      case 13:
        this.skipSpaces();
        return State.DurationExpr;
      case 43:
        this.emit(ADD);
        return State.DurationExpr;
      case 45:
        this.emit(SUB);
        return State.DurationExpr;
      case 42:
        this.emit(MUL);
        return State.DurationExpr;
      case 47:
        this.emit(DIV);
        return State.DurationExpr;
      case 37:
        this.emit(MOD);
        return State.DurationExpr;
      case 94:
        this.emit(POW);
        return State.DurationExpr;
      case 44:
        this.emit(COMMA);
        return State.DurationExpr;
      case 115:
      case 83:
      case 109:
      case 77:
      case 114:
      case 82:
        if (this.scanDurationKeyword()) return State.DurationExpr;
        return this.error(`unexpected character in duration expression: ${goQuoteRune(c)}`);
    }
    if (isDigit(c) || (c === 46 && isDigit(this.peek()))) {
      this.pos--;
      this.gotDuration = true;
      return this.lexNumberOrDuration();
    }
    this.pos--;
    const r = this.runeAt(this.pos);
    this.pos += r > 0xffff ? 2 : 1;
    return this.error(`unexpected character in duration expression: ${goQuoteRune(r)}`);
  }

  /** After the first letter of a word inside brackets: step, range, min_of, max_of. */
  private scanDurationKeyword(): boolean {
    while (this.pos < this.len && isAlpha(this.input.charCodeAt(this.pos))) this.pos++;
    const word = this.input.slice(this.start, this.pos).toLowerCase();
    switch (word) {
      case 'step':
        this.emit(STEP);
        return true;
      case 'range':
        this.emit(RANGE);
        return true;
      case 'min_of':
      case 'min':
        this.emit(MIN_OF);
        return true;
      case 'max_of':
      case 'max':
        this.emit(MAX_OF);
        return true;
    }
    return false;
  }

  private lexString(quote: number): State {
    for (;;) {
      if (this.pos >= this.len) return this.error('unterminated quoted string');
      const c = this.input.charCodeAt(this.pos);
      this.pos++;
      if (c === 92) {
        if (!this.lexEscape(quote)) return State.Done;
        continue;
      }
      if (c === quote) break;
      if (c === 10) return this.error('unterminated quoted string');
      if (c === 0xfffd) return this.error('invalid UTF-8 rune');
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = this.input.charCodeAt(this.pos);
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) this.pos++;
        else return this.error('invalid UTF-8 rune');
      }
    }
    this.emit(STRING);
    return State.Statements;
  }

  /** Checks one escape sequence after the backslash; false (with an ERROR token) when bad. */
  private lexEscape(quote: number): boolean {
    let ch = this.nextRune();
    let n: number;
    let base: number;
    let max: number;
    switch (ch) {
      case 97:
      case 98:
      case 102:
      case 110:
      case 114:
      case 116:
      case 118:
      case 92:
        return true;
      case 120:
        ch = this.nextRune();
        n = 2;
        base = 16;
        max = 255;
        break;
      case 117:
        ch = this.nextRune();
        n = 4;
        base = 16;
        max = 0x10ffff;
        break;
      case 85:
        ch = this.nextRune();
        n = 8;
        base = 16;
        max = 0x10ffff;
        break;
      case CH_EOF:
        this.error('escape sequence not terminated');
        return false;
      default:
        if (ch === quote) return true;
        if (ch >= 48 && ch <= 55) {
          n = 3;
          base = 8;
          max = 255;
          break;
        }
        this.error(`unknown escape sequence ${goUnicode(ch)}`);
        return false;
    }
    let x = 0;
    while (n > 0) {
      const d = ch === CH_EOF ? 16 : digitVal(ch);
      if (d >= base) {
        if (ch === CH_EOF) this.error('escape sequence not terminated');
        else this.error(`illegal character ${goUnicode(ch)} in escape sequence`);
        return false;
      }
      x = x * base + d;
      n--;
      if (n > 0) ch = this.nextRune();
    }
    if (x > max || (x >= 0xd800 && x < 0xe000)) {
      this.error('escape sequence is an invalid Unicode code point');
      return false;
    }
    return true;
  }

  private nextRune(): number {
    if (this.pos >= this.len) return CH_EOF;
    const r = this.codePointAt(this.pos);
    this.pos += r > 0xffff ? 2 : 1;
    return r;
  }

  private lexRawString(): State {
    for (;;) {
      if (this.pos >= this.len) return this.error('unterminated raw string');
      const c = this.input.charCodeAt(this.pos);
      this.pos++;
      if (c === 96) break;
      if (c === 0xfffd) return this.error('invalid UTF-8 rune');
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = this.input.charCodeAt(this.pos);
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) this.pos++;
        else return this.error('invalid UTF-8 rune');
      }
    }
    this.emit(STRING);
    return State.Statements;
  }

  private lexNumberOrDuration(): State {
    if (this.scanNumber()) {
      this.emit(NUMBER);
      return State.Statements;
    }
    if (this.acceptRemainingDuration()) {
      this.emit(DURATION);
      return State.Statements;
    }
    return this.error(`bad number or duration syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
  }

  /** The unit part of a duration after scanNumber stopped at a letter; Prometheus's rules. */
  private acceptRemainingDuration(): boolean {
    if (!isUnitChar(this.peek())) return false;
    this.pos++;
    if (this.peek() === 115) this.pos++;
    while (isDigit(this.peek())) {
      while (isDigit(this.peek())) this.pos++;
      const u = this.peek();
      // y may only come first.
      if (!(u === 115 || u === 109 || u === 104 || u === 100 || u === 119)) return false;
      this.pos++;
      if (this.peek() === 115) this.pos++;
    }
    const n = this.peek();
    if (isAlphaNumeric(n)) {
      this.pos++;
      return false;
    }
    return true;
  }

  /**
   * Scans decimal, hex, or float syntax with `_` separators; true when a number ends here.
   * The text is not necessarily a valid number; the parser checks that.
   */
  private scanNumber(): boolean {
    const initial = this.pos;
    let hex = false;
    if (!this.seriesDesc && this.peek() === 48) {
      this.pos++;
      const x = this.peek();
      if (x === 120 || x === 88) {
        this.pos++;
        hex = true;
        if (this.peek() === 95) this.pos++;
      }
    }
    const isDig = hex ? isHexDigit : isDigit;
    if (this.peek() === 46) this.pos++;
    if (isDig(this.peek())) this.pos++;
    let dot = false;
    let exp = false;
    for (;;) {
      const c = this.peek();
      const isE = c === 101 || c === 69;
      if (!(isDig(c) || c === 46 || c === 95 || isE)) break;
      if (c === 46 && dot) {
        this.pos++;
        return false;
      }
      if (isE && exp) {
        this.pos++;
        return false;
      }
      if (c === 46) {
        this.pos++;
        dot = true;
        const n = this.peek();
        if (n === 95 || n === 46) {
          this.pos++;
          return false;
        }
        // Fractional hexadecimal literals are not allowed.
        if (hex) return false;
        continue;
      }
      if (isE) {
        this.pos++;
        exp = true;
        const sign = this.peek();
        if (sign === 43 || sign === 45) this.pos++;
        const n = this.peek();
        if (n === 46 || n === 95 || n === 101 || n === 69) {
          this.pos++;
          return false;
        }
        if (n === CH_EOF) return false;
        continue;
      }
      if (c === 95) {
        this.pos++;
        const n = this.peek();
        if (n === 46 || n === 95 || n === 101 || n === 69) {
          this.pos++;
          return false;
        }
        if (n === CH_EOF) return false;
        continue;
      }
      while (isDig(this.peek())) this.pos++;
    }
    if (this.pos === initial) return false;
    const r = this.peek();
    return (this.seriesDesc && r === 120) || !isAlphaNumeric(r);
  }

  private lexKeywordOrIdentifier(): State {
    while (this.pos < this.len) {
      const c = this.input.charCodeAt(this.pos);
      if (!(isAlphaNumeric(c) || c === 58)) break;
      this.pos++;
    }
    const word = this.input.slice(this.start, this.pos);
    const kw = KEYWORDS.get(word.toLowerCase());
    if (kw !== undefined) {
      // fill/fill_left/fill_right are keywords only before "(", so they stay usable as metric names.
      if ((kw === FILL || kw === FILL_LEFT || kw === FILL_RIGHT) && !this.followedByLeftParen()) this.emit(IDENTIFIER);
      else this.emit(kw);
    } else if (word.indexOf(':') < 0) this.emit(IDENTIFIER);
    else this.emit(METRIC_IDENTIFIER);
    if (this.seriesDesc && this.peek() !== 123) return State.ValueSequence;
    return State.Statements;
  }

  private followedByLeftParen(): boolean {
    for (let p = this.pos; p < this.len; p++) {
      const c = this.input.charCodeAt(p);
      if (!isSpace(c)) return c === 40;
    }
    return false;
  }
}


/** Lexes `input`. Never throws: a lexer error is the last token (ERROR). */
export function lex(input: string, seriesDesc = false): Tokens {
  return new Lexer(input, seriesDesc).run();
}

/**
 * How Prometheus names a token in "unexpected …" messages: `<op:+>`, `<aggr:sum>`, `<by>`,
 * `"("`, `identifier "foo"`, `number "1"`, `end of input`.
 */
export function describeToken(type: number, text: string): string {
  if (type === EOF) return 'end of input';
  if (isKeyword(type)) return `<${text}>`;
  if (isOperator(type)) return `<op:${text}>`;
  if (isAggregator(type)) return `<aggr:${text}>`;
  if (PUNCTUATION.has(type)) return shortQuote(text);
  switch (type) {
    case IDENTIFIER:
      return `identifier ${goQuote(text)}`;
    case METRIC_IDENTIFIER:
      return `metric identifier ${goQuote(text)}`;
    case STRING:
      return `string ${shortQuote(text)}`;
    case NUMBER:
      return `number ${shortQuote(text)}`;
    case DURATION:
      return `duration ${shortQuote(text)}`;
    case ERROR:
      return `error ${shortQuote(text)}`;
  }
  return shortQuote(text);
}

function shortQuote(s: string): string {
  // Prometheus's Item.String: values longer than 10 bytes print as %.10q followed by "...".
  return utf8Length(s) > 10 ? goQuoteTruncated(s, 10) + '...' : goQuote(s);
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
