/**
 * The typed PromQL syntax tree, as the parser produces it and the evaluator consumes it.
 *
 * Every node is a plain object with a `kind` discriminant and a `pos` range of UTF-16
 * offsets into the query text (`start` inclusive, `end` exclusive), like Prometheus's
 * PositionRange. Times and durations are integer milliseconds.
 *
 * Contract for the evaluator: the parser never mutates a tree after returning it; the
 * evaluator may annotate nodes with its own fields only on copies, or through side tables
 * (a WeakMap keyed by node).
 *
 * Durations in modifiers: `offsetMs` / `rangeMs` / `stepMs` hold the value in ms. When the
 * query wrote that duration as an expression (`[2m*15]`, `offset -(1h+5m)`, `[step()]`),
 * the matching `…Expr` field holds it (the printer prints it back as written) and `…Ms`
 * holds its value when it can be computed without query context. When it uses `step()` or
 * `range()`, `…Ms` is 0: an evaluator that sees a non-null `…Expr` should evaluate it
 * (seconds, like a NumberLiteral) with the query's step and range.
 *
 * CHANGELOG:
 * - BinaryOp gained the native histogram trim operators '</' and '>/' (TrimOp), parsed
 *   with the precedence of comparisons. Code that switches over BinaryOp needs a default.
 */

import type { Matcher } from '../../model/matcher.js';
import type { FunctionSignature } from './functions.js';
import type { ValueType } from './valueType.js';

export type { ValueType } from './valueType.js';

/** Offsets into the query text: `start` inclusive, `end` exclusive. */
export interface PositionRange {
  start: number;
  end: number;
}

export type AggregateOp =
  | 'sum'
  | 'avg'
  | 'count'
  | 'min'
  | 'max'
  | 'group'
  | 'stddev'
  | 'stdvar'
  | 'topk'
  | 'bottomk'
  | 'quantile'
  | 'count_values'
  | 'limitk'
  | 'limit_ratio';

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%' | '^' | 'atan2';
export type ComparisonOp = '==' | '!=' | '>' | '<' | '>=' | '<=';
export type SetOp = 'and' | 'or' | 'unless';
/** Native histogram trim operators: `</` keeps observations below, `>/` above, the right operand. */
export type TrimOp = '</' | '>/';
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp | TrimOp;

/** Operators that can appear inside a duration expression, plus its two nullary "functions". */
export type DurationOp = '+' | '-' | '*' | '/' | '%' | '^' | 'step' | 'range' | 'min' | 'max';

export type VectorMatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** How the elements of two instant vectors pair up in a binary operation. */
export interface VectorMatching {
  card: VectorMatchCardinality;
  /** Labels named in on(...) / ignoring(...). */
  matchingLabels: string[];
  /** True for on(...), false for ignoring(...) or no clause. */
  on: boolean;
  /** Extra labels from group_left(...) / group_right(...), copied from the "one" side. */
  include: string[];
  /**
   * fill / fill_left / fill_right (experimental): the value that stands in for a missing
   * series on the left (`lhs`) or right (`rhs`) side; null when that side is not filled.
   * `fill(v)` sets both.
   */
  fillValues: { lhs: number | null; rhs: number | null };
}

/** The `@` modifier's preprocessor form. */
export type StartOrEnd = 'start' | 'end';

export interface NumberLiteral {
  kind: 'NumberLiteral';
  value: number;
  /** The literal was written as a duration (`5m`): the printer prints it back as one. */
  duration: boolean;
  pos: PositionRange;
}

export interface StringLiteral {
  kind: 'StringLiteral';
  value: string;
  pos: PositionRange;
}

export interface VectorSelector {
  kind: 'VectorSelector';
  /** The metric name when written before the braces or as a quoted name inside; '' otherwise. */
  name: string;
  /** All matchers, including the `__name__="name"` one implied by a metric name. */
  matchers: Matcher[];
  /** Offset as written, ms; positive looks back in time. 0 when none (or when `offsetExpr` must be resolved). */
  offsetMs: number;
  /** The offset when written as a duration expression that needs query context; else null. */
  offsetExpr: DurationExpr | null;
  /** `@ <t>` in ms since the epoch; null when absent or when `startOrEnd` is set. */
  timestampMs: number | null;
  /** `@ start()` / `@ end()`; null when absent. */
  startOrEnd: StartOrEnd | null;
  /** Extended range selector modifiers (experimental), only meaningful under a MatrixSelector. */
  anchored: boolean;
  smoothed: boolean;
  /** Set on info()'s second argument, which need not have a matcher that rejects the empty string. */
  bypassEmptyMatcherCheck: boolean;
  pos: PositionRange;
}

export interface MatrixSelector {
  kind: 'MatrixSelector';
  /** Its offset / @ / anchored / smoothed modifiers live on this inner selector. */
  vectorSelector: VectorSelector;
  rangeMs: number;
  /** The range when written as a duration expression that needs query context; else null. */
  rangeExpr: DurationExpr | null;
  pos: PositionRange;
}

export interface SubqueryExpr {
  kind: 'SubqueryExpr';
  expr: Expr;
  rangeMs: number;
  rangeExpr: DurationExpr | null;
  /** 0 when omitted (`[5m:]`): the evaluator uses the default evaluation interval. */
  stepMs: number;
  stepExpr: DurationExpr | null;
  offsetMs: number;
  offsetExpr: DurationExpr | null;
  timestampMs: number | null;
  startOrEnd: StartOrEnd | null;
  pos: PositionRange;
}

export interface Call {
  kind: 'Call';
  func: FunctionSignature;
  args: Expr[];
  pos: PositionRange;
}

