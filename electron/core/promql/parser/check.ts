/**
 * Type checks on a parsed tree (Prometheus's checkAST): function argument counts and
 * types, aggregation parameters, binary operand types, `bool` only on comparisons, set
 * operator cardinality, selectors that would select everything. Errors are appended in
 * Prometheus's order. It also settles two fields the checks decide: set operators match
 * many-to-many, and `matching` is null unless both operands are instant vectors.
 */

import type { BinaryExpr, Call, Expr, ValueType } from './ast.js';
import { documentedType, exprType, isComparisonOp, isSetOp } from './ast.js';
import type { ParseErrorDetail } from './errors.js';
import { goQuote } from '../../../../shared/text/quote.js';

export function checkAst(root: Expr, input: string, errors: ParseErrorDetail[]): void {
  new Checker(input, errors).check(root);
}

class Checker {
  constructor(
    private readonly input: string,
    private readonly errors: ParseErrorDetail[],
  ) {}

  private err(pos: { start: number; end: number }, message: string): void {
    this.errors.push({ positionRange: { start: pos.start, end: pos.end }, message });
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const t = this.check(e);
    if (t !== want) this.err(e.pos, `expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`);
  }

  /** Checks `e` and returns its type. */
  check(e: Expr): ValueType {
    switch (e.kind) {
      case 'AggregateExpr':
        this.expectType(e.expr, 'vector', 'aggregation expression');
        if (e.op === 'topk' || e.op === 'bottomk' || e.op === 'quantile' || e.op === 'limitk' || e.op === 'limit_ratio') {
          this.expectType(e.param!, 'scalar', 'aggregation parameter');
        } else if (e.op === 'count_values') {
          this.expectType(e.param!, 'string', 'aggregation parameter');
        }
        return 'vector';
      case 'BinaryExpr':
        return this.checkBinaryChain(e);
      case 'Call':
        this.checkCall(e);
        return e.func.returnType;
      case 'ParenExpr':
        return this.check(e.expr);
      case 'StepInvariantExpr':
        return this.check(e.expr);
      case 'UnaryExpr': {
        const t = this.check(e.expr);
        if (t !== 'scalar' && t !== 'vector') {
          this.err(e.pos, `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(t))}`);
        }
        return t;
      }
      case 'SubqueryExpr': {
        const t = this.check(e.expr);
        if (t !== 'vector') this.err(e.pos, `subquery is only allowed on instant vector, got ${t} instead`);
        return 'matrix';
      }
      case 'MatrixSelector':
        this.check(e.vectorSelector);
        return 'matrix';
      case 'VectorSelector': {
        if (e.name !== '') {
          // The last matcher is the one the name outside the braces added.
          for (let i = 0; i < e.matchers.length - 1; i++) {
            const m = e.matchers[i]!;
            if (m.name === '__name__') {
              this.err(e.pos, `metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(m.value)}`);
            }
          }
        } else if (!e.bypassEmptyMatcherCheck) {
          let nonEmpty = false;
          for (const m of e.matchers) {
            if (!m.matches('')) {
              nonEmpty = true;
              break;
            }
          }
          if (!nonEmpty) this.err(e.pos, 'vector selector must contain at least one non-empty matcher');
        }
        return 'vector';
      }
      case 'NumberLiteral':
      case 'DurationExpr':
        return 'scalar';
      case 'StringLiteral':
        return 'string';
    }
  }

  /** Binary chains like a+b+c+… are left-deep; walk the spine without recursion. */
  private checkBinaryChain(top: BinaryExpr): ValueType {
    const spine: BinaryExpr[] = [];
    let n: Expr = top;
    while (n.kind === 'BinaryExpr') {
      spine.push(n);
      n = n.lhs;
    }
    let lt = this.check(n);
    for (let k = spine.length - 1; k >= 0; k--) {
      const b = spine[k]!;
      const rt = this.check(b.rhs);
      this.checkBinary(b, lt, rt);
      lt = lt === 'scalar' && rt === 'scalar' ? 'scalar' : 'vector';
    }
    return lt;
  }

