/**
 * Alertmanager's UTF-8 matcher syntax (matcher/parse, the default since 0.27): label names
 * and values are either double-quoted Go strings or unquoted runs of any characters but
 * whitespace and `{}!=~,\"'\``. Error texts carry Alertmanager's `start:end` columns (in code
 * points) so they read as Alertmanager's.
 */

import { unquote } from '../../template/strconv.js';
import { MatcherParseError } from './errors.js';
import { newMatcher } from './classic.js';
import type { Matcher, MatchType } from './matcher.js';

type Kind = 'eof' | '{' | '}' | ',' | '=' | '!=' | '=~' | '!~' | 'quoted' | 'unquoted';

interface Token {
  kind: Kind;
  value: string;
  colStart: number;
  colEnd: number;
}

const RESERVED = new Set(['{', '}', '!', '=', '~', ',', '\\', '"', "'", '`']);

/** unicode.IsSpace */
function isSpace(c: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]$/u.test(c);
}

class Lexer {
  private readonly runes: string[];
  private pos = 0;
  private err: MatcherParseError | null = null;
  private peeked: Token | null = null;

  constructor(input: string) {
    this.runes = [...input];
  }

  /** The column after the last token scanned. */
  get column(): number {
    return this.pos;
  }

  peek(): Token {
    if (!this.peeked) this.peeked = this.lex();
    return this.peeked;
  }

  scan(): Token {
    const t = this.peek();
    this.peeked = null;
    return t;
  }

  private text(a: number, b: number): string {
    return this.runes.slice(a, b).join('');
  }

  private fail(start: number, msg: string): never {
    this.err = new MatcherParseError(`${start}:${this.pos}: ${this.text(start, this.pos)}: ${msg}`);
    throw this.err;
  }

  private lex(): Token {
    if (this.err) throw this.err;
    const rs = this.runes;
    while (this.pos < rs.length) {
      const start = this.pos;
      const r = rs[this.pos]!;
      if (r === '{' || r === '}' || r === ',') {
        this.pos++;
        return { kind: r, value: r, colStart: start, colEnd: this.pos };
      }
      if (r === '=' || r === '!') {
        this.pos++;
        const next = rs[this.pos];
        if (r === '!') {
          if (next === '=' || next === '~') {
            this.pos++;
            return { kind: next === '=' ? '!=' : '!~', value: '!' + next, colStart: start, colEnd: this.pos };
          }
          if (next === undefined) {
            this.err = new MatcherParseError(`${start}:${this.pos}: unexpected end of input, expected one of '=~'`);
            throw this.err;
          }
          this.fail(start, "expected one of '=~'");
        }
        if (next === '~') {
          this.pos++;
          return { kind: '=~', value: '=~', colStart: start, colEnd: this.pos };
        }
        return { kind: '=', value: '=', colStart: start, colEnd: this.pos };
      }
      if (r === '"') {
        this.pos++;
        let escaped = false;
        let closed = false;
        while (this.pos < rs.length) {
          const c = rs[this.pos]!;
          this.pos++;
          if (escaped) escaped = false;
          else if (c === '\\') escaped = true;
          else if (c === '"') {
            closed = true;
            break;
          }
        }
        if (!closed) this.fail(start, 'missing end "');
        return { kind: 'quoted', value: this.text(start, this.pos), colStart: start, colEnd: this.pos };
      }
      if (isSpace(r)) {
        this.pos++;
        continue;
      }
      if (!RESERVED.has(r)) {
        while (this.pos < rs.length && !RESERVED.has(rs[this.pos]!) && !isSpace(rs[this.pos]!)) this.pos++;
        return { kind: 'unquoted', value: this.text(start, this.pos), colStart: start, colEnd: this.pos };
      }
      this.pos++;
      this.fail(start, 'invalid input');
    }
    return { kind: 'eof', value: '', colStart: this.pos, colEnd: this.pos };
  }
}

const OPERATORS: readonly Kind[] = ['=', '!=', '=~', '!~'];

function unexpected(t: Token, why: string): MatcherParseError {
  if (t.kind === 'eof') return new MatcherParseError(`end of input: ${why}`);
  return new MatcherParseError(`${t.colStart}:${t.colEnd}: unexpected ${t.value}: ${why}`);
}

