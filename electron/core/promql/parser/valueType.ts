/**
 * The value types of PromQL expressions, on their own so that the syntax tree (ast.ts) and
 * the function signatures (functions.ts) can both name them without importing each other.
 */

/** The value type an expression evaluates to; the same names as promql/value.ts. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';
