import { describe, expect, it } from 'vitest';
import type { AstNode } from '../../../../../shared/api/parse.js';
import { printNode } from '../../../../../renderer/query/explain/printer.js';

const sel = (name: string, extra: Array<{ name: string; value: string; type: '=' | '!=' | '=~' | '!~' }> = [], mods: Partial<Extract<AstNode, { type: 'vectorSelector' }>> = {}): AstNode => ({
  type: 'vectorSelector',
  name,
  offset: 0,
  offsetExpr: null,
  matchers: [...(name ? [{ name: '__name__', value: name, type: '=' as const }] : []), ...extra],
  timestamp: null,
  startOrEnd: null,
  anchored: false,
  smoothed: false,
  ...mods,
});

const matrix = (name: string, rangeMs: number, rangeExpr: AstNode | null = null): AstNode => ({
  type: 'matrixSelector',
  name,
  range: rangeMs,
  rangeExpr,
  offset: 0,
  offsetExpr: null,
  matchers: [{ name: '__name__', value: name, type: '=' }],
  timestamp: null,
  startOrEnd: null,
  anchored: false,
  smoothed: false,
});

const call = (name: string, args: AstNode[], returnType = 'vector'): AstNode => ({ type: 'call', func: { name, argTypes: [], variadic: 0, returnType }, args });

describe('printNode', () => {
  it('prints selectors with matchers, offsets and @', () => {
    expect(printNode(sel('x', [{ name: 'a', value: 'b', type: '=' }, { name: 'c', value: 'd.*', type: '=~' }]))).toBe('x{a="b",c=~"d.*"}');
    expect(printNode(sel('x', [], { offset: -300000 }))).toBe('x offset -5m');
    expect(printNode(sel('x', [], { startOrEnd: 'start' }))).toBe('x @ start()');
    expect(printNode(sel('x', [], { timestamp: 100000, offset: 60000 }))).toBe('x @ 100.000 offset 1m');
    expect(printNode(sel('', [{ name: '__name__', value: 'a.*', type: '=~' }]))).toBe('{__name__=~"a.*"}');
    expect(printNode(sel('x', [{ name: 'a', value: 'line\n"q"', type: '=' }]))).toBe('x{a="line\\n\\"q\\""}');
  });

  it('prints aggregations, calls and range selectors as Prometheus formats them', () => {
    const ast: AstNode = { type: 'aggregation', op: 'sum', expr: call('rate', [matrix('up', 300000)]), param: null, grouping: ['job'], without: false };
    expect(printNode(ast)).toBe('sum by (job) (rate(up[5m]))');
    expect(printNode({ type: 'aggregation', op: 'topk', expr: sel('x'), param: { type: 'numberLiteral', val: '5', duration: false }, grouping: [], without: false })).toBe('topk(5, x)');
    expect(printNode({ type: 'aggregation', op: 'count', expr: sel('x'), param: null, grouping: ['a', 'b'], without: true })).toBe('count without (a, b) (x)');
  });

  it('prints vector matching and bool', () => {
    const bin: AstNode = {
      type: 'binaryExpr',
      op: '+',
      lhs: sel('a'),
      rhs: sel('b'),
      matching: { card: 'many-to-one', labels: ['x'], on: true, include: ['y'], fillValues: { lhs: null, rhs: null } },
      bool: false,
    };
    expect(printNode(bin)).toBe('a + on (x) group_left (y) b');
    expect(printNode({ ...bin, op: 'and', matching: { card: 'many-to-many', labels: [], on: true, include: [], fillValues: { lhs: null, rhs: null } } })).toBe('a and on () b');
    expect(printNode({ type: 'binaryExpr', op: '>', lhs: sel('a'), rhs: { type: 'numberLiteral', val: '1', duration: false }, matching: null, bool: true })).toBe('a > bool 1');
  });

  it('prints subqueries, duration expressions, literals, parens and unary minus', () => {
    expect(printNode({ type: 'subquery', expr: call('rate', [matrix('x', 300000)]), range: 3600000, rangeExpr: null, offset: 0, offsetExpr: null, step: 0, stepExpr: null, timestamp: null, startOrEnd: null, alignEvalTime: false })).toBe('rate(x[5m])[1h:]');
    const plus: AstNode = { type: 'durationExpr', op: '+', lhs: { type: 'numberLiteral', val: '60', duration: true }, rhs: { type: 'numberLiteral', val: '-90', duration: true }, wrapped: false };
    expect(printNode(matrix('foo', 0, plus))).toBe('foo[1m + -1m30s]');
    expect(printNode(matrix('foo', 0, { type: 'durationExpr', op: 'max_of', lhs: { type: 'numberLiteral', val: '60', duration: true }, rhs: { type: 'durationExpr', op: 'step', lhs: null, rhs: null, wrapped: false }, wrapped: false }))).toBe('foo[max_of(1m, step())]');
    expect(printNode({ type: 'parenExpr', expr: { type: 'unaryExpr', op: '-', expr: sel('x') } })).toBe('(-x)');
    expect(printNode({ type: 'stringLiteral', val: 'a"b' })).toBe('"a\\"b"');
  });
});
