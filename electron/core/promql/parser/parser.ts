/**
 * The PromQL parser: recursive descent with precedence climbing over the lexer's tokens.
 *
 * It accepts what Prometheus 3.x's yacc grammar accepts and reports the same messages at
 * the same positions where we know them. A syntax error stops parsing; semantic errors
 * found while building nodes ("no arguments for aggregate expression provided", bad
 * durations, …) are collected and parsing goes on, as Prometheus does. Type checks
 * (check.ts) run only when no error was found.
 */

import type {
  AggregateExpr,
  AggregateOp,
  BinaryExpr,
  BinaryOp,
  Call,
  DurationExpr,
  DurationOp,
  Expr,
  MatrixSelector,
  NumberLiteral,
  ParenExpr,
  PositionRange,
  SubqueryExpr,
  VectorMatchCardinality,
  VectorSelector,
} from './ast.js';
import { aggregateHasParam } from './ast.js';
import { checkAst } from './check.js';
import { DurationSyntaxError, durationSecondsOutOfRange, parseDuration } from './durations.js';
import { ParseError, type ParseErrorDetail } from './errors.js';
import type { FunctionSignature } from './functions.js';
import { getFunction } from './functions.js';
import * as T from './lexer.js';
import { lex, describeToken, type Tokens } from './lexer.js';
import { formatGoFloatFixed } from '../../../../shared/text/float.js';
import { isLegacyLabelName } from '../../../../shared/text/names.js';
import { goQuote } from '../../../../shared/text/quote.js';
import { unquoteLiteral } from './quote.js';
import { Matcher, type MatchType } from '../../model/matcher.js';
import { RegexError } from '../../model/regex.js';

/** Which experimental syntax to accept. Hearth accepts all of it unless told otherwise. */
export interface ParseOptions {
  /** Experimental functions and the limitk/limit_ratio aggregations. Default true. */
  experimentalFunctions?: boolean;
  /** Arithmetic, step(), range(), min_of/max_of in ranges, offsets and steps. Default true. */
  durationExpressions?: boolean;
  /** `anchored` and `smoothed` range selectors. Default true. */
  extendedRangeSelectors?: boolean;
  /** fill / fill_left / fill_right on binary operators. Default true. */
  binopFillModifiers?: boolean;
}

/** Thrown inside the parser to unwind after a syntax error; never escapes. */
class Stop {}
const STOP = new Stop();

const PREC = new Uint8Array(128);
PREC[T.LOR] = 1;
PREC[T.LAND] = 2;
PREC[T.LUNLESS] = 2;
PREC[T.EQLC] = 3;
PREC[T.NEQ] = 3;
PREC[T.GTE] = 3;
PREC[T.GTR] = 3;
PREC[T.LSS] = 3;
PREC[T.LTE] = 3;
PREC[T.TRIM_UPPER] = 3;
PREC[T.TRIM_LOWER] = 3;
PREC[T.ADD] = 4;
PREC[T.SUB] = 4;
PREC[T.MUL] = 5;
PREC[T.DIV] = 5;
PREC[T.MOD] = 5;
PREC[T.ATAN2] = 5;
PREC[T.POW] = 6;
const POW_PREC = 6;

const OP_TEXT: Record<number, BinaryOp> = {
  [T.ADD]: '+',
  [T.SUB]: '-',
  [T.MUL]: '*',
  [T.DIV]: '/',
  [T.MOD]: '%',
  [T.POW]: '^',
  [T.ATAN2]: 'atan2',
  [T.EQLC]: '==',
  [T.NEQ]: '!=',
  [T.GTR]: '>',
  [T.LSS]: '<',
  [T.GTE]: '>=',
  [T.LTE]: '<=',
  [T.LAND]: 'and',
  [T.LOR]: 'or',
  [T.LUNLESS]: 'unless',
  [T.TRIM_UPPER]: '</',
  [T.TRIM_LOWER]: '>/',
};

const DURATION_OP: Record<number, DurationOp> = {
  [T.ADD]: '+',
  [T.SUB]: '-',
  [T.MUL]: '*',
  [T.DIV]: '/',
  [T.MOD]: '%',
  [T.POW]: '^',
};

const DURATION_EXPECTED = 'number, duration, step(), or range()';

/** Tokens that may name a metric (Prometheus's metric_identifier). */
function isMetricWord(t: number): boolean {
  return (
    t === T.IDENTIFIER ||
    t === T.METRIC_IDENTIFIER ||
    T.isAggregator(t) ||
    t === T.BY ||
    t === T.WITHOUT ||
    t === T.LAND ||
    t === T.LOR ||
    t === T.LUNLESS ||
    t === T.OFFSET ||
    t === T.ANCHORED ||
    t === T.SMOOTHED ||
    t === T.START ||
    t === T.END ||
    t === T.STEP ||
    t === T.RANGE
  );
}

