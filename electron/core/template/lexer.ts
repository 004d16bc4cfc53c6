/**
 * The lexer of Go's text/template (Go 1.22): the same tokens, trim markers, comments and
 * error texts, so parse errors read as Go's. Positions are UTF-16 offsets into the text;
 * errors turn them into Go's line numbers and byte columns (see position.ts).
 */

import { goQuote, goUnicode } from '../../../shared/text/quote.js';

export enum Tok {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords follow.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Token {
  readonly typ: Tok;
  /** UTF-16 offset of the token's start. */
  readonly pos: number;
  readonly val: string;
}

const KEYWORDS: ReadonlyMap<string, Tok> = new Map([
  ['.', Tok.Dot],
  ['block', Tok.Block],
  ['break', Tok.Break],
  ['continue', Tok.Continue],
  ['define', Tok.Define],
  ['else', Tok.Else],
  ['end', Tok.End],
  ['if', Tok.If],
  ['range', Tok.Range],
  ['nil', Tok.Nil],
  ['template', Tok.Template],
  ['with', Tok.With],
]);

/** Go's item.String(), which parse errors quote. */
export function tokenString(t: Token): string {
  if (t.typ === Tok.EOF) return 'EOF';
  if (t.typ === Tok.Error) return t.val;
  if (t.typ > Tok.Keyword) return `<${t.val}>`;
  if (utf8Length(t.val) > 10) return truncatedQuote(t.val, 10) + '...';
  return goQuote(t.val);
}

/** fmt's %.Nq: the first n runes, quoted. */
function truncatedQuote(s: string, n: number): string {
  let count = 0;
  let end = 0;
  for (const ch of s) {
    if (count === n) break;
    count++;
    end += ch.length;
  }
  return goQuote(s.slice(0, end));
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const EOF = -1;
const LEFT = '{{';
const RIGHT = '}}';
const TRIM = 0x2d; // '-'

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** Go's unicode.IsLetter / IsDigit for identifiers, plus '_'. */
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}_]/u;
function isAlphaNumeric(c: number): boolean {
  if (c < 0x80) return c === 0x5f || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
  return c !== EOF && LETTER_OR_DIGIT.test(String.fromCodePoint(c));
}

function hasLeftTrimMarker(s: string, i: number): boolean {
  return i + 1 < s.length && s.charCodeAt(i) === TRIM && isSpace(s.charCodeAt(i + 1));
}

function hasRightTrimMarker(s: string, i: number): boolean {
  return i + 1 < s.length && isSpace(s.charCodeAt(i)) && s.charCodeAt(i + 1) === TRIM;
}

export interface LexOptions {
  /** `break` and `continue` are keywords unless a function of that name exists. */
  readonly breakOK: boolean;
  readonly continueOK: boolean;
}

/** Scans the whole text; the list ends with an EOF or an Error token. */
export function lex(input: string, opts: LexOptions): Token[] {
  return new Lexer(input, opts).run();
}

type State = ((l: Lexer) => State) | null;

class Lexer {
  readonly items: Token[] = [];
  pos = 0;
  start = 0;
  parenDepth = 0;
  insideAction = false;
  private atEOF = false;

  constructor(
    readonly input: string,
    readonly opts: LexOptions,
  ) {}

  run(): Token[] {
    let state: State = lexText;
    while (state) state = state(this);
    return this.items;
  }

  next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const c = this.input.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  peek(): number {
    if (this.pos >= this.input.length) return EOF;
    return this.input.codePointAt(this.pos)!;
  }

  backup(): void {
    if (this.atEOF) {
      this.atEOF = false;
      return;
    }
    if (this.pos > 0) {
      const c = this.input.charCodeAt(this.pos - 1);
      this.pos -= c >= 0xdc00 && c <= 0xdfff && this.pos > 1 ? 2 : 1;
    }
  }

  emit(typ: Tok): State {
    this.items.push({ typ, pos: this.start, val: this.input.slice(this.start, this.pos) });
    this.start = this.pos;
    return typ === Tok.EOF ? null : this.insideAction ? lexInsideAction : lexText;
  }

