/**
 * The PromQL syntax tree as /api/v1/parse_query returns it: the JSON shape of Prometheus's
 * web/api/v1/translate_ast.go, which the Prometheus UI's explain view reads.
 * Durations are ms; a range, step or offset written as a duration expression shows as 0
 * with the expression beside it (`rangeExpr`, `stepExpr`, `offsetExpr`), as Prometheus does.
 */

import { formatGoFloatF } from '../../../shared/text/float.js';
import type { AstNode, AstMatcher } from '../../../shared/api/parse.js';
import type { Matcher } from '../model/matcher.js';
import type { BinaryExpr, DurationExpr, Expr } from '../promql/parser/index.js';

/**
 * The tree for `top`. Binary operands are translated with a stack of their own, bottom-up, so
 * that a chain of thousands of operators (`1+1+…`) needs no recursion per operator.
 */
export function translateAst(top: Expr): AstNode {
  if (top.kind !== 'BinaryExpr') return translateNode(top);
  const done = new Map<Expr, AstNode>();
  const todo: Expr[] = [top];
  while (todo.length > 0) {
    const x = todo[todo.length - 1]!;
    if (x.kind !== 'BinaryExpr') {
      done.set(x, translateNode(x));
      todo.pop();
      continue;
    }
    const l = done.get(x.lhs);
    const r = done.get(x.rhs);
    if (l === undefined || r === undefined) {
      if (l === undefined) todo.push(x.lhs);
      if (r === undefined) todo.push(x.rhs);
      continue;
    }
    done.set(x, binaryNode(x, l, r));
    todo.pop();
  }
  return done.get(top)!;
}

function binaryNode(e: BinaryExpr, lhs: AstNode, rhs: AstNode): AstNode {
  return {
    type: 'binaryExpr',
    op: e.op,
    lhs,
    rhs,
    matching: e.matching
      ? {
          card: e.matching.card,
          labels: [...e.matching.matchingLabels],
          on: e.matching.on,
          include: [...e.matching.include],
          fillValues: { lhs: e.matching.fillValues.lhs, rhs: e.matching.fillValues.rhs },
        }
      : null,
    bool: e.returnBool,
  };
}

function translateNode(e: Expr): AstNode {
  switch (e.kind) {
    case 'AggregateExpr':
      return {
        type: 'aggregation',
        op: e.op,
        expr: translateAst(e.expr),
        param: e.param ? translateAst(e.param) : null,
        grouping: [...e.grouping],
        without: e.without,
      };
    case 'BinaryExpr':
      return translateAst(e);
    case 'Call':
      return {
        type: 'call',
        func: { name: e.func.name, argTypes: [...e.func.argTypes], variadic: e.func.variadic, returnType: e.func.returnType },
        args: e.args.map(translateAst),
      };
    case 'MatrixSelector': {
      const vs = e.vectorSelector;
      return {
        type: 'matrixSelector',
        name: vs.name,
        range: e.rangeExpr ? 0 : e.rangeMs,
        rangeExpr: durationOrNull(e.rangeExpr),
        offset: vs.offsetExpr ? 0 : vs.offsetMs,
        offsetExpr: durationOrNull(vs.offsetExpr),
        matchers: matchers(vs.matchers),
        timestamp: vs.timestampMs,
        startOrEnd: vs.startOrEnd,
        anchored: vs.anchored,
        smoothed: vs.smoothed,
      };
    }
    case 'SubqueryExpr':
      return {
        type: 'subquery',
        expr: translateAst(e.expr),
        range: e.rangeExpr ? 0 : e.rangeMs,
        rangeExpr: durationOrNull(e.rangeExpr),
        offset: e.offsetExpr ? 0 : e.offsetMs,
        offsetExpr: durationOrNull(e.offsetExpr),
        step: e.stepExpr ? 0 : e.stepMs,
        stepExpr: durationOrNull(e.stepExpr),
        timestamp: e.timestampMs,
        startOrEnd: e.startOrEnd,
        // Hearth has no step-aligned subqueries; Prometheus reports false for ordinary ones.
        alignEvalTime: false,
      };
    case 'NumberLiteral':
      return { type: 'numberLiteral', val: formatGoFloatF(e.value), duration: e.duration };
    case 'ParenExpr':
      return { type: 'parenExpr', expr: translateAst(e.expr) };
    case 'StringLiteral':
      return { type: 'stringLiteral', val: e.value };
    case 'UnaryExpr':
      return { type: 'unaryExpr', op: e.op, expr: translateAst(e.expr) };
    case 'VectorSelector':
      return {
        type: 'vectorSelector',
        name: e.name,
        offset: e.offsetExpr ? 0 : e.offsetMs,
        offsetExpr: durationOrNull(e.offsetExpr),
        matchers: matchers(e.matchers),
        timestamp: e.timestampMs,
        startOrEnd: e.startOrEnd,
        anchored: e.anchored,
        smoothed: e.smoothed,
      };
    case 'DurationExpr':
      return durationExpr(e);
    case 'StepInvariantExpr':
      // Never produced by the parser; shown as what it wraps, as the printer does.
      return translateAst(e.expr);
  }
}

const DURATION_OPS: Record<DurationExpr['op'], string> = {
  '+': '+',
  '-': '-',
  '*': '*',
  '/': '/',
  '%': '%',
  '^': '^',
  step: 'step',
  range: 'range',
  min: 'min_of',
  max: 'max_of',
};

function durationExpr(e: DurationExpr): AstNode {
  return {
    type: 'durationExpr',
    op: DURATION_OPS[e.op],
    lhs: e.lhs ? translateAst(e.lhs) : null,
    rhs: e.rhs ? translateAst(e.rhs) : null,
    wrapped: e.wrapped,
  };
}

function durationOrNull(e: DurationExpr | null): AstNode | null {
  return e ? durationExpr(e) : null;
}

function matchers(ms: readonly Matcher[]): AstMatcher[] {
  return ms.map((m) => ({ name: m.name, value: m.value, type: m.type }));
}
