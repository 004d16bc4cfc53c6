import { describe, expect, it } from 'vitest';
import type { AstNode } from '../../../../../shared/api/parse.js';
import { buildTree, describeNode, explainEmptyMatch, flatten, nodeLabel, valueType } from '../../../../../renderer/query/explain/astTree.js';

const vs = (name: string): AstNode => ({ type: 'vectorSelector', name, offset: 0, offsetExpr: null, matchers: [{ name: '__name__', value: name, type: '=' }], timestamp: null, startOrEnd: null, anchored: false, smoothed: false });
const ms = (name: string): AstNode => ({ type: 'matrixSelector', name, range: 300000, rangeExpr: null, offset: 0, offsetExpr: null, matchers: [{ name: '__name__', value: name, type: '=' }], timestamp: null, startOrEnd: null, anchored: false, smoothed: false });
const num = (v: string): AstNode => ({ type: 'numberLiteral', val: v, duration: false });

// sum by (job) (rate(x[5m])) / on (job) group_left count by (job) (y)
const ast: AstNode = {
  type: 'binaryExpr',
  op: '/',
  lhs: { type: 'aggregation', op: 'sum', grouping: ['job'], without: false, param: null, expr: { type: 'call', func: { name: 'rate', argTypes: ['matrix'], variadic: 0, returnType: 'vector' }, args: [ms('x')] } },
  rhs: { type: 'aggregation', op: 'count', grouping: ['job'], without: false, param: null, expr: vs('y') },
  matching: { card: 'many-to-one', labels: ['job'], on: true, include: [], fillValues: { lhs: null, rhs: null } },
  bool: false,
};

describe('explain tree', () => {
  it('builds nodes in pre-order with ids, types and runnable text', () => {
    const nodes = flatten(buildTree(ast));
    expect(nodes.map((n) => [n.id, n.type, n.text])).toEqual([
      ['0', 'vector', 'sum by (job) (rate(x[5m])) / on (job) group_left count by (job) (y)'],
      ['0.0', 'vector', 'sum by (job) (rate(x[5m]))'],
      ['0.0.0', 'vector', 'rate(x[5m])'],
      ['0.0.0.0', 'matrix', 'x[5m]'],
      ['0.1', 'vector', 'count by (job) (y)'],
      ['0.1.0', 'vector', 'y'],
    ]);
    expect(nodes.map((n) => n.depth)).toEqual([0, 1, 2, 3, 1, 2]);
  });

  it('labels each node by its own part', () => {
    expect(nodeLabel(ast)).toBe('… / on (job) group_left …');
    expect(nodeLabel((ast as Extract<AstNode, { type: 'binaryExpr' }>).lhs)).toBe('sum by (job) (…)');
    expect(nodeLabel(vs('up'))).toBe('up');
  });

  it('types scalar arithmetic as scalar', () => {
    expect(valueType({ type: 'binaryExpr', op: '+', lhs: num('1'), rhs: num('2'), matching: null, bool: false })).toBe('scalar');
    expect(valueType({ type: 'binaryExpr', op: '+', lhs: vs('a'), rhs: num('2'), matching: null, bool: false })).toBe('vector');
    expect(valueType({ type: 'parenExpr', expr: ms('x') })).toBe('matrix');
  });

  it('describes what nodes do', () => {
    expect(describeNode(ast)).toMatch(/many series on the left with one series on the right \(group_left\), on the labels job/);
    expect(describeNode(vs('up'))).toMatch(/latest sample .* named up/);
    expect(describeNode(ms('x'))).toMatch(/last 5m/);
  });
});

describe('explainEmptyMatch', () => {
  const bin: AstNode = { type: 'binaryExpr', op: '+', lhs: vs('a'), rhs: vs('b'), matching: null, bool: false };
  it('explains a vector match that found no pairs, with example label sets', () => {
    const why = explainEmptyMatch(bin, [{ __name__: 'a', job: 'x', instance: '1' }], [{ __name__: 'b', job: 'x' }], 0);
    expect(why).toMatch(/on all labels except the metric name/);
    expect(why).toContain('{instance="1", job="x"}');
    expect(why).toContain('{job="x"}');
  });
  it('stays quiet when pairs exist, a side is empty, or results came back', () => {
    expect(explainEmptyMatch(bin, [{ job: 'x' }], [{ job: 'x' }], 0)).toBeNull();
    expect(explainEmptyMatch(bin, [], [{ job: 'x' }], 0)).toBeNull();
    expect(explainEmptyMatch(bin, [{ job: 'y' }], [{ job: 'x' }], 3)).toBeNull();
  });
});
