import { describe, expect, it } from 'vitest';
import { parseExpr } from '../../../../../electron/core/promql/parser/index.js';
import type { Expr, VectorSelector } from '../../../../../electron/core/promql/parser/ast.js';
import { walk } from '../../../../../electron/core/promql/parser/ast.js';
import { Plan } from '../../../../../electron/core/promql/eval/plan.js';

const times = { start: 1_000_000, end: 2_000_000, step: 60_000, lookback: 300_000, defaultSubqueryStep: 60_000 };

function selectors(e: Expr): VectorSelector[] {
  const out: VectorSelector[] = [];
  walk(e, (n) => {
    if (n.kind === 'VectorSelector') out.push(n);
  });
  return out;
}

describe('Plan', () => {
  it('loads (t - lookback, t] for instant selectors and (t - range, t] for range selectors, shifted by offset', () => {
    const e = parseExpr('a offset 1m + rate(b[5m])');
    const p = new Plan(e, times);
    const [a, b] = selectors(e);
    expect(p.selector(a!)).toMatchObject({ offset: 60_000, at: null, mint: 1_000_000 - 299_999 - 60_000, maxt: 2_000_000 - 60_000 });
    expect(p.selector(b!)).toMatchObject({ mint: 1_000_000 - 299_999, maxt: 2_000_000 });
  });

  it('pins @ selectors and subqueries, and resolves @ start()/end()', () => {
    const e = parseExpr('max_over_time(x[10m:1m] @ 500) + y @ end()');
    const p = new Plan(e, times);
    const [x, y] = selectors(e);
    expect(p.selector(x!)).toMatchObject({ mint: 500_000 - 600_000 - 299_999, maxt: 500_000 });
    expect(p.selector(y!)).toMatchObject({ at: 2_000_000 });
  });

  it('marks the highest step-invariant subtrees', () => {
    const e = parseExpr('sum(x @ 100) + time()');
    const p = new Plan(e, times);
    expect(e.kind === 'BinaryExpr' && p.invariant.has(e.lhs)).toBe(true);
    expect(e.kind === 'BinaryExpr' && p.invariant.has(e.rhs)).toBe(false);
  });

  it('evaluates duration expressions with the query step and range', () => {
    const e = parseExpr('count_over_time(x[step() * 2] offset range())');
    const p = new Plan(e, times);
    let range = 0;
    walk(e, (n) => {
      if (n.kind === 'MatrixSelector') range = p.range(n);
    });
    expect(range).toBe(120_000);
    const [x] = selectors(e);
    expect(p.selector(x!).offset).toBe(1_000_000);
  });
});