/** Tokens that may be a label name in by/without/on/ignoring lists (maybe_label). */
function isLabelWord(t: number): boolean {
  return (
    t === T.IDENTIFIER ||
    t === T.METRIC_IDENTIFIER ||
    T.isAggregator(t) ||
    T.isKeyword(t) ||
    t === T.LAND ||
    t === T.LOR ||
    t === T.LUNLESS ||
    t === T.ATAN2 ||
    t === T.START ||
    t === T.END ||
    t === T.STEP ||
    t === T.RANGE
  );
}

/** Placeholder signature for calls to unknown functions; only ever seen in discarded trees. */
const UNKNOWN_FUNCTION: FunctionSignature = Object.freeze({
  name: '',
  argTypes: [],
  variadic: 0,
  returnType: 'vector',
  experimental: false,
});

export class Parser {
  readonly input: string;
  readonly errors: ParseErrorDetail[] = [];
  private readonly types: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly tokens: Tokens;
  private i = 0;
  private readonly opts: Required<ParseOptions>;

  constructor(input: string, opts: ParseOptions = {}, seriesDesc = false) {
    this.input = input;
    this.tokens = lex(input, seriesDesc);
    this.types = this.tokens.types;
    this.starts = this.tokens.starts;
    this.ends = this.tokens.ends;
    this.opts = {
      experimentalFunctions: opts.experimentalFunctions ?? true,
      durationExpressions: opts.durationExpressions ?? true,
      extendedRangeSelectors: opts.extendedRangeSelectors ?? true,
      binopFillModifiers: opts.binopFillModifiers ?? true,
    };
  }

  /** Runs `body`, turning every failure into a ParseError. */
  run<R>(body: () => R): R {
    let result: R | undefined;
    try {
      result = body();
    } catch (e) {
      if (e instanceof ParseError) throw e;
      if (!(e instanceof Stop)) {
        const msg = e instanceof RangeError ? 'expression nested too deeply' : 'unexpected error';
        this.errors.push({ positionRange: { start: 0, end: 0 }, message: msg });
      }
    }
    if (this.errors.length > 0 || result === undefined) throw new ParseError(this.input, this.errors);
    return result;
  }

  // ---- token access -------------------------------------------------------------------

  /** The current token type; reaching the lexer's error reports it. */
  peek(): number {
    const t = this.types[this.i]!;
    if (t === T.ERROR) this.lexFail(this.i);
    return t;
  }

  /** A later token's type without reporting anything. */
  peekAt(k: number): number {
    const j = Math.min(this.i + k, this.tokens.count - 1);
    return this.types[j]!;
  }

  text(j = this.i): string {
    return this.input.slice(this.starts[j], this.ends[j]);
  }

  start(j = this.i): number {
    return this.starts[j]!;
  }

  end(j = this.i): number {
    return this.ends[j]!;
  }

  advance(): number {
    return this.i++;
  }

  private lexFail(j: number): never {
    this.errors.push({
      positionRange: { start: this.starts[j]!, end: this.input.length },
      message: this.tokens.errorMessage,
    });
    throw STOP;
  }

  /** "unexpected <token>[ in <context>][, expected <what>]" at the current token. */
  unexpected(context = '', expected = ''): never {
    const j = this.i;
    const t = this.types[j]!;
    if (t === T.ERROR) this.lexFail(j);
    // When the lexer failed right after this token, Prometheus reports the lexer's error.
    if (t !== T.EOF && this.types[j + 1] === T.ERROR) this.lexFail(j + 1);
    let msg = 'unexpected ' + describeToken(t, this.text(j));
    if (context) msg += ' in ' + context;
    if (expected) msg += ', expected ' + expected;
    this.errors.push({ positionRange: { start: this.starts[j]!, end: this.ends[j]! }, message: msg });
    throw STOP;
  }

  addError(pos: PositionRange, message: string): void {
    this.errors.push({ positionRange: { start: pos.start, end: pos.end }, message });
  }

  // ---- entry points -------------------------------------------------------------------

  parseExpression(): Expr {
    if (this.peek() === T.EOF) {
      this.addError({ start: 0, end: 0 }, 'no expression found in input');
      throw STOP;
    }
    const e = this.parseBinary(0);
    if (this.peek() !== T.EOF) this.unexpected();
    if (this.errors.length === 0) checkAst(e, this.input, this.errors);
    return e;
  }

  /** A lone vector selector, for match[] parameters; no type checks. */
  parseMetricSelector(): Matcher[] {
    const t = this.peek();
    let vs: VectorSelector;
    if (t === T.LEFT_BRACE) vs = this.parseSelector('', this.start());
    else if (isMetricWord(t)) {
      const s = this.start();
      const name = this.text();
      this.advance();
      vs = this.parseSelector(name, s);
    } else this.unexpected();
    if (this.peek() !== T.EOF) this.unexpected();
    return vs.matchers;
  }

  // ---- expressions --------------------------------------------------------------------

