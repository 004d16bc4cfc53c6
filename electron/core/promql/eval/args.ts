/**
 * Reading arguments off the syntax tree: the evaluator and the function implementations
 * both look through parentheses and step-invariant wrappers, and read string literals.
 */

import type { Expr } from '../parser/ast.js';
import { QueryError } from '../value.js';

/** The expression under any parentheses and step-invariant wrappers. */
export function unwrap(e: Expr): Expr {
  while (e.kind === 'ParenExpr' || e.kind === 'StepInvariantExpr') e = e.expr;
  return e;
}

/** The value of a string-literal argument; anything else is an execution error. */
export function stringOf(e: Expr): string {
  const u = unwrap(e);
  if (u.kind !== 'StringLiteral') throw new QueryError('execution', 'expected a string literal');
  return u.value;
}
