/**
 * Executes parsed templates as Go's text/template/exec.go does: the same evaluation order,
 * the same node a failure is reported at (`template: NAME:LINE:COL: executing "NAME" at
 * <NODE>: MSG`), missingkey handling, range/break/continue and template invocation.
 *
 * Functions may return promises (Prometheus's `query` runs PromQL in worker threads), so
 * execution is asynchronous. It is bounded: output size, evaluation steps, wall time and
 * template recursion depth each end it with a TemplateError instead of running away.
 */

import { goQuote } from '../../../shared/text/quote.js';
import type { BranchNode, ChainNode, CommandNode, FieldNode, IdentifierNode, ListNode, Node, NumberNode, PipeNode, TemplateNode, Tree, VariableNode } from './ast.js';
import { nodeString } from './ast.js';
import { BUILTINS } from './builtins.js';
import { TemplateError } from './errors.js';
import { formatV, sprint } from './fmt.js';
import { location } from './position.js';
import { GoStruct, GoUint, isNoValue, isStringer, isTrue, kindOf, mapElemType, mapGet, methodsOf, sliceItems, sortedEntries, typeName, zeroOf, type FuncLookup, type GoFunc } from './values.js';

export type MissingKey = 'default' | 'zero' | 'error';

export interface ExecLimits {
  readonly maxOutputBytes: number;
  readonly maxSteps: number;
  readonly timeoutMs: number;
  readonly maxDepth: number;
}

export interface ExecEnv {
  readonly trees: ReadonlyMap<string, Tree>;
  readonly funcs: FuncLookup;
  readonly missingKey: MissingKey;
  readonly limits: ExecLimits;
}

/** Marks the absence of a piped-in final argument (Go's missingVal). */
const MISSING = Symbol('missing');
type Final = unknown | typeof MISSING;

const BREAK = Symbol('break');
const CONTINUE = Symbol('continue');

class ExecAbort {
  constructor(readonly message: string) {}
}

interface Variable {
  readonly name: string;
  value: unknown;
}

/** What every nested template invocation of one execution shares. */
class Run {
  readonly parts: string[] = [];
  units = 0;
  /** Exact UTF-8 bytes written, counted once the output nears the cap (null before). */
  bytes: number | null = null;
  steps = 0;
  readonly startMs = Date.now();
  lastYieldMs = this.startMs;

  constructor(readonly env: ExecEnv) {}
}

/** Runs template `name` of env over data. */
export async function execute(env: ExecEnv, name: string, data: unknown): Promise<string> {
  const tree = env.trees.get(name);
  const run = new Run(env);
  const s = new State(run, name, tree ?? null, [{ name: '$', value: data }], 0);
  try {
    if (!tree) return s.errorf(`${goQuote(name)} is an incomplete or empty template`);
    const done = drive(s.walk(data, tree.root));
    if (done) await done;
  } catch (e) {
    if (e instanceof ExecAbort) throw new TemplateError(e.message);
    // V8's own limits (stack depth, string length) end the run with an error, never the process.
    if (e instanceof RangeError) throw new TemplateError(`template: ${name}: ${/call stack/i.test(e.message) ? 'execution nested too deeply' : 'value too large'}: ${e.message}`);
    throw e;
  }
  return run.parts.join('');
}

/**
 * Evaluation is written as generators that yield only the promises functions return: a
 * template that calls nothing asynchronous runs synchronously, with no promise per node.
 */
type Eval<T> = Generator<Promise<unknown>, T, unknown>;

/** Runs gen; returns undefined when it finished synchronously, else a promise of its end. */
function drive<T>(gen: Eval<T>): Promise<T> | undefined {
  const r = gen.next();
  if (r.done) return undefined;
  return resume(gen, r.value);
}

async function resume<T>(gen: Eval<T>, pending: Promise<unknown>): Promise<T> {
  for (;;) {
    let v: unknown;
    let failed = false;
    try {
      v = await pending;
    } catch (e) {
      failed = true;
      v = e;
    }
    // A rejected promise is thrown into the generator, where the call that awaited it catches it.
    const r = failed ? gen.throw(v) : gen.next(v);
    if (r.done) return r.value;
    pending = r.value;
  }
}