  private parseBinary(minPrec: number): Expr {
    let lhs = this.parseUnary();
    for (;;) {
      const t = this.peek();
      const prec = t < 128 ? PREC[t]! : 0;
      if (prec === 0 || prec < minPrec) return lhs;
      const opIdx = this.advance();
      const mods = this.parseBinModifiers();
      const rhs = this.parseBinary(t === T.POW ? prec : prec + 1);
      lhs = this.newBinary(lhs, opIdx, mods, rhs);
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t !== T.ADD && t !== T.SUB) return this.parsePostfix(this.parsePrimary());
    const opStart = this.start();
    this.advance();
    // Unary +/- binds like * (Prometheus gives the rule MUL's precedence): only ^ and the
    // postfix modifiers bind tighter.
    const operand = this.parseBinary(POW_PREC);
    if (operand.kind === 'NumberLiteral') {
      if (t === T.SUB) operand.value = -operand.value;
      operand.pos.start = opStart;
      return operand;
    }
    return { kind: 'UnaryExpr', op: t === T.SUB ? '-' : '+', expr: operand, pos: { start: opStart, end: operand.pos.end } };
  }

  private parsePostfix(e: Expr): Expr {
    for (;;) {
      switch (this.peek()) {
        case T.LEFT_BRACKET:
          e = this.parseBracket(e);
          break;
        case T.OFFSET:
          e = this.parseOffset(e);
          break;
        case T.AT:
          e = this.parseAt(e);
          break;
        case T.ANCHORED:
        case T.SMOOTHED:
          e = this.setExtended(e, this.peek() === T.ANCHORED ? 'anchored' : 'smoothed', this.end());
          this.advance();
          break;
        default:
          return e;
      }
    }
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    const s = this.start();
    switch (t) {
      case T.NUMBER: {
        const v = this.parseNumber(this.i);
        const e = this.end();
        this.advance();
        return { kind: 'NumberLiteral', value: v, duration: false, pos: { start: s, end: e } };
      }
      case T.DURATION:
        return this.durationLiteral();
      case T.STRING: {
        const v = unquoteLiteral(this.text());
        const e = this.end();
        this.advance();
        return { kind: 'StringLiteral', value: v, pos: { start: s, end: e } };
      }
      case T.LEFT_PAREN: {
        this.advance();
        const inner = this.parseBinary(0);
        if (this.peek() !== T.RIGHT_PAREN) this.unexpected();
        const e = this.end();
        this.advance();
        const p: ParenExpr = { kind: 'ParenExpr', expr: inner, pos: { start: s, end: e } };
        return p;
      }
      case T.LEFT_BRACE:
        return this.parseSelector('', s);
    }
    const next = this.peekAt(1);
    if (T.isAggregator(t) && (next === T.LEFT_PAREN || next === T.BY || next === T.WITHOUT)) return this.parseAggregate();
    if (next === T.LEFT_PAREN) {
      if (t === T.IDENTIFIER) return this.parseCall(this.text());
      if (t === T.START || t === T.END || t === T.STEP || t === T.RANGE) return this.parseCall(this.text().toLowerCase());
    }
    if (isMetricWord(t)) {
      const name = this.text();
      this.advance();
      return this.parseSelector(name, s);
    }
    return this.unexpected();
  }

  // ---- selectors ----------------------------------------------------------------------

  /** A vector selector after its (possibly empty) metric name, at the optional `{`. */
  private parseSelector(name: string, s: number): VectorSelector {
    const matchers: Matcher[] = [];
    let end = name === '' ? s : this.ends[this.i - 1]!;
    if (this.peek() === T.LEFT_BRACE) {
      this.advance();
      end = this.parseMatcherList(matchers);
    }
    if (name !== '') matchers.push(new Matcher('=', '__name__', name));
    return {
      kind: 'VectorSelector',
      name,
      matchers,
      offsetMs: 0,
      offsetExpr: null,
      timestampMs: null,
      startOrEnd: null,
      anchored: false,
      smoothed: false,
      bypassEmptyMatcherCheck: false,
      pos: { start: s, end },
    };
  }

  /** Matchers up to and including `}`; returns the end of the `}`. */
  private parseMatcherList(out: Matcher[]): number {
    for (;;) {
      let t = this.peek();
      if (t === T.RIGHT_BRACE) {
        const e = this.end();
        this.advance();
        return e;
      }
      const nameIdx = this.i;
      if (t === T.IDENTIFIER) {
        this.advance();
        if (!this.isMatchOp(this.peek())) this.unexpected('label matching', 'label matching operator');
        this.parseMatcherRest(this.text(nameIdx), nameIdx, out);
      } else if (t === T.STRING) {
        const str = unquoteLiteral(this.text());
        this.advance();
        if (this.isMatchOp(this.peek())) this.parseMatcherRest(str, nameIdx, out);
        else out.push(new Matcher('=', '__name__', str));
      } else this.unexpected('label matching', 'identifier or "}"');
      t = this.peek();
      if (t === T.COMMA) this.advance();
      else if (t !== T.RIGHT_BRACE) this.unexpected('label matching', '"," or "}"');
    }
  }