export interface AggregateExpr {
  kind: 'AggregateExpr';
  op: AggregateOp;
  /** The vector aggregated over. */
  expr: Expr;
  /** topk/bottomk/limitk/limit_ratio/quantile: a scalar; count_values: a string; otherwise null. */
  param: Expr | null;
  grouping: string[];
  /** True for `without (...)`, false for `by (...)` or no clause. */
  without: boolean;
  pos: PositionRange;
}

export interface BinaryExpr {
  kind: 'BinaryExpr';
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  /** Set exactly when both operands are instant vectors; null otherwise. */
  matching: VectorMatching | null;
  /** `bool` modifier on a comparison: return 0/1 instead of filtering. */
  returnBool: boolean;
  pos: PositionRange;
}

export interface UnaryExpr {
  kind: 'UnaryExpr';
  op: '-' | '+';
  expr: Expr;
  pos: PositionRange;
}

export interface ParenExpr {
  kind: 'ParenExpr';
  expr: Expr;
  pos: PositionRange;
}

/**
 * Arithmetic on durations inside `[...]`, after `offset`, or as a subquery step
 * (experimental duration expressions). Operands are NumberLiterals (seconds; `duration`
 * true when written as `5m`), nested DurationExprs, or for `step`/`range` none.
 * Unary minus/plus has `lhs` null. `min`/`max` are `min_of(a, b)` / `max_of(a, b)`.
 * Evaluates to seconds, like a NumberLiteral.
 */
export interface DurationExpr {
  kind: 'DurationExpr';
  op: DurationOp;
  lhs: Expr | null;
  rhs: Expr | null;
  /** Written inside parentheses; the printer keeps them. */
  wrapped: boolean;
  pos: PositionRange;
}

/**
 * Not produced by the parser: the evaluator may wrap subtrees whose result does not
 * depend on the evaluation time (Prometheus's StepInvariantExpr). Printed as its child.
 */
export interface StepInvariantExpr {
  kind: 'StepInvariantExpr';
  expr: Expr;
  pos: PositionRange;
}

export type Expr =
  | AggregateExpr
  | BinaryExpr
  | Call
  | DurationExpr
  | MatrixSelector
  | NumberLiteral
  | ParenExpr
  | StepInvariantExpr
  | StringLiteral
  | SubqueryExpr
  | UnaryExpr
  | VectorSelector;

export type ExprKind = Expr['kind'];

/** The type an expression evaluates to (Prometheus's Expr.Type()); no deep checks. */
export function exprType(e: Expr): ValueType {
  switch (e.kind) {
    case 'AggregateExpr':
    case 'VectorSelector':
      return 'vector';
    case 'MatrixSelector':
    case 'SubqueryExpr':
      return 'matrix';
    case 'NumberLiteral':
    case 'DurationExpr':
      return 'scalar';
    case 'StringLiteral':
      return 'string';
    case 'Call':
      return e.func.returnType;
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'StepInvariantExpr':
      return exprType(e.expr);
    case 'BinaryExpr': {
      // Scalar only when every operand is; walk the left spine iteratively, since long
      // chains (a + b + c + …) are left-deep.
      let n: Expr = e;
      while (n.kind === 'BinaryExpr') {
        if (exprType(n.rhs) !== 'scalar') return 'vector';
        n = n.lhs;
      }
      return exprType(n) === 'scalar' ? 'scalar' : 'vector';
    }
  }
}

/** Prometheus's wording of a type in error messages ("instant vector", "range vector", …). */
export function documentedType(t: ValueType): string {
  switch (t) {
    case 'vector':
      return 'instant vector';
    case 'matrix':
      return 'range vector';
    default:
      return t;
  }
}

export function isComparisonOp(op: BinaryOp): op is ComparisonOp {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

export function isSetOp(op: BinaryOp): op is SetOp {
  return op === 'and' || op === 'or' || op === 'unless';
}

/** Aggregations that take a parameter before the vector. */
export function aggregateHasParam(op: AggregateOp): boolean {
  return (
    op === 'topk' ||
    op === 'bottomk' ||
    op === 'quantile' ||
    op === 'count_values' ||
    op === 'limitk' ||
    op === 'limit_ratio'
  );
}

/** The direct children of a node, in source order (Prometheus's Children). */
export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'AggregateExpr':
      return e.param ? [e.expr, e.param] : [e.expr];
    case 'BinaryExpr':
      return [e.lhs, e.rhs];
    case 'Call':
      return e.args;
    case 'SubqueryExpr':
    case 'ParenExpr':
    case 'UnaryExpr':
    case 'StepInvariantExpr':
      return [e.expr];
    case 'MatrixSelector':
      return [e.vectorSelector];
    case 'DurationExpr': {
      const out: Expr[] = [];
      if (e.lhs) out.push(e.lhs);
      if (e.rhs) out.push(e.rhs);
      return out;
    }
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
      return [];
  }
}

/**
 * Depth-first traversal. `visit` receives the node and the path of its ancestors (root
 * first; the array is reused, copy it to keep it). Returning false skips the node's
 * children. Duration expressions inside modifiers are not visited (as in Prometheus,
 * they are not children); DurationExprs that are ordinary children are.
 */
export function walk(e: Expr, visit: (node: Expr, path: readonly Expr[]) => boolean | void): void {
  const path: Expr[] = [];
  const rec = (n: Expr): void => {
    if (visit(n, path) === false) return;
    path.push(n);
    for (const c of children(n)) rec(c);
    path.pop();
  };
  rec(e);
}