  ignore(): void {
    this.start = this.pos;
  }

  accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF && valid.includes(String.fromCodePoint(c))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    for (;;) {
      const c = this.next();
      if (c === EOF || !valid.includes(String.fromCodePoint(c))) break;
    }
    this.backup();
  }

  errorf(msg: string): State {
    this.items.push({ typ: Tok.Error, pos: this.start, val: msg });
    this.start = this.input.length;
    this.pos = this.input.length;
    return null;
  }

  atRightDelim(): { delim: boolean; trim: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT, this.pos + 2)) return { delim: true, trim: true };
    if (this.input.startsWith(RIGHT, this.pos)) return { delim: true, trim: false };
    return { delim: false, trim: false };
  }

  atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return r === RIGHT.charCodeAt(0);
  }

  scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 10 + 1 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i - from;
}

function rightTrimLength(s: string, from: number, to: number): number {
  let i = to;
  while (i > from && isSpace(s.charCodeAt(i - 1))) i--;
  return to - i;
}

function lexText(l: Lexer): State {
  const x = l.input.indexOf(LEFT, l.pos);
  if (x >= 0) {
    if (x > l.pos) {
      l.pos = x;
      let trim = 0;
      if (hasLeftTrimMarker(l.input, x + LEFT.length)) trim = rightTrimLength(l.input, l.start, l.pos);
      l.pos -= trim;
      const text = l.pos > l.start;
      if (text) l.items.push({ typ: Tok.Text, pos: l.start, val: l.input.slice(l.start, l.pos) });
      l.pos += trim;
      l.ignore();
    }
    return lexLeftDelim;
  }
  l.pos = l.input.length;
  if (l.pos > l.start) {
    l.items.push({ typ: Tok.Text, pos: l.start, val: l.input.slice(l.start, l.pos) });
    l.start = l.pos;
  }
  return l.emit(Tok.EOF);
}

function lexLeftDelim(l: Lexer): State {
  l.pos += LEFT.length;
  const trim = hasLeftTrimMarker(l.input, l.pos);
  const after = trim ? 2 : 0;
  if (l.input.startsWith('/*', l.pos + after)) {
    l.pos += after;
    l.ignore();
    return lexComment;
  }
  l.items.push({ typ: Tok.LeftDelim, pos: l.start, val: l.input.slice(l.start, l.pos) });
  l.insideAction = true;
  l.pos += after;
  l.ignore();
  l.parenDepth = 0;
  return lexInsideAction;
}

function lexComment(l: Lexer): State {
  l.pos += 2;
  const i = l.input.indexOf('*/', l.pos);
  if (i < 0) return l.errorf('unclosed comment');
  l.pos = i + 2;
  const { delim, trim } = l.atRightDelim();
  if (!delim) return l.errorf('comment ends before closing delimiter');
  if (trim) l.pos += 2;
  l.pos += RIGHT.length;
  if (trim) l.pos += leftTrimLength(l.input, l.pos);
  l.ignore();
  return lexText;
}

function lexRightDelim(l: Lexer): State {
  const { trim } = l.atRightDelim();
  if (trim) {
    l.pos += 2;
    l.ignore();
  }
  l.pos += RIGHT.length;
  l.items.push({ typ: Tok.RightDelim, pos: l.start, val: l.input.slice(l.start, l.pos) });
  l.start = l.pos;
  if (trim) {
    l.pos += leftTrimLength(l.input, l.pos);
    l.ignore();
  }
  l.insideAction = false;
  return lexText;
}