const YIELD_AFTER_MS = 10;

/** Template invocations nested this deep start on a fresh stack (a microtask), so recursion never overflows it. */
const FRESH_STACK_EVERY = 32;

class State {
  private node: Node | null = null;

  constructor(
    private readonly run: Run,
    private readonly name: string,
    private readonly tree: Tree | null,
    private vars: Variable[],
    readonly depth: number,
  ) {}

  errorf(msg: string): never {
    if (!this.node || !this.tree) throw new ExecAbort(`template: ${this.name}: ${msg}`);
    const loc = location(this.tree.parseName, this.tree.text, this.node.pos);
    throw new ExecAbort(`template: ${loc}: executing ${goQuote(this.name)} at <${nodeString(this.node)}>: ${msg}`);
  }

  private at(n: Node): void {
    this.node = n;
  }

  /** Counts a step; every 256 steps looks at the clock. */
  private step(): Promise<void> | undefined {
    const run = this.run;
    if (++run.steps > run.env.limits.maxSteps) this.errorf(`execution stopped after ${run.env.limits.maxSteps} steps`);
    if ((run.steps & 255) !== 0) return undefined;
    return this.tick();
  }

  /**
   * Ends a run past its time limit, and gives the event loop a turn (a promise to yield)
   * when this run has held it for YIELD_AFTER_MS: a long template never stalls scrapes.
   */
  private tick(): Promise<void> | undefined {
    const run = this.run;
    const now = Date.now();
    if (now - run.startMs > run.env.limits.timeoutMs) this.errorf(`execution took longer than ${run.env.limits.timeoutMs} ms`);
    if (now - run.lastYieldMs < YIELD_AFTER_MS) return undefined;
    run.lastYieldMs = now;
    return new Promise<void>((resolve) => setImmediate(() => {
      run.lastYieldMs = Date.now();
      resolve();
    }));
  }

  private write(s: string): void {
    const run = this.run;
    run.units += s.length;
    const max = run.env.limits.maxOutputBytes;
    // A UTF-16 unit is at most 3 UTF-8 bytes: count bytes exactly only once the output could reach the cap.
    if (run.units * 3 > max) {
      if (run.bytes === null) run.bytes = Buffer.byteLength(run.parts.join(''));
      run.bytes += Buffer.byteLength(s);
      if (run.bytes > max) this.errorf(`output exceeds the limit of ${max} bytes`);
    }
    run.parts.push(s);
  }

  private push(name: string, value: unknown): void {
    this.vars.push({ name, value });
  }

  private setVar(name: string, value: unknown): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private varValue(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.errorf(`undefined variable: ${name}`);
  }

