/**
 * The parser of Go's text/template (Go 1.22's parse package): the same grammar, the same
 * variable scoping checks, function-existence checks and error texts
 * (`template: NAME:LINE: MSG`). Nesting is bounded so hostile input gets an error, not a
 * stack overflow.
 */

import type { BranchNode, CommandNode, ListNode, Node, NumberNode, PipeNode, Tree, VariableNode } from './ast.js';
import { isEmptyTree, nodeString } from './ast.js';
import { goQuote } from '../../../shared/text/quote.js';
import { TemplateError } from './errors.js';
import { lex, Tok, tokenString, type Token } from './lexer.js';
import { lineOf } from './position.js';
import { parseFloat64, parseInt64, parseUint64, unquote, unquoteRune } from './strconv.js';

/** Parenthesised pipelines nested deeper than this are refused (Go allows 10,000 on its growable stacks). */
export const MAX_PAREN_DEPTH = 1000;
/** Control structures (if, range, with, define) nested deeper than this are refused. */
export const MAX_CONTROL_DEPTH = 1000;

class ParseAbort {
  constructor(readonly message: string) {}
}

/** Parses `text` as template `name`; returns every tree it defines, keyed by name. */
export function parseTrees(name: string, text: string, hasFunction: (name: string) => boolean): ReadonlyMap<string, Tree> {
  const treeSet = new Map<string, Tree>();
  const tokens = lex(text, { breakOK: !hasFunction('break'), continueOK: !hasFunction('continue') });
  const p = new Parser(name, name, text, tokens, hasFunction, treeSet);
  try {
    p.parseTop();
  } catch (e) {
    if (e instanceof ParseAbort) throw new TemplateError(e.message);
    if (e instanceof RangeError) throw new TemplateError(`template: ${name}: template nests too deeply to parse`);
    throw e;
  }
  return treeSet;
}

class Parser {
  private readonly token: Token[] = [];
  private peekCount = 0;
  private cursor = 0;
  private vars: string[] = ['$'];
  /** Offset of the `{{` of the action being parsed, -1 outside actions (Go's actionLine, computed when needed). */
  private actionPos = -1;
  private rangeDepth = 0;
  private parenDepth = 0;
  private controlDepth = 0;
  /** The last token read from the lexer, whose line parse errors report. */
  private last: Token;

  constructor(
    private name: string,
    private readonly parseName: string,
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly hasFunction: (name: string) => boolean,
    private readonly treeSet: Map<string, Tree>,
  ) {
    this.last = tokens[0]!;
  }

  private fork(name: string): Parser {
    const p = new Parser(name, this.parseName, this.text, this.tokens, this.hasFunction, this.treeSet);
    p.cursor = this.cursor;
    p.controlDepth = this.controlDepth;
    return p;
  }

  private join(child: Parser): void {
    // The child read ahead from the shared token stream; continue after it.
    this.cursor = child.cursor;
    this.peekCount = 0;
  }

  private lexNext(): Token {
    const t = this.tokens[this.cursor] ?? this.tokens[this.tokens.length - 1]!;
    if (this.cursor < this.tokens.length) this.cursor++;
    this.last = t;
    return t;
  }