  private checkBinary(n: BinaryExpr, lt: ValueType, rt: ValueType): void {
    const m = n.matching;
    if (n.returnBool && !isComparisonOp(n.op)) this.err(this.opRange(n), 'bool modifier can only be used on comparison operators');
    if (isComparisonOp(n.op) && !n.returnBool && lt === 'scalar' && rt === 'scalar') {
      this.err(this.opRange(n), 'comparisons between scalars must use BOOL modifier');
    }
    if (m && isSetOp(n.op) && m.card === 'one-to-one') m.card = 'many-to-many';
    if (m && m.on) {
      for (const l1 of m.matchingLabels) {
        for (const l2 of m.include) {
          if (l1 === l2) this.err(this.opRange(n), `label ${goQuote(l1)} must not occur in ON and GROUP clause at once`);
        }
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') this.err(n.lhs.pos, 'binary expression must contain only scalar and instant vector types');
    if (rt !== 'scalar' && rt !== 'vector') this.err(n.rhs.pos, 'binary expression must contain only scalar and instant vector types');
    const filled = m !== null && (m.fillValues.lhs !== null || m.fillValues.rhs !== null);
    if ((lt !== 'vector' || rt !== 'vector') && m !== null) {
      if (m.matchingLabels.length > 0) this.err(n.pos, 'vector matching only allowed between instant vectors');
      if (filled) this.err(n.pos, 'filling in missing series only allowed between instant vectors');
      n.matching = null;
    } else if (m !== null && isSetOp(n.op)) {
      if (m.card === 'one-to-many' || m.card === 'many-to-one') this.err(n.pos, `no grouping allowed for ${goQuote(n.op)} operation`);
      if (m.card !== 'many-to-many') this.err(n.pos, 'set operations must always be many-to-many');
      if (filled) this.err(n.pos, 'filling in missing series not allowed for set operators');
    }
    if ((lt === 'scalar' || rt === 'scalar') && isSetOp(n.op)) {
      this.err(n.pos, `set operator ${goQuote(n.op)} not allowed in binary scalar expression`);
    }
  }

  /** The operator part of a binary expression, trimmed of spaces (end inclusive, as Prometheus). */
  private opRange(n: BinaryExpr): { start: number; end: number } {
    const s = this.input;
    let start = n.lhs.pos.end;
    while (start < s.length && isSpace(s.charCodeAt(start))) start++;
    let end = n.rhs.pos.start - 1;
    while (end > start && isSpace(s.charCodeAt(end))) end--;
    return { start, end };
  }

  private checkCall(n: Call): void {
    const f = n.func;
    const nargs = f.argTypes.length;
    if (f.variadic === 0) {
      if (nargs !== n.args.length) {
        this.err(n.pos, `expected ${nargs} argument(s) in call to ${goQuote(f.name)}, got ${n.args.length}`);
      }
    } else {
      const na = nargs - 1;
      if (na > n.args.length) {
        this.err(n.pos, `expected at least ${na} argument(s) in call to ${goQuote(f.name)}, got ${n.args.length}`);
      } else if (f.variadic > 0 && na + f.variadic < n.args.length) {
        this.err(n.pos, `expected at most ${na + f.variadic} argument(s) in call to ${goQuote(f.name)}, got ${n.args.length}`);
      }
    }
    if (f.name === 'info' && n.args.length > 1) {
      const a = n.args[1]!;
      const t = exprType(a);
      if (t !== 'vector') {
        this.err(n.pos, `expected type instant vector in call to function "info", got ${documentedType(t)}`);
      }
      if (a.kind === 'VectorSelector' && a.name !== '') {
        this.err(a.pos, 'expected label selectors only, got vector selector instead');
      } else if (a.kind === 'VectorSelector') {
        a.bypassEmptyMatcherCheck = true;
      } else {
        this.err(a.pos, 'expected label selectors only');
      }
    }
    for (let i = 0; i < n.args.length; i++) {
      let k = i;
      if (k >= nargs) {
        if (f.variadic === 0) break;
        k = nargs - 1;
      }
      const arg = n.args[i]!;
      const t = this.check(arg);
      if (t !== f.argTypes[k]) {
        this.err(arg.pos, `expected type ${documentedType(f.argTypes[k]!)} in call to function ${goQuote(f.name)}, got ${documentedType(t)}`);
      }
    }
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