  private isMatchOp(t: number): boolean {
    return t === T.EQL || t === T.NEQ || t === T.EQL_REGEX || t === T.NEQ_REGEX;
  }

  private parseMatcherRest(name: string, nameIdx: number, out: Matcher[]): void {
    const opTok = this.peek();
    const type: MatchType = opTok === T.EQL ? '=' : opTok === T.NEQ ? '!=' : opTok === T.EQL_REGEX ? '=~' : '!~';
    this.advance();
    if (this.peek() !== T.STRING) this.unexpected('label matching', 'string');
    const value = unquoteLiteral(this.text());
    const valueIdx = this.advance();
    try {
      out.push(new Matcher(type, name, value));
    } catch (e) {
      if (!(e instanceof RegexError)) throw e;
      this.addError({ start: this.starts[nameIdx]!, end: this.ends[valueIdx]! }, e.message);
    }
  }

  // ---- calls and aggregations ---------------------------------------------------------

  private parseCall(name: string): Call {
    const s = this.start();
    const nameEnd = this.end();
    let fn = getFunction(name);
    if (!fn) {
      this.addError({ start: s, end: nameEnd }, `unknown function with name ${goQuote(name)}`);
      fn = UNKNOWN_FUNCTION;
    } else if (fn.experimental && !this.opts.experimentalFunctions) {
      this.addError({ start: s, end: nameEnd }, `function ${goQuote(name)} is not enabled`);
    }
    this.advance();
    const args: Expr[] = [];
    const end = this.parseArgs(args);
    return { kind: 'Call', func: fn, args, pos: { start: s, end } };
  }

  /** `( [expr {, expr} [,]] )`; returns the end of `)`. */
  private parseArgs(out: Expr[]): number {
    this.advance(); // (
    if (this.peek() === T.RIGHT_PAREN) {
      const e = this.end();
      this.advance();
      return e;
    }
    for (;;) {
      out.push(this.parseBinary(0));
      const t = this.peek();
      if (t === T.COMMA) {
        const commaIdx = this.advance();
        if (this.peek() === T.RIGHT_PAREN) {
          this.addError(
            { start: this.starts[commaIdx]!, end: this.ends[commaIdx]! },
            'trailing commas not allowed in function call args',
          );
          const e = this.end();
          this.advance();
          return e;
        }
        continue;
      }
      if (t === T.RIGHT_PAREN) {
        const e = this.end();
        this.advance();
        return e;
      }
      this.unexpected();
    }
  }

  private parseAggregate(): AggregateExpr {
    const s = this.start();
    const op = this.text().toLowerCase() as AggregateOp;
    this.advance();
    let grouping: string[] | null = null;
    let without = false;
    let t = this.peek();
    if (t === T.BY || t === T.WITHOUT) {
      without = t === T.WITHOUT;
      this.advance();
      grouping = this.parseLabelList().labels;
      if (this.peek() !== T.LEFT_PAREN) this.unexpected('aggregation');
    }
    const args: Expr[] = [];
    let end = this.parseArgs(args);
    t = this.peek();
    if (grouping === null && (t === T.BY || t === T.WITHOUT)) {
      without = t === T.WITHOUT;
      this.advance();
      const g = this.parseLabelList();
      grouping = g.labels;
      end = g.end;
    }
    const node: AggregateExpr = {
      kind: 'AggregateExpr',
      op,
      expr: PLACEHOLDER,
      param: null,
      grouping: grouping ?? [],
      without,
      pos: { start: s, end },
    };
    if (args.length === 0) {
      this.addError(node.pos, 'no arguments for aggregate expression provided');
      return node;
    }
    let desired = 1;
    if (aggregateHasParam(op)) {
      if (!this.opts.experimentalFunctions && (op === 'limitk' || op === 'limit_ratio')) {
        this.addError(node.pos, `${op}() is experimental and must be enabled with --enable-feature=promql-experimental-functions`);
        return node;
      }
      desired = 2;
      node.param = args[0]!;
    }
    if (args.length !== desired) {
      this.addError(
        node.pos,
        `wrong number of arguments for aggregate expression provided, expected ${desired}, got ${args.length}`,
      );
      return node;
    }
    node.expr = args[desired - 1]!;
    return node;
  }

  /** `( [label {, label} [,]] )` in by/without/on/ignoring/group_x clauses. */
  private parseLabelList(): { labels: string[]; end: number } {
    if (this.peek() !== T.LEFT_PAREN) this.unexpected('grouping opts', '"("');
    this.advance();
    const labels: string[] = [];
    for (;;) {
      let t = this.peek();
      if (t === T.RIGHT_PAREN) {
        const end = this.end();
        this.advance();
        return { labels, end };
      }
      if (t === T.STRING) labels.push(unquoteLiteral(this.text()));
      else if (isLabelWord(t) && isLegacyLabelName(this.text())) labels.push(this.text());
      else this.unexpected('grouping opts', 'label');
      this.advance();
      t = this.peek();
      if (t === T.COMMA) this.advance();
      else if (t !== T.RIGHT_PAREN) this.unexpected('grouping opts', '"," or ")"');
    }
  }

