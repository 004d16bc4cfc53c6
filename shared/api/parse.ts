/**
 * Payload of /api/v1/parse_query: the PromQL syntax tree as JSON, in the shape of
 * Prometheus's web/api/v1/translate_ast.go (the Prometheus UI's explain view reads it).
 * Durations are milliseconds; times are ms since the epoch.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#parsing-a-promql-expressions-into-a-abstract-syntax-tree-ast
 */

export interface AstMatcher {
  name: string;
  value: string;
  type: '=' | '!=' | '=~' | '!~';
}

export interface AstVectorMatching {
  card: 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';
  labels: string[];
  on: boolean;
  include: string[];
  fillValues: { lhs: number | null; rhs: number | null };
}

export type AstNode =
  | { type: 'aggregation'; op: string; expr: AstNode; param: AstNode | null; grouping: string[]; without: boolean }
  | { type: 'binaryExpr'; op: string; lhs: AstNode; rhs: AstNode; matching: AstVectorMatching | null; bool: boolean }
  | {
      type: 'call';
      func: { name: string; argTypes: string[]; variadic: number; returnType: string };
      args: AstNode[];
    }
  | {
      type: 'matrixSelector';
      name: string;
      range: number;
      rangeExpr: AstNode | null;
      offset: number;
      offsetExpr: AstNode | null;
      matchers: AstMatcher[];
      timestamp: number | null;
      startOrEnd: 'start' | 'end' | null;
      anchored: boolean;
      smoothed: boolean;
    }
  | {
      type: 'subquery';
      expr: AstNode;
      range: number;
      rangeExpr: AstNode | null;
      offset: number;
      offsetExpr: AstNode | null;
      step: number;
      stepExpr: AstNode | null;
      timestamp: number | null;
      startOrEnd: 'start' | 'end' | null;
      alignEvalTime: boolean;
    }
  | { type: 'numberLiteral'; val: string; duration: boolean }
  | { type: 'parenExpr'; expr: AstNode }
  | { type: 'stringLiteral'; val: string }
  | { type: 'unaryExpr'; op: string; expr: AstNode }
  | {
      type: 'vectorSelector';
      name: string;
      offset: number;
      offsetExpr: AstNode | null;
      matchers: AstMatcher[];
      timestamp: number | null;
      startOrEnd: 'start' | 'end' | null;
      anchored: boolean;
      smoothed: boolean;
    }
  | { type: 'durationExpr'; op: string; lhs: AstNode | null; rhs: AstNode | null; wrapped: boolean };
