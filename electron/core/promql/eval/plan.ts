/**
 * Query planning over the parser's immutable AST, kept in side tables: resolved modifiers
 * (offsets, ranges, steps, @ times, duration expressions that use step()/range()), the
 * time range each selector must load from storage (Prometheus's FindMinMaxTime /
 * getTimeRangesForSelector), and which subtrees are step invariant (evaluated once).
 */

import type { DurationExpr, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../parser/ast.js';
import { children } from '../parser/ast.js';
import { QueryError } from '../value.js';

/** Functions whose result can change with the evaluation time even for invariant inputs. */
export const AT_MODIFIER_UNSAFE = new Set([
  'days_in_month',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'hour',
  'minute',
  'month',
  'year',
  'predict_linear',
  'time',
  'timestamp',
  // Query-context functions: their value depends on the query's own range and step.
  'start',
  'end',
  'step',
  'range',
]);

export interface QueryTimes {
  start: number;
  end: number;
  /** 0 for an instant query. */
  step: number;
  lookback: number;
  /** Subquery step when omitted, ms. */
  defaultSubqueryStep: number;
}

export interface SelectorPlan {
  offset: number;
  /** The @ time, ms, or null. */
  at: number | null;
  /** Storage time range to load, inclusive. */
  mint: number;
  maxt: number;
}

export interface SubqueryPlan {
  range: number;
  step: number;
  offset: number;
  at: number | null;
}

export class Plan {
  readonly selectors = new Map<VectorSelector, SelectorPlan>();
  readonly ranges = new Map<MatrixSelector, number>();
  readonly subqueries = new Map<SubqueryExpr, SubqueryPlan>();
  /** Vector- or scalar-typed nodes whose value is the same at every step. */
  readonly invariant = new Set<Expr>();

  constructor(
    readonly root: Expr,
    readonly times: QueryTimes,
  ) {
    this.resolve(root);
    this.computeRanges(root, [], 0);
    const [, wrap] = this.invariance(root);
    if (wrap) this.invariant.add(root);
  }

  selector(vs: VectorSelector): SelectorPlan {
    const p = this.selectors.get(vs);
    if (!p) throw new QueryError('internal', 'selector was not planned');
    return p;
  }

  range(ms: MatrixSelector): number {
    return this.ranges.get(ms) ?? ms.rangeMs;
  }

  subquery(sq: SubqueryExpr): SubqueryPlan {
    const p = this.subqueries.get(sq);
    if (!p) throw new QueryError('internal', 'subquery was not planned');
    return p;
  }

  /** Resolves duration expressions and @ start()/end() for every selector and subquery. */
  private resolve(e: Expr): void {
    const t = this.times;
    switch (e.kind) {
      case 'VectorSelector': {
        const offset = e.offsetExpr ? this.durationMs(e.offsetExpr) : e.offsetMs;
        const at = e.startOrEnd === 'start' ? t.start : e.startOrEnd === 'end' ? t.end : e.timestampMs;
        this.selectors.set(e, { offset, at, mint: 0, maxt: 0 });
        break;
      }
      case 'MatrixSelector': {
        const r = e.rangeExpr ? this.durationMs(e.rangeExpr) : e.rangeMs;
        if (e.rangeExpr && r <= 0) {
          throw new QueryError('bad_data', `invalid range: the duration expression evaluates to ${r / 1000}s, must be positive`);
        }
        this.ranges.set(e, r);
        break;
      }
      case 'SubqueryExpr': {
        const range = e.rangeExpr ? this.durationMs(e.rangeExpr) : e.rangeMs;
        let step = e.stepExpr ? this.durationMs(e.stepExpr) : e.stepMs;
        if (step === 0) step = t.defaultSubqueryStep;
        if (step <= 0) throw new QueryError('bad_data', 'subquery step must be positive');
        const offset = e.offsetExpr ? this.durationMs(e.offsetExpr) : e.offsetMs;
        const at = e.startOrEnd === 'start' ? t.start : e.startOrEnd === 'end' ? t.end : e.timestampMs;
        this.subqueries.set(e, { range, step, offset, at });
        break;
      }
      default:
        break;
    }
    for (const c of children(e)) this.resolve(c);
  }

  /** Evaluates a duration expression to ms, with step() and range() of this query. */
  durationMs(d: Expr): number {
    const secs = this.durationSecs(d);
    if (!Number.isFinite(secs)) throw new QueryError('bad_data', `duration expression evaluates to ${secs}`);
    return Math.round(secs * 1000);
  }

  private durationSecs(d: Expr): number {
    switch (d.kind) {
      case 'NumberLiteral':
        return d.value;
      case 'ParenExpr':
        return this.durationSecs(d.expr);
      case 'UnaryExpr':
        return d.op === '-' ? -this.durationSecs(d.expr) : this.durationSecs(d.expr);
      case 'DurationExpr':
        return this.durationOp(d);
      default:
        throw new QueryError('bad_data', `unexpected ${d.kind} in a duration expression`);
    }
  }

  private durationOp(d: DurationExpr): number {
    const t = this.times;
    switch (d.op) {
      case 'step':
        return t.step / 1000;
      case 'range':
        return (t.end - t.start) / 1000;
      default:
        break;
    }
    const r = d.rhs ? this.durationSecs(d.rhs) : 0;
    if (!d.lhs) {
      if (d.op === '-') return -r;
      if (d.op === '+') return r;
    }
    const l = d.lhs ? this.durationSecs(d.lhs) : 0;
    switch (d.op) {
      case '+':
        return l + r;
      case '-':
        return l - r;
      case '*':
        return l * r;
      case '/':
        if (r === 0) throw new QueryError('bad_data', 'division by zero in duration expression');
        return l / r;
      case '%':
        if (r === 0) throw new QueryError('bad_data', 'modulo by zero in duration expression');
        return l % r;
      case '^':
        return Math.pow(l, r);
      case 'min':
        return Math.min(l, r);
      case 'max':
        return Math.max(l, r);
    }
    return NaN;
  }

  /**
   * Selection ranges, walking down with the accumulated subquery offsets and ranges
   * (an @ on a subquery resets them), as Prometheus's getTimeRangesForSelector.
   */
  private computeRanges(e: Expr, subqs: SubqueryExpr[], evalRange: number): void {
    switch (e.kind) {
      case 'VectorSelector': {
        const p = this.selectors.get(e)!;
        const t = this.times;
        let start = t.start;
        let end = t.end;
        let subqOffset = 0;
        let subqRange = 0;
        let subqTs: number | null = null;
        for (const sq of subqs) {
          const sp = this.subqueries.get(sq)!;
          subqOffset += sp.offset;
          subqRange += sp.range;
          if (sp.at !== null) {
            subqOffset = sp.offset;
            subqRange = sp.range;
            subqTs = sp.at;
          }
        }
        if (subqTs !== null) {
          start = subqTs;
          end = subqTs;
        }
        if (p.at !== null) {
          start = p.at;
          end = p.at;
        } else {
          start = start - subqOffset - subqRange;
          end -= subqOffset;
        }
        if (evalRange === 0) {
          start -= t.lookback - 1;
          if (e.smoothed) end += t.lookback;
        } else if (e.anchored) {
          start -= t.lookback + evalRange - 1;
        } else if (e.smoothed) {
          start -= t.lookback + evalRange - 1;
          end += t.lookback;
        } else {
          start -= evalRange - 1;
        }
        p.mint = start - p.offset;
        p.maxt = end - p.offset;
        return;
      }
      case 'MatrixSelector':
        this.computeRanges(e.vectorSelector, subqs, this.range(e));
        return;
      case 'SubqueryExpr':
        this.computeRanges(e.expr, [...subqs, e], 0);
        return;
      default:
        for (const c of children(e)) this.computeRanges(c, subqs, 0);
    }
  }

  /**
   * Prometheus's preprocessExprHelper: returns [isStepInvariant, shouldWrap] and records
   * the highest step-invariant vector/scalar subtrees in `invariant`.
   */
  private invariance(e: Expr): [boolean, boolean] {
    switch (e.kind) {
      case 'VectorSelector': {
        const at = this.selectors.get(e)!.at !== null;
        return [at, at];
      }
      case 'AggregateExpr': {
        // The parameter is evaluated on its own; only the aggregated expression decides.
        if (e.param) this.wrapIf(e.param);
        return this.invariance(e.expr);
      }
      case 'BinaryExpr': {
        const [li, lw] = this.invariance(e.lhs);
        const [ri, rw] = this.invariance(e.rhs);
        if (li && ri) return [true, true];
        if (lw) this.invariant.add(e.lhs);
        if (rw) this.invariant.add(e.rhs);
        return [false, false];
      }
      case 'Call': {
        let inv = !AT_MODIFIER_UNSAFE.has(e.func.name);
        const wraps: boolean[] = [];
        for (const a of e.args) {
          const [ai, aw] = this.invariance(a);
          inv = inv && ai;
          wraps.push(aw);
        }
        if (inv) return [true, true];
        e.args.forEach((a, i) => {
          if (wraps[i]) this.invariant.add(a);
        });
        return [false, false];
      }
      case 'MatrixSelector': {
        const [inv] = this.invariance(e.vectorSelector);
        return [inv, false];
      }
      case 'SubqueryExpr': {
        const [inv] = this.invariance(e.expr);
        if (inv) this.invariant.add(e.expr);
        const at = this.subqueries.get(e)!.at !== null;
        return [at, at];
      }
      case 'ParenExpr':
      case 'UnaryExpr':
      case 'StepInvariantExpr':
        return this.invariance(e.expr);
      case 'StringLiteral':
      case 'NumberLiteral':
        return [true, false];
      case 'DurationExpr':
        // step() and range() are constant within a query.
        return [true, false];
    }
  }

  private wrapIf(e: Expr): void {
    const [, w] = this.invariance(e);
    if (w) this.invariant.add(e);
  }
}