  // ---- binary operators ---------------------------------------------------------------

  private parseBinModifiers(): BinModifiers {
    const m: BinModifiers = {
      returnBool: false,
      on: false,
      matchingLabels: [],
      card: 'one-to-one',
      include: [],
      fillLhs: null,
      fillRhs: null,
    };
    let t = this.peek();
    if (t === T.BOOL) {
      m.returnBool = true;
      this.advance();
      t = this.peek();
    }
    if (t === T.ON || t === T.IGNORING) {
      m.on = t === T.ON;
      this.advance();
      m.matchingLabels = this.parseLabelList().labels;
      t = this.peek();
      if (t === T.GROUP_LEFT || t === T.GROUP_RIGHT) {
        m.card = t === T.GROUP_LEFT ? 'many-to-one' : 'one-to-many';
        this.advance();
        if (this.peek() === T.LEFT_PAREN) m.include = this.parseLabelList().labels;
        t = this.peek();
      }
    }
    while (t === T.FILL || t === T.FILL_LEFT || t === T.FILL_RIGHT) {
      this.advance();
      if (this.peek() !== T.LEFT_PAREN) this.unexpected('fill modifier', '"("');
      this.advance();
      const v = this.parseSignedNumber('fill modifier', 'number');
      if (this.peek() !== T.RIGHT_PAREN) this.unexpected('fill modifier', '")"');
      this.advance();
      if (t !== T.FILL_RIGHT) m.fillLhs = v;
      if (t !== T.FILL_LEFT) m.fillRhs = v;
      t = this.peek();
    }
    return m;
  }

  /** `[+|-] number-or-duration`, as a plain value (seconds for durations). */
  private parseSignedNumber(context: string, expected: string): number {
    let sign = 1;
    let t = this.peek();
    if (t === T.ADD || t === T.SUB) {
      if (t === T.SUB) sign = -1;
      this.advance();
      t = this.peek();
    }
    if (t === T.NUMBER) {
      const v = this.parseNumber(this.i);
      this.advance();
      return sign * v;
    }
    if (t === T.DURATION) {
      const lit = this.durationLiteral();
      return sign * lit.value;
    }
    return this.unexpected(context, expected);
  }

  private newBinary(lhs: Expr, opIdx: number, m: BinModifiers, rhs: Expr): BinaryExpr {
    const op = OP_TEXT[this.types[opIdx]!]!;
    const node: BinaryExpr = {
      kind: 'BinaryExpr',
      op,
      lhs,
      rhs,
      matching: {
        card: m.card,
        matchingLabels: m.matchingLabels,
        on: m.on,
        include: m.include,
        fillValues: { lhs: m.fillLhs, rhs: m.fillRhs },
      },
      returnBool: m.returnBool,
      pos: { start: lhs.pos.start, end: rhs.pos.end },
    };
    if (!this.opts.binopFillModifiers && (m.fillLhs !== null || m.fillRhs !== null)) {
      this.addError(node.pos, 'binop fill modifiers are experimental and not enabled');
    }
    return node;
  }

  // ---- ranges, subqueries and modifiers -----------------------------------------------

  private parseBracket(e: Expr): Expr {
    const lbStart = this.start();
    this.advance(); // [
    if (this.peek() === T.RIGHT_BRACKET) this.unexpected('subquery or range selector', DURATION_EXPECTED);
    const range = this.parseDurationBinary(0, 'subquery or range selector');
    let t = this.peek();
    if (t === T.RIGHT_BRACKET) {
      const rbEnd = this.end();
      this.advance();
      return this.newMatrix(e, range, lbStart, rbEnd);
    }
    if (t !== T.COLON) this.unexpected('subquery or range', '":" or "]"');
    this.advance();
    let step: Expr | null = null;
    if (this.peek() !== T.RIGHT_BRACKET) step = this.parseDurationBinary(0, 'subquery selector');
    t = this.peek();
    if (t !== T.RIGHT_BRACKET) this.unexpected('subquery selector', '"]"');
    const end = this.end();
    this.advance();
    const sq: SubqueryExpr = {
      kind: 'SubqueryExpr',
      expr: e,
      rangeMs: 0,
      rangeExpr: null,
      stepMs: 0,
      stepExpr: null,
      offsetMs: 0,
      offsetExpr: null,
      timestampMs: null,
      startOrEnd: null,
      pos: { start: e.pos.start, end },
    };
    const r = this.durationValue(range, true);
    sq.rangeMs = r.ms;
    sq.rangeExpr = r.expr;
    if (step) {
      const st = this.durationValue(step, true);
      sq.stepMs = st.ms;
      sq.stepExpr = st.expr;
    }
    return sq;
  }