/** The lexer's own errors gain the parser's expectation, as Go's `%w: %w` does. */
function peekOr(l: Lexer, why: string): Token {
  try {
    return l.peek();
  } catch (e) {
    throw new MatcherParseError(`${(e as Error).message}: ${why}`);
  }
}

/** A quoted name or value: Go's strconv.Unquote, then a UTF-8 check of the bytes it gives. */
function tokenText(t: Token): string {
  if (t.kind !== 'quoted') return t.value;
  const s = unquote(t.value);
  const bytes = s === null ? null : goBytes(s);
  if (s === null || bytes === null) throw new MatcherParseError(`${t.colStart}:${t.colEnd}: ${t.value}: invalid input`);
  return bytes;
}

/** unquote gives `\xNN` bytes as U+DC00+NN; put them back together and refuse invalid UTF-8. */
function goBytes(s: string): string | null {
  if (!/[\uDC80-\uDCFF]/.test(s)) return s;
  const out: number[] = [];
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) out.push(cp - 0xdc00);
    else for (const b of Buffer.from(ch, 'utf8')) out.push(b);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(out));
  } catch {
    return null;
  }
}

export function parseUtf8Matchers(input: string): Matcher[] {
  const l = new Lexer(input);
  const out: Matcher[] = [];
  // The opening brace and what follows it are peeked without an expectation: a lexer error
  // there comes out unwrapped, as in Alertmanager.
  let first = l.peek();
  const hasOpen = first.kind === '{';
  if (hasOpen) {
    l.scan();
    first = l.peek();
  }
  let t = first;
  // A matcher list: matcher (',' matcher)* ','? with at most one trailing comma.
  if (t.kind !== 'eof' && t.kind !== '}') {
    for (;;) {
      out.push(parseOne(l));
      t = peekOr(l, 'expected a comma or close brace');
      if (t.kind === 'eof' || t.kind === '}') break;
      if (t.kind !== ',') throw unexpected(t, 'expected a comma or close brace');
      l.scan();
      t = peekOr(l, 'expected a matcher or close brace after comma');
      if (t.kind === 'eof' || t.kind === '}') break;
      if (t.kind !== 'quoted' && t.kind !== 'unquoted') throw unexpected(t, 'expected a matcher or close brace after comma');
    }
  } else if (!hasOpen && t.kind === '}') {
    l.scan();
    throw new MatcherParseError(`0:${l.column}: }: expected opening brace`);
  }
  // Closing brace.
  if (hasOpen) {
    const c = l.scan();
    if (c.kind !== '}') {
      if (c.kind === 'eof') throw new MatcherParseError(`0:${l.column}: end of input: expected close brace`);
      throw new MatcherParseError(`0:${l.column}: ${c.colStart}:${c.colEnd}: unexpected ${c.value}: expected close brace`);
    }
  } else if (t.kind === '}') {
    l.scan();
    throw new MatcherParseError(`0:${l.column}: }: expected opening brace`);
  }
  let end: Token;
  try {
    end = l.scan();
  } catch (e) {
    throw new MatcherParseError(`${(e as Error).message}: expected end of input`);
  }
  if (end.kind !== 'eof') throw new MatcherParseError(`${end.colStart}:${end.colEnd}: ${end.value}: expected end of input`);
  return out;
}

function parseOne(l: Lexer): Matcher {
  const nameTok = peekOr(l, 'expected label name');
  if (nameTok.kind !== 'quoted' && nameTok.kind !== 'unquoted') throw unexpected(nameTok, 'expected label name');
  l.scan();
  const name = tokenText(nameTok);
  const opTok = peekOr(l, "expected an operator such as '=', '!=', '=~' or '!~'");
  if (!OPERATORS.includes(opTok.kind)) throw unexpected(opTok, "expected an operator such as '=', '!=', '=~' or '!~'");
  l.scan();
  const valTok = peekOr(l, 'expected label value');
  if (valTok.kind !== 'quoted' && valTok.kind !== 'unquoted') throw unexpected(valTok, 'expected label value');
  l.scan();
  const value = tokenText(valTok);
  try {
    return newMatcher(opTok.kind as MatchType, name, value);
  } catch (e) {
    throw new MatcherParseError(`failed to create matcher: ${(e as Error).message}`);
  }
}