function lexInsideAction(l: Lexer): State {
  const { delim } = l.atRightDelim();
  if (delim) {
    if (l.parenDepth === 0) return lexRightDelim;
    return l.errorf('unclosed left paren');
  }
  const r = l.next();
  if (r === EOF) return l.errorf('unclosed action');
  if (isSpace(r)) {
    l.backup();
    return lexSpace;
  }
  switch (r) {
    case 0x3d: // =
      return l.emit(Tok.Assign);
    case 0x3a: // :
      if (l.next() !== 0x3d) return l.errorf('expected :=');
      return l.emit(Tok.Declare);
    case 0x7c:
      return l.emit(Tok.Pipe);
    case 0x22:
      return lexQuote;
    case 0x60:
      return lexRawQuote;
    case 0x24:
      return lexVariable;
    case 0x27:
      return lexChar;
    case 0x28:
      l.parenDepth++;
      return l.emit(Tok.LeftParen);
    case 0x29:
      // An unmatched ')' is the parser's to report (`unexpected ")" in command`), as in Go 1.19 on.
      l.parenDepth--;
      return l.emit(Tok.RightParen);
  }
  if (r === 0x2e) {
    if (l.pos < l.input.length) {
      const c = l.input.charCodeAt(l.pos);
      if (c < 0x30 || c > 0x39) return lexField;
    }
    l.backup();
    return lexNumber;
  }
  if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
    l.backup();
    return lexNumber;
  }
  if (isAlphaNumeric(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r <= 0x7f && r >= 0x20 && r < 0x7f) return l.emit(Tok.Char);
  return l.errorf(`unrecognized character in action: ${goUnicode(r)}`);
}

function lexSpace(l: Lexer): State {
  let n = 0;
  while (isSpace(l.peek())) {
    l.next();
    n++;
  }
  // A space before a trim-marked right delimiter belongs to the delimiter.
  if (hasRightTrimMarker(l.input, l.pos - 1) && l.input.startsWith(RIGHT, l.pos + 1)) {
    l.backup();
    if (n === 1) return lexRightDelim;
  }
  return l.emit(Tok.Space);
}

function lexIdentifier(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r)) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    if (!l.atTerminator()) return l.errorf(`bad character ${goUnicode(r)}`);
    const key = KEYWORDS.get(word);
    if (key !== undefined && key > Tok.Keyword) {
      if ((key === Tok.Break && !l.opts.breakOK) || (key === Tok.Continue && !l.opts.continueOK)) return l.emit(Tok.Identifier);
      return l.emit(key);
    }
    if (word === 'true' || word === 'false') return l.emit(Tok.Bool);
    return l.emit(Tok.Identifier);
  }
}

function lexField(l: Lexer): State {
  return lexFieldOrVariable(l, Tok.Field);
}

function lexVariable(l: Lexer): State {
  if (l.atTerminator()) return l.emit(Tok.Variable);
  return lexFieldOrVariable(l, Tok.Variable);
}

function lexFieldOrVariable(l: Lexer, typ: Tok): State {
  if (l.atTerminator()) return l.emit(typ === Tok.Variable ? Tok.Variable : Tok.Dot);
  let r: number;
  for (;;) {
    r = l.next();
    if (!isAlphaNumeric(r)) {
      l.backup();
      break;
    }
  }
  if (!l.atTerminator()) return l.errorf(`bad character ${goUnicode(r)}`);
  return l.emit(typ);
}

function lexChar(l: Lexer): State {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated character constant');
    if (r === 0x27) break;
  }
  return l.emit(Tok.CharConstant);
}

function lexNumber(l: Lexer): State {
  if (!l.scanNumber()) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  const sign = l.peek();
  if (sign === 0x2b || sign === 0x2d) {
    // A complex constant (1+2i): parsed only to be refused, Hearth has no complex numbers.
    if (!l.scanNumber() || l.input.charCodeAt(l.pos - 1) !== 0x69) return l.errorf(`bad number syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
    return l.emit(Tok.Number);
  }
  return l.emit(Tok.Number);
}

function lexQuote(l: Lexer): State {
  for (;;) {
    let r = l.next();
    if (r === 0x5c) {
      r = l.next();
      if (r !== EOF && r !== 0x0a) continue;
    }
    if (r === EOF || r === 0x0a) return l.errorf('unterminated quoted string');
    if (r === 0x22) break;
  }
  return l.emit(Tok.String);
}

function lexRawQuote(l: Lexer): State {
  for (;;) {
    const r = l.next();
    if (r === EOF) return l.errorf('unterminated raw quoted string');
    if (r === 0x60) break;
  }
  return l.emit(Tok.RawString);
}