  private newMatrix(e: Expr, range: Expr, lbStart: number, rbEnd: number): Expr {
    let err = '';
    if (e.kind !== 'VectorSelector') err = 'ranges only allowed for vector selectors';
    else if (e.offsetMs !== 0 || e.offsetExpr !== null) err = 'no offset modifiers allowed before range';
    else if (e.timestampMs !== null || e.startOrEnd !== null) err = 'no @ modifiers allowed before range';
    if (err) this.addError({ start: lbStart, end: rbEnd }, err);
    const r = this.durationValue(range, true);
    const ms: MatrixSelector = {
      kind: 'MatrixSelector',
      // A non-selector here only survives in trees that already carry an error.
      vectorSelector: e as VectorSelector,
      rangeMs: r.ms,
      rangeExpr: r.expr,
      pos: { start: e.pos.start, end: rbEnd },
    };
    return ms;
  }

  /**
   * A parsed duration as a modifier value: a plain literal gives ms, an expression keeps
   * its tree (and its value when it needs no query context).
   */
  private durationValue(node: Expr, mustBePositive: boolean): { ms: number; expr: DurationExpr | null } {
    if (node.kind === 'NumberLiteral') {
      if (mustBePositive && !(node.value > 0)) this.addError(node.pos, 'duration must be greater than 0');
      return { ms: secondsToMs(node.value), expr: null };
    }
    const de = node as DurationExpr;
    if (!this.opts.durationExpressions) this.addError(de.pos, 'experimental duration expression is not enabled');
    return { ms: constantDurationMs(de), expr: de };
  }