  *walk(dot: unknown, node: Node): Eval<void> {
    // A list has no text of its own to name in an error: a limit reached there names the node before.
    const pause = this.step();
    if (node.kind !== 'list') this.at(node);
    if (pause) yield pause;
    switch (node.kind) {
      case 'action': {
        const v = yield* this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, v);
        return;
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'if':
      case 'with':
        return yield* this.walkIfOrWith(dot, node);
      case 'list':
        for (const n of node.nodes) yield* this.walk(dot, n);
        return;
      case 'range':
        return yield* this.walkRange(dot, node);
      case 'template':
        return yield* this.walkTemplate(dot, node);
      case 'text':
        this.write(node.text);
        return;
      default:
        this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private *walkIfOrWith(dot: unknown, node: BranchNode): Eval<void> {
    const mark = this.vars.length;
    try {
      const val = yield* this.evalPipeline(dot, node.pipe);
      const { truth, ok } = isTrue(val);
      if (!ok) this.errorf(`if/with can't use ${formatV(val)}`);
      if (truth) yield* this.walk(node.kind === 'with' ? val : dot, node.list);
      else if (node.elseList) yield* this.walk(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private *walkRange(dot: unknown, r: BranchNode): Eval<void> {
    this.at(r);
    const outer = this.vars.length;
    try {
      const val = yield* this.evalPipeline(dot, r.pipe);
      const mark = this.vars.length;
      const decl = r.pipe.decl;
      const self = this;
      const one = function* (index: unknown, elem: unknown): Eval<void> {
        if (decl.length > 0) {
          if (r.pipe.isAssign) self.setVar(decl[0]!.ident[0]!, decl.length > 1 ? index : elem);
          else self.vars[self.vars.length - 1]!.value = elem;
        }
        if (decl.length > 1) {
          if (r.pipe.isAssign) self.setVar(decl[1]!.ident[0]!, elem);
          else self.vars[self.vars.length - 2]!.value = index;
        }
        try {
          yield* self.walk(elem, r.list);
        } catch (e) {
          if (e !== CONTINUE) throw e;
        } finally {
          self.vars.length = mark;
        }
      };
      let ran = false;
      try {
        switch (kindOf(val)) {
          case 'slice': {
            const items = sliceItems(val);
            for (let i = 0; i < items.length; i++) {
              ran = true;
              yield* one(BigInt(i), items[i]);
            }
            break;
          }
          case 'map':
            for (const [k, v] of sortedEntries(val)) {
              ran = true;
              yield* one(k, v);
            }
            break;
          case 'int': {
            if (decl.length > 1) this.errorf(`can't use ${formatV(val)} to iterate over more than one variable`);
            for (let i = 0n; i < (val as bigint); i++) {
              ran = true;
              yield* one(i, i);
            }
            break;
          }
          case 'uint': {
            if (decl.length > 1) this.errorf(`can't use ${formatV(val)} to iterate over more than one variable`);
            const u = val as GoUint;
            for (let i = 0n; i < u.v; i++) {
              ran = true;
              const x = new GoUint(u.type, i);
              yield* one(x, x);
            }
            break;
          }
          case 'invalid':
            break;
          default:
            this.errorf(`range can't iterate over ${formatV(val)}`);
        }
      } catch (e) {
        if (e !== BREAK) throw e;
        return;
      }
      if (!ran && r.elseList) yield* this.walk(dot, r.elseList);
    } finally {
      this.vars.length = outer;
    }
  }

  /** Walks a nested template's tree, off the current stack now and then. */
  private *invoke(s: State, dot: unknown, root: ListNode): Eval<void> {
    if (s.depth % FRESH_STACK_EVERY !== 0) {
      yield* s.walk(dot, root);
      return;
    }
    yield Promise.resolve().then(() => drive(s.walk(dot, root)));
  }

  private *walkTemplate(dot: unknown, t: TemplateNode): Eval<void> {
    this.at(t);
    const tree = this.run.env.trees.get(t.name);
    if (!tree) this.errorf(`template ${goQuote(t.name)} not defined`);
    const max = this.run.env.limits.maxDepth;
    if (this.depth >= max) this.errorf(`exceeded maximum template depth (${max})`);
    const newDot = yield* this.evalPipeline(dot, t.pipe);
    const s = new State(this.run, t.name, tree, [{ name: '$', value: newDot }], this.depth + 1);
    yield* this.invoke(s, newDot, tree.root);
  }

  private *evalPipeline(dot: unknown, pipe: PipeNode | null): Eval<unknown> {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) value = yield* this.evalCommand(dot, cmd, value);
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0]!, value);
      else this.push(v.ident[0]!, value);
    }
    return value;
  }

  private notAFunction(args: readonly Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private *evalCommand(dot: unknown, cmd: CommandNode, final: Final): Eval<unknown> {
    const pause = this.step();
    if (pause) yield pause;
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return yield* this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return yield* this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return yield* this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return yield* this.evalPipeline(dot, first);
      case 'variable':
        return yield* this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuote(nodeString(first))}`);
  }

  private idealConstant(n: NumberNode): unknown {
    this.at(n);
    // Go's isHexInt looks at an unsigned literal only: -0x1E is read as a float for its 'E'.
    const isHexInt = /^0[xX]./.test(n.text) && !/[pP]/.test(n.text);
    if (n.isFloat && !isHexInt && n.text[0] !== "'" && /[.eEpP]/.test(n.text)) return n.float;
    if (n.isInt) return n.int;
    if (n.isUint) this.errorf(`${n.text} overflows int`);
    return undefined;
  }

  private *evalFieldNode(dot: unknown, field: FieldNode, args: readonly Node[], final: Final): Eval<unknown> {
    this.at(field);
    return yield* this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private *evalChainNode(dot: unknown, chain: ChainNode, args: readonly Node[] | null, final: Final): Eval<unknown> {
    this.at(chain);
    if (chain.node.kind === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = yield* this.evalArg(dot, null, chain.node);
    return yield* this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private *evalVariableNode(dot: unknown, v: VariableNode, args: readonly Node[] | null, final: Final): Eval<unknown> {
    this.at(v);
    const value = this.varValue(v.ident[0]!);
    if (v.ident.length === 1) {
      if (args) this.notAFunction(args, final);
      else if (final !== MISSING) this.notAFunction([v], final);
      return value;
    }
    return yield* this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private *evalFieldChain(dot: unknown, receiver: unknown, node: Node, ident: readonly string[], args: readonly Node[] | null, final: Final): Eval<unknown> {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = yield* this.evalField(dot, ident[i]!, node, null, MISSING, receiver);
    return yield* this.evalField(dot, ident[n - 1]!, node, args, final, receiver);
  }

  private *evalFunction(dot: unknown, node: IdentifierNode, cmd: Node, args: readonly Node[] | null, final: Final): Eval<unknown> {
    this.at(node);
    const name = node.ident;
    const custom = this.run.env.funcs.get(name);
    const fn = custom ?? BUILTINS.get(name);
    if (!fn) this.errorf(`${goQuote(name)} is not a defined function`);
    return yield* this.evalCall(dot, fn, !custom, cmd, name, args, final);
  }

  private *evalField(dot: unknown, fieldName: string, node: Node, args: readonly Node[] | null, final: Final, receiver: unknown): Eval<unknown> {
    if (isNoValue(receiver)) {
      if (this.run.env.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    const method = methodsOf(receiver)?.[fieldName];
    if (method) return yield* this.evalCall(dot, method, false, node, fieldName, args, final);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    const kind = kindOf(receiver);
    if (receiver instanceof GoStruct) {
      if (Object.prototype.hasOwnProperty.call(receiver.fields, fieldName)) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        return receiver.fields[fieldName];
      }
    } else if (kind === 'map') {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const r = mapGet(receiver, fieldName);
      if (r.found) return r.value;
      switch (this.run.env.missingKey) {
        case 'zero':
          return zeroOf(mapElemType(receiver));
        case 'error':
          this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
      }
      return undefined;
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typeName(receiver)}`);
  }

