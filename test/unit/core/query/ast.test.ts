/**
 * /api/v1/parse_query's tree: the JSON shape of Prometheus's translate_ast.go.
 */
import { describe, expect, it } from 'vitest';
import { translateAst } from '../../../../electron/core/query/ast.js';
import { parseExpr } from '../../../../electron/core/promql/parser/index.js';

const t = (q: string) => translateAst(parseExpr(q));

describe('parse_query tree', () => {
  it('translates aggregations, binary operators with matching, calls and literals', () => {
    expect(t('sum without (a) (rate(x[5m])) / on(b) group_left(c) y > bool 2')).toEqual({
      type: 'binaryExpr',
      op: '>',
      bool: true,
      matching: null,
      lhs: {
        type: 'binaryExpr',
        op: '/',
        bool: false,
        matching: { card: 'many-to-one', labels: ['b'], on: true, include: ['c'], fillValues: { lhs: null, rhs: null } },
        lhs: {
          type: 'aggregation',
          op: 'sum',
          grouping: ['a'],
          without: true,
          param: null,
          expr: {
            type: 'call',
            func: { name: 'rate', argTypes: ['matrix'], variadic: 0, returnType: 'vector' },
            args: [
              {
                type: 'matrixSelector',
                name: 'x',
                range: 300000,
                rangeExpr: null,
                offset: 0,
                offsetExpr: null,
                matchers: [{ name: '__name__', value: 'x', type: '=' }],
                timestamp: null,
                startOrEnd: null,
                anchored: false,
                smoothed: false,
              },
            ],
          },
        },
        rhs: expect.objectContaining({ type: 'vectorSelector', name: 'y' }),
      },
      rhs: { type: 'numberLiteral', val: '2', duration: false },
    });
  });

  it('translates subqueries, @ modifiers, unary, parens and strings', () => {
    expect(t('-(x)')).toMatchObject({ type: 'unaryExpr', op: '-', expr: { type: 'parenExpr' } });
    const sq = t('max_over_time((x @ end())[1h:1m] offset 5m)') as { args: unknown[] };
    expect(sq.args[0]).toEqual({
      type: 'subquery',
      expr: { type: 'parenExpr', expr: expect.objectContaining({ type: 'vectorSelector', startOrEnd: 'end', timestamp: null }) },
      range: 3600000,
      rangeExpr: null,
      offset: 300000,
      offsetExpr: null,
      step: 60000,
      stepExpr: null,
      timestamp: null,
      startOrEnd: null,
      alignEvalTime: false,
    });
    expect(t('x @ 100')).toMatchObject({ timestamp: 100000 });
    expect(t('count_values("v", x)')).toMatchObject({ type: 'aggregation', param: { type: 'stringLiteral', val: 'v' } });
    expect(t('1e21')).toEqual({ type: 'numberLiteral', val: '1000000000000000000000', duration: false });
    expect(t('5m')).toEqual({ type: 'numberLiteral', val: '300', duration: true });
  });

  it('shows duration expressions beside a zero range, as Prometheus 3 does', () => {
    expect(t('foo[5m+1m]')).toMatchObject({
      range: 0,
      rangeExpr: {
        type: 'durationExpr',
        op: '+',
        lhs: { type: 'numberLiteral', val: '300', duration: true },
        rhs: { type: 'numberLiteral', val: '60', duration: true },
        wrapped: false,
      },
    });
    expect(t('foo[max_of(step(),5m)]')).toMatchObject({ rangeExpr: { type: 'durationExpr', op: 'max_of', lhs: { type: 'durationExpr', op: 'step', lhs: null, rhs: null } } });
    expect(t('foo offset (10m/2)')).toMatchObject({ offset: 0, offsetExpr: { op: '/', wrapped: true } });
  });
});