  private parseOffset(e: Expr): Expr {
    this.advance(); // offset
    const node = this.parseDurationUnary('offset', true);
    const d = this.durationValue(node, false);
    const end = node.pos.end;
    let target: { offsetMs: number; offsetExpr: DurationExpr | null };
    switch (e.kind) {
      case 'VectorSelector':
        target = e;
        break;
      case 'MatrixSelector':
        if (e.vectorSelector.kind !== 'VectorSelector') {
          this.addError(e.pos, 'ranges only allowed for vector selectors');
          return e;
        }
        target = e.vectorSelector;
        break;
      case 'SubqueryExpr':
        target = e;
        break;
      default:
        this.addError(e.pos, 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery');
        return e;
    }
    if (target.offsetMs !== 0 || target.offsetExpr !== null) {
      this.addError(e.pos, 'offset may not be set multiple times');
    } else {
      target.offsetMs = d.ms;
      target.offsetExpr = d.expr;
    }
    e.pos.end = end;
    return e;
  }

  private parseAt(e: Expr): Expr {
    this.advance(); // @
    let t = this.peek();
    if (t === T.START || t === T.END) {
      const which = t === T.START ? 'start' : 'end';
      this.advance();
      if (this.peek() !== T.LEFT_PAREN) this.unexpected('@', 'timestamp');
      this.advance();
      if (this.peek() !== T.RIGHT_PAREN) this.unexpected('@', 'timestamp');
      const end = this.end();
      this.advance();
      const target = this.atTarget(e);
      if (target) {
        target.startOrEnd = which;
        e.pos.end = end;
      }
      return e;
    }
    let sign = 1;
    if (t === T.ADD || t === T.SUB) {
      if (t === T.SUB) sign = -1;
      this.advance();
      t = this.peek();
    }
    let ts: number;
    if (t === T.NUMBER) ts = sign * this.parseNumber(this.i);
    else if (t === T.DURATION) ts = sign * this.durationSeconds(this.i);
    else return this.unexpected('@', 'timestamp');
    const end = this.end();
    this.advance();
    if (!Number.isFinite(ts) || ts >= 9223372036854775807 || ts <= -9223372036854775808) {
      this.addError(e.pos, `timestamp out of bounds for @ modifier: ${formatGoFloatFixed(ts, 6)}`);
    }
    const target = this.atTarget(e);
    if (target) {
      target.timestampMs = roundHalfAway(ts * 1000);
      e.pos.end = end;
    }
    return e;
  }

  private atTarget(e: Expr): { timestampMs: number | null; startOrEnd: 'start' | 'end' | null } | null {
    let target: { timestampMs: number | null; startOrEnd: 'start' | 'end' | null };
    switch (e.kind) {
      case 'VectorSelector':
      case 'SubqueryExpr':
        target = e;
        break;
      case 'MatrixSelector':
        if (e.vectorSelector.kind !== 'VectorSelector') {
          this.addError(e.pos, 'ranges only allowed for vector selectors');
          return null;
        }
        target = e.vectorSelector;
        break;
      default:
        this.addError(e.pos, '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery');
        return null;
    }
    if (target.timestampMs !== null || target.startOrEnd !== null) {
      this.addError(e.pos, '@ <timestamp> may not be set multiple times');
      return null;
    }
    return target;
  }

  private setExtended(e: Expr, which: 'anchored' | 'smoothed', end: number): Expr {
    if (!this.opts.extendedRangeSelectors) {
      this.addError(e.pos, `${which} modifier is experimental and not enabled`);
      return e;
    }
    let vs: VectorSelector;
    switch (e.kind) {
      case 'VectorSelector':
        vs = e;
        break;
      case 'MatrixSelector':
        if (e.vectorSelector.kind !== 'VectorSelector') return e;
        vs = e.vectorSelector;
        break;
      case 'SubqueryExpr':
        this.addError(e.pos, `${which} modifier is not supported for subqueries`);
        return e;
      default:
        this.addError(e.pos, `${which} modifier not implemented`);
        return e;
    }
    vs[which] = true;
    if (vs.anchored && vs.smoothed) this.addError(e.pos, 'anchored and smoothed modifiers cannot be used together');
    e.pos.end = end;
    return e;
  }

  // ---- duration expressions -----------------------------------------------------------

  private parseDurationBinary(minPrec: number, context: string): Expr {
    let lhs = this.parseDurationUnary(context, false);
    for (;;) {
      const t = this.peek();
      const op = DURATION_OP[t];
      if (op === undefined) return lhs;
      const prec = PREC[t]!;
      if (prec < minPrec) return lhs;
      const opIdx = this.advance();
      const rhs = this.parseDurationBinary(t === T.POW ? prec : prec + 1, context);
      if ((op === '/' || op === '%') && rhs.kind === 'NumberLiteral' && rhs.value === 0) {
        this.addError(
          { start: this.starts[opIdx]!, end: this.ends[opIdx]! },
          op === '/' ? 'division by zero' : 'modulo by zero',
        );
        lhs = zeroLiteral();
        continue;
      }
      const node: DurationExpr = { kind: 'DurationExpr', op, lhs, rhs, wrapped: false, pos: { start: lhs.pos.start, end: rhs.pos.end } };
      lhs = node;
    }
  }

  /**
   * A signed duration operand. With `atomOnly` (after `offset`) the operand is a single
   * term, so `offset 5m + 1` offsets by 5m and then adds 1 to the result.
   */
  private parseDurationUnary(context: string, atomOnly: boolean): Expr {
    const t = this.peek();
    if (t !== T.ADD && t !== T.SUB) return this.parseDurationPrimary(context);
    const opIdx = this.advance();
    const operand = atomOnly ? this.parseDurationUnary(context, true) : this.parseDurationBinary(POW_PREC, context);
    const opStart = this.starts[opIdx]!;
    if (operand.kind === 'NumberLiteral') {
      if (t === T.SUB) operand.value = -operand.value;
      if (durationSecondsOutOfRange(operand.value)) {
        this.addError({ start: opStart, end: this.ends[opIdx]! }, 'duration out of range');
        return zeroLiteral();
      }
      operand.pos.start = opStart;
      return operand;
    }
    if (t === T.ADD) return operand;
    const node: DurationExpr = { kind: 'DurationExpr', op: '-', lhs: null, rhs: operand, wrapped: false, pos: { start: opStart, end: operand.pos.end } };
    return node;
  }

  private parseDurationPrimary(context: string): Expr {
    const t = this.peek();
    const s = this.start();
    switch (t) {
      case T.NUMBER: {
        const v = this.parseNumber(this.i);
        const e = this.end();
        this.advance();
        if (durationSecondsOutOfRange(v)) {
          this.addError({ start: s, end: e }, 'duration out of range');
          return zeroLiteral();
        }
        return { kind: 'NumberLiteral', value: v, duration: false, pos: { start: s, end: e } };
      }
      case T.DURATION:
        return this.durationLiteral();
      case T.LEFT_PAREN: {
        this.advance();
        const inner = this.parseDurationBinary(0, context);
        if (this.peek() !== T.RIGHT_PAREN) this.unexpected(context, '")"');
        const e = this.end();
        this.advance();
        if (inner.kind === 'DurationExpr') {
          inner.wrapped = true;
          inner.pos = { start: s, end: e };
          return inner;
        }
        const w: DurationExpr = { kind: 'DurationExpr', op: '+', lhs: null, rhs: inner, wrapped: true, pos: { start: s, end: e } };
        return w;
      }
      case T.STEP:
      case T.RANGE: {
        this.advance();
        if (this.peek() !== T.LEFT_PAREN) this.unexpected(context, DURATION_EXPECTED);
        this.advance();
        if (this.peek() !== T.RIGHT_PAREN) this.unexpected(context, '")"');
        const e = this.end();
        this.advance();
        const n: DurationExpr = { kind: 'DurationExpr', op: t === T.STEP ? 'step' : 'range', lhs: null, rhs: null, wrapped: false, pos: { start: s, end: e } };
        return n;
      }
    }
    const word = t === T.MIN_OF || t === T.MAX_OF || t === T.IDENTIFIER || t === T.MIN || t === T.MAX ? this.text().toLowerCase() : '';
    if (word === 'min_of' || word === 'max_of' || ((word === 'min' || word === 'max') && this.peekAt(1) === T.LEFT_PAREN)) {
      this.advance();
      if (this.peek() !== T.LEFT_PAREN) this.unexpected(context, '"("');
      this.advance();
      const a = this.parseDurationBinary(0, context);
      if (this.peek() !== T.COMMA) this.unexpected(context, '","');
      this.advance();
      const b = this.parseDurationBinary(0, context);
      if (this.peek() !== T.RIGHT_PAREN) this.unexpected(context, '")"');
      const e = this.end();
      this.advance();
      const n: DurationExpr = { kind: 'DurationExpr', op: word.startsWith('min') ? 'min' : 'max', lhs: a, rhs: b, wrapped: false, pos: { start: s, end: e } };
      return n;
    }
    return this.unexpected(context, DURATION_EXPECTED);
  }

  // ---- literals -----------------------------------------------------------------------

  private durationLiteral(): NumberLiteral {
    const s = this.start();
    const e = this.end();
    const v = this.durationSeconds(this.i);
    this.advance();
    return { kind: 'NumberLiteral', value: v, duration: true, pos: { start: s, end: e } };
  }

  /** A DURATION token's value in seconds; 0 with an error when it is not a valid duration. */
  durationSeconds(j: number): number {
    try {
      return parseDuration(this.text(j)) / 1000;
    } catch (err) {
      if (!(err instanceof DurationSyntaxError)) throw err;
      this.addError({ start: this.starts[j]!, end: this.ends[j]! }, err.message);
      return 0;
    }
  }

  /** A NUMBER token's value, as Prometheus's strconv.ParseInt(…, 0, 64) then ParseFloat. */
  parseNumber(j: number): number {
    const r = parseNumberText(this.text(j));
    if (typeof r === 'string') {
      this.addError({ start: this.starts[j]!, end: this.ends[j]! }, r);
      return 0;
    }
    return r;
  }
}

interface BinModifiers {
  returnBool: boolean;
  on: boolean;
  matchingLabels: string[];
  card: VectorMatchCardinality;
  include: string[];
  fillLhs: number | null;
  fillRhs: number | null;
}

/** Stands in for a missing aggregation operand in trees that already carry an error. */
const PLACEHOLDER: NumberLiteral = { kind: 'NumberLiteral', value: 0, duration: false, pos: { start: 0, end: 0 } };

function zeroLiteral(): NumberLiteral {
  return { kind: 'NumberLiteral', value: 0, duration: false, pos: { start: 0, end: 0 } };
}

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

const INT64_MAX = 9223372036854775807n;

/**
 * Number text to a value the way Prometheus reads it: an integer in Go syntax (hex, octal
 * with a leading 0, `_` separators) when it fits int64, else a float. Returns the error
 * message when neither works.
 */
export function parseNumberText(text: string): number | string {
  // Fast path for the common case: decimal without a leading zero, separators or hex.
  const c0 = text.charCodeAt(0);
  if (((c0 >= 49 && c0 <= 57) || c0 === 46) && text.indexOf('_') < 0) {
    const v = Number(text);
    if (Number.isFinite(v)) return v;
  }
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const s = text.indexOf('_') >= 0 ? text.replace(/_/g, '') : text;
  let big: bigint | null = null;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) big = BigInt(s);
  else if (/^0[0-7]+$/.test(s)) big = BigInt('0o' + s.slice(1));
  else if (/^[0-9]+$/.test(s)) big = BigInt(s);
  if (big !== null && big <= INT64_MAX) return Number(big);
  const bad = `error parsing number: strconv.ParseFloat: parsing ${goQuote(text)}: `;
  if (/^0[xX]/.test(s)) return bad + 'invalid syntax';
  const v = Number(s);
  if (Number.isNaN(v)) return bad + 'invalid syntax';
  if (!Number.isFinite(v)) return bad + 'value out of range';
  return v;
}

/** The value in ms of a duration expression that needs no query context, else 0. */
export function constantDurationMs(e: DurationExpr): number {
  const v = constSeconds(e);
  return v === null ? 0 : secondsToMs(v);
}

/**
 * Seconds to whole ms, rounding to the nearest ms: a duration like 1001ms is 1.001 s,
 * and 1.001 * 1000 is 1000.9999999999999 in floating point.
 */
export function secondsToMs(s: number): number {
  return roundHalfAway(s * 1000);
}

function constSeconds(e: Expr): number | null {
  switch (e.kind) {
    case 'NumberLiteral':
      return e.value;
    case 'DurationExpr': {
      if (e.op === 'step' || e.op === 'range') return null;
      const r = e.rhs ? constSeconds(e.rhs) : null;
      if (r === null) return null;
      if (e.lhs === null) return e.op === '-' ? -r : r;
      const l = constSeconds(e.lhs);
      if (l === null) return null;
      switch (e.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          return l / r;
        case '%':
          return l % r;
        case '^':
          return Math.pow(l, r);
        case 'min':
          return Math.min(l, r);
        case 'max':
          return Math.max(l, r);
      }
      return null;
    }
    default:
      return null;
  }
}