  private *evalCall(dot: unknown, fn: GoFunc, isBuiltin: boolean, node: Node, name: string, argNodes: readonly Node[] | null, final: Final): Eval<unknown> {
    const args = argNodes ? argNodes.slice(1) : [];
    const params = fn.params ?? [];
    const variadic = fn.params === null ? 'interface {}' : fn.variadic;
    let numIn = args.length;
    if (final !== MISSING) numIn++;
    const numFixed = variadic !== undefined ? params.length : args.length;
    if (variadic !== undefined) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${args.length}`);
    } else if (numIn !== params.length) this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);

    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: unknown;
      for (const a of args) {
        v = yield* this.evalArg(dot, 'reflect.Value', a);
        if (isTrue(v).truth === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'reflect.Value');
      return v;
    }

    const argv: unknown[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(yield* this.evalArg(dot, params[i]!, args[i]!));
    if (variadic !== undefined) for (; i < args.length; i++) argv.push(yield* this.evalArg(dot, variadic, args[i]!));
    if (final !== MISSING) {
      let t: string;
      if (variadic !== undefined && numIn - 1 >= numFixed) t = variadic;
      else t = params[numIn - 1] ?? 'interface {}';
      argv.push(this.validateType(final, t));
    }

    let result: unknown;
    try {
      if (isBuiltin && name === 'call') result = yield* this.callValue(argNodes && args.length > 0 ? nodeString(args[0]!) : '', argv);
      else {
        result = fn.fn(...argv);
        if (result instanceof Promise) result = yield result;
      }
    } catch (e) {
      if (e instanceof ExecAbort) throw e;
      this.at(node);
      const msg = e instanceof Error ? e.message : String(e);
      this.errorf(`error calling ${name}: ${msg}`);
    }
    // One call can be slow (a huge printf, a regexp over a long text): look at the clock after each.
    const pause = this.tick();
    if (pause) yield pause;
    return result;
  }

  /** The `call` builtin: the first argument is a function value. */
  private *callValue(calleeName: string, argv: unknown[]): Eval<unknown> {
    const [fnv, ...rest] = argv;
    if (isNoValue(fnv)) throw new Error('call of nil');
    let fn: GoFunc | null = null;
    if (typeof fnv === 'function') fn = { fn: fnv as (...a: unknown[]) => unknown, params: null };
    else if (fnv && typeof fnv === 'object' && typeof (fnv as GoFunc).fn === 'function' && 'params' in (fnv as object)) fn = fnv as GoFunc;
    if (!fn) throw new Error(`non-function ${calleeName} of type ${typeName(fnv)}`);
    if (fn.params && fn.variadic === undefined && rest.length !== fn.params.length) {
      throw new Error(`wrong number of args for ${calleeName}: got ${rest.length} want ${fn.params.length}`);
    }
    const r = fn.fn(...rest);
    return r instanceof Promise ? yield r : r;
  }

  private validateType(value: unknown, typ: string | null): unknown {
    if (isNoValue(value)) {
      if (typ === null || canBeNil(typ)) return undefined;
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === null || typ === 'interface {}' || typ === 'reflect.Value') return value;
    const vt = typeName(value);
    if (vt === typ) return value;
    // A *T passes for T (Go dereferences once).
    if (vt === '*' + typ && value instanceof GoStruct) return new GoStruct(value.typeName, value.fields, false, value.methods);
    this.errorf(`wrong type for value; expected ${typ}; got ${vt}`);
  }

  private *evalArg(dot: unknown, typ: string | null, n: Node): Eval<unknown> {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || canBeNil(typ)) return undefined;
        this.errorf(`cannot assign nil to ${typ}`);
      case 'field':
        return this.validateType(yield* this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(yield* this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(yield* this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(yield* this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(yield* this.evalChainNode(dot, n, null, MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.kind === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
      case 'float64':
      case 'float32':
        if (n.kind === 'number' && n.isFloat) return n.float;
        this.errorf(`expected float; found ${nodeString(n)}`);
      case 'int':
      case 'int64':
        if (n.kind === 'number' && n.isInt) return n.int;
        this.errorf(`expected integer; found ${nodeString(n)}`);
      case 'uint':
      case 'uint64':
        if (n.kind === 'number' && n.isUint) return new GoUint(typ, n.uint);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      case 'string':
        if (n.kind === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
      case null:
      case 'interface {}':
      case 'reflect.Value':
        return this.evalEmptyInterface(n);
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${typ}`);
  }

  private evalEmptyInterface(n: Node): unknown {
    this.at(n);
    switch (n.kind) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
    this.errorf(`can't handle assignment of ${nodeString(n)} to empty interface argument`);
  }

  private printValue(n: Node, v: unknown): void {
    this.at(n);
    if (isNoValue(v)) {
      this.write('<no value>');
      return;
    }
    const k = kindOf(v);
    if (k === 'func') this.errorf(`can't print ${nodeString(n)} of type ${typeName(v)}`);
    if (typeof v === 'string') this.write(v);
    else if (v instanceof GoStruct && v.pointer) this.write(formatV(new GoStruct(v.typeName, v.fields, false)));
    else if (isStringer(v)) this.write(v.goString());
    else this.write(sprint([v]));
  }
}

function canBeNil(typ: string): boolean {
  return typ.startsWith('*') || typ.startsWith('[]') || typ.startsWith('map[') || typ.startsWith('func') || typ === 'interface {}' || typ === 'reflect.Value' || typ === 'template.queryResult';
}