  private next(): Token {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount]!;
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Token): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Token, t1: Token): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Token {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }

  private nextNonSpace(): Token {
    let t: Token;
    do t = this.next();
    while (t.typ === Tok.Space);
    return t;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  private errorf(msg: string): never {
    const line = lineOf(this.text, this.token[0]?.pos ?? this.last.pos);
    throw new ParseAbort(`template: ${this.parseName}:${line}: ${msg}`);
  }

  private expect(typ: Tok, context: string): Token {
    const t = this.nextNonSpace();
    if (t.typ !== typ) this.unexpected(t, context);
    return t;
  }

  private unexpected(t: Token, context: string): never {
    if (t.typ === Tok.Error) {
      let extra = '';
      const line = lineOf(this.text, t.pos);
      const actionLine = this.actionPos < 0 ? 0 : lineOf(this.text, this.actionPos);
      if (actionLine !== 0 && actionLine !== line) {
        extra = ` in action started at ${this.parseName}:${actionLine}`;
        if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${t.val}${extra}`);
    }
    this.errorf(`unexpected ${tokenString(t)} in ${context}`);
  }

  private add(root: ListNode): void {
    const existing = this.treeSet.get(this.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(this.name, { name: this.name, parseName: this.parseName, text: this.text, root });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${goQuote(this.name)}`);
  }

  parseTop(): void {
    const root: ListNode = { kind: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== Tok.EOF) {
      if (this.peek().typ === Tok.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === Tok.Define) {
          const child = this.fork('definition');
          child.parseDefinition();
          this.join(child);
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    this.add(root);
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const t = this.nextNonSpace();
    if (t.typ !== Tok.String && t.typ !== Tok.RawString) this.unexpected(t, context);
    const name = unquote(t.val);
    if (name === null) this.errorf('invalid syntax');
    this.name = name;
    this.expect(Tok.RightDelim, context);
    const { list, next } = this.itemList();
    if (next.kind !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`);
    this.add(list);
  }

  private itemList(): { list: ListNode; next: Node } {
    if (++this.controlDepth > MAX_CONTROL_DEPTH) this.errorf(`control structures nest deeper than ${MAX_CONTROL_DEPTH}`);
    const list: ListNode = { kind: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== Tok.EOF) {
      const n = this.textOrAction();
      if (n.kind === 'end' || n.kind === 'else') {
        this.controlDepth--;
        return { list, next: n };
      }
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Tok.Text:
        return { kind: 'text', pos: t.pos, text: t.val };
      case Tok.LeftDelim: {
        this.actionPos = t.pos;
        try {
          return this.action();
        } finally {
          this.actionPos = -1;
        }
      }
      default:
        this.unexpected(t, 'input');
    }
  }

  private action(): Node {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Tok.Block:
        return this.blockControl();
      case Tok.Break:
        return this.breakControl(t.pos, 'break');
      case Tok.Continue:
        return this.breakControl(t.pos, 'continue');
      case Tok.Else:
        return this.elseControl();
      case Tok.End:
        return { kind: 'end', pos: this.expect(Tok.RightDelim, 'end').pos };
      case Tok.If:
        return this.branch('if');
      case Tok.Range:
        return this.branch('range');
      case Tok.Template:
        return this.templateControl();
      case Tok.With:
        return this.branch('with');
    }
    this.backup();
    const pos = this.peek().pos;
    return { kind: 'action', pos, pipe: this.pipeline('command', Tok.RightDelim) };
  }

  private breakControl(pos: number, which: 'break' | 'continue'): Node {
    const t = this.nextNonSpace();
    if (t.typ !== Tok.RightDelim) this.unexpected(t, `{{${which}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${which}}} outside {{range}}`);
    return { kind: which, pos };
  }

  private pipeline(context: string, end: Tok): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== Tok.Variable) break;
      this.next();
      const after = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === Tok.Assign || next.typ === Tok.Declare) {
        pipe.isAssign = next.typ === Tok.Assign;
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
      } else if (next.typ === Tok.Char && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const k = this.peekNonSpace().typ;
          if (k === Tok.Variable || k === Tok.RightDelim || k === Tok.RightParen) continue decls;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      } else if (after.typ === Tok.Space) {
        this.backup3(v, after);
      } else {
        this.backup2(v);
      }
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      switch (t.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case Tok.Bool:
        case Tok.CharConstant:
        case Tok.Dot:
        case Tok.Field:
        case Tok.Identifier:
        case Tok.Number:
        case Tok.Nil:
        case Tok.RawString:
        case Tok.String:
        case Tok.Variable:
        case Tok.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const k = pipe.cmds[i]!.args[0]!.kind;
      if (k === 'bool' || k === 'dot' || k === 'nil' || k === 'number' || k === 'string') {
        this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branch(context: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, Tok.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const { list, next } = this.itemList();
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.kind === 'else') {
        if (context === 'if' && this.peek().typ === Tok.If) {
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.branch('if')] };
        } else if (context === 'with' && this.peek().typ === Tok.With) {
          this.next();
          elseList = { kind: 'list', pos: next.pos, nodes: [this.branch('with')] };
        } else {
          const r = this.itemList();
          if (r.next.kind !== 'end') this.errorf(`expected end; found ${nodeString(r.next)}`);
          elseList = r.list;
        }
      }
      return { kind: context, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === Tok.If || peek.typ === Tok.With) return { kind: 'else', pos: peek.pos };
    const t = this.expect(Tok.RightDelim, 'else');
    return { kind: 'else', pos: t.pos };
  }

  private blockControl(): Node {
    const context = 'block clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    const pipe = this.pipeline(context, Tok.RightDelim);
    const child = this.fork(name);
    const { list, next } = child.itemList();
    if (next.kind !== 'end') this.errorf(`unexpected ${nodeString(next)} in ${context}`);
    child.add(list);
    this.join(child);
    return { kind: 'template', pos: t.pos, name, pipe };
  }

  private templateControl(): Node {
    const context = 'template clause';
    const t = this.nextNonSpace();
    const name = this.templateName(t, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== Tok.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Tok.RightDelim);
    }
    return { kind: 'template', pos: t.pos, name, pipe };
  }

  private templateName(t: Token, context: string): string {
    if (t.typ === Tok.String || t.typ === Tok.RawString) {
      const s = unquote(t.val);
      if (s === null) this.errorf('invalid syntax');
      return s;
    }
    this.unexpected(t, context);
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const t = this.next();
      if (t.typ === Tok.Space) continue;
      if (t.typ === Tok.RightDelim || t.typ === Tok.RightParen) this.backup();
      else if (t.typ !== Tok.Pipe) this.unexpected(t, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Node | null {
    let node = this.term();
    if (!node) return null;
    if (this.peek().typ === Tok.Field) {
      const pos = this.peek().pos;
      const fields: string[] = [];
      while (this.peek().typ === Tok.Field) fields.push(this.next().val.slice(1));
      switch (node.kind) {
        case 'field':
          node = { kind: 'field', pos, ident: [...node.ident, ...fields] };
          break;
        case 'variable':
          node = { kind: 'variable', pos, ident: [...node.ident, ...fields] };
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
        default:
          node = { kind: 'chain', pos, node, field: fields };
      }
    }
    return node;
  }

  private term(): Node | null {
    const t = this.nextNonSpace();
    switch (t.typ) {
      case Tok.Identifier:
        if (!this.hasFunction(t.val)) this.errorf(`function ${goQuote(t.val)} not defined`);
        return { kind: 'identifier', pos: t.pos, ident: t.val };
      case Tok.Dot:
        return { kind: 'dot', pos: t.pos };
      case Tok.Nil:
        return { kind: 'nil', pos: t.pos };
      case Tok.Variable:
        return this.useVar(t.pos, t.val);
      case Tok.Field:
        return { kind: 'field', pos: t.pos, ident: t.val.slice(1).split('.') };
      case Tok.Bool:
        return { kind: 'bool', pos: t.pos, value: t.val === 'true' };
      case Tok.CharConstant:
      case Tok.Number:
        return this.newNumber(t);
      case Tok.LeftParen: {
        if (this.parenDepth >= MAX_PAREN_DEPTH) this.errorf('max expression depth exceeded');
        this.parenDepth++;
        try {
          return this.pipeline('parenthesized pipeline', Tok.RightParen);
        } finally {
          this.parenDepth--;
        }
      }
      case Tok.String:
      case Tok.RawString: {
        const s = unquote(t.val);
        if (s === null) this.errorf('invalid syntax');
        return { kind: 'string', pos: t.pos, quoted: t.val, text: s };
      }
    }
    this.backup();
    return null;
  }

  private newVariable(pos: number, val: string): VariableNode {
    return { kind: 'variable', pos, ident: val.split('.') };
  }

  private useVar(pos: number, val: string): VariableNode {
    const v = this.newVariable(pos, val);
    if (!this.vars.includes(v.ident[0]!)) this.errorf(`undefined variable ${goQuote(v.ident[0]!)}`);
    return v;
  }

  private newNumber(t: Token): NumberNode {
    const text = t.val;
    const base = { kind: 'number' as const, pos: t.pos, text };
    if (t.typ === Tok.CharConstant) {
      const r = unquoteRune(text);
      if (r === 'syntax') this.errorf('invalid syntax');
      if (r === 'malformed') this.errorf(`malformed character constant: ${text}`);
      return { ...base, isInt: true, isUint: true, isFloat: true, int: BigInt(r), uint: BigInt(r), float: r };
    }
    if (text.endsWith('i')) this.errorf(`complex constants are not supported: ${goQuote(text)}`);
    let isInt = false;
    let isUint = false;
    let isFloat = false;
    let int = 0n;
    let uint = 0n;
    let float = 0;
    const u = parseUint64(text);
    if (u !== null) {
      isUint = true;
      uint = u;
    }
    const i = parseInt64(text);
    if (i !== null) {
      isInt = true;
      int = i;
      if (i === 0n) {
        isUint = true;
        uint = 0n;
      }
    }
    if (isInt) {
      isFloat = true;
      float = Number(int);
    } else if (isUint) {
      isFloat = true;
      float = Number(uint);
    } else {
      let f: number | null = null;
      try {
        f = parseFloat64(text);
      } catch {
        f = null;
      }
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${goQuote(text)}`);
        isFloat = true;
        float = f;
        if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          isInt = true;
          int = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          isUint = true;
          uint = BigInt(f);
        }
      }
    }
    if (!isInt && !isUint && !isFloat) this.errorf(`illegal number syntax: ${goQuote(text)}`);
    return { ...base, isInt, isUint, isFloat, int, uint, float };
  }
}
