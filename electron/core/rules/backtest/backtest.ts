/**
 * Backtest: an alerting rule replayed over stored data. The rule sits alone in a RuleGroup,
 * the live evaluator, and evalOnce steps it through time at its interval; writes go nowhere
 * (ALERTS and ALERTS_FOR_STATE are discarded), nothing is sent and no state is saved or
 * restored. What comes out is each alert's life: when it went pending, fired and resolved, with
 * its annotations as rendered at its last active evaluation.
 *
 * Bounded: at most `maxEvaluations` steps (checked before the first), `maxAlerts` alert lives
 * and `maxErrors` kept evaluation errors; beyond the first two it fails with a BacktestError
 * that says what to change.
 */

import { nopLogger } from '../../log.js';
import { compareLabels, type Labels } from '../../model/labels.js';
import type { Appendable, Appender } from '../../storage/interface.js';
import { RuleGroup } from '../group.js';
import type { AlertingRuleSpec, RuleGroupSpec, RuleQueryFunc } from '../types.js';
import { BacktestError } from './errors.js';

export { BacktestError } from './errors.js';

export const DEFAULT_MAX_EVALUATIONS = 10_000;
export const DEFAULT_MAX_ALERTS = 1_000;
export const DEFAULT_MAX_ERRORS = 10;

export interface BacktestOptions {
  readonly rule: AlertingRuleSpec;
  /** The group the rule sits in (its labels, query_offset and limit apply); a group of its own when absent. */
  readonly group?: Pick<RuleGroupSpec, 'name' | 'file' | 'labels' | 'queryOffsetMs' | 'limit'>;
  /** Inclusive range of evaluation times, ms. */
  readonly startMs: number;
  readonly endMs: number;
  readonly intervalMs: number;
  readonly query: RuleQueryFunc;
  readonly externalLabels?: Readonly<Record<string, string>>;
  readonly externalURL?: string;
  readonly maxEvaluations?: number;
  readonly maxAlerts?: number;
  readonly maxErrors?: number;
  /** Checked between evaluations: the caller gave up (a closed connection) or its time ran out. */
  readonly signal?: { readonly aborted: boolean };
  /** Called after each evaluation (progress bars). */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One alert's life. Times in ms; null means it did not happen within the range. */
export interface BacktestAlertLife {
  readonly labels: Labels;
  annotations: Labels;
  readonly activeAtMs: number;
  firedAtMs: number | null;
  resolvedAtMs: number | null;
  /** The value at the last evaluation it was active. */
  value: number;
}

export interface BacktestResult {
  readonly rule: string;
  readonly intervalMs: number;
  readonly evaluations: number;
  /** Ordered by when they went active, then by labels. */
  readonly alerts: BacktestAlertLife[];
  readonly errors: Array<{ readonly timeMs: number; readonly error: string }>;
  /** Evaluations that failed, including those beyond the errors kept. */
  readonly failedEvaluations: number;
}


/** Evaluation times from start to end inclusive at the interval: how many there are. */
export function evaluationCount(startMs: number, endMs: number, intervalMs: number): number {
  if (endMs < startMs) return 0;
  return Math.floor((endMs - startMs) / intervalMs) + 1;
}

/** Writes nothing: the backtest must not add ALERTS series to the data it reads. */
const DISCARD: Appendable = {
  appender(): Appender {
    return { append: () => 0, appendStale: () => 0, commit: () => {}, rollback: () => {} };
  },
};

export async function backtestRule(o: BacktestOptions): Promise<BacktestResult> {
  if (!(o.intervalMs > 0)) throw new BacktestError('the evaluation interval must be greater than 0');
  if (!Number.isFinite(o.startMs) || !Number.isFinite(o.endMs)) throw new BacktestError('start and end must be valid times');
  if (o.endMs < o.startMs) throw new BacktestError('end is before start');
  const maxEvaluations = o.maxEvaluations ?? DEFAULT_MAX_EVALUATIONS;
  const maxAlerts = o.maxAlerts ?? DEFAULT_MAX_ALERTS;
  const maxErrors = o.maxErrors ?? DEFAULT_MAX_ERRORS;
  const total = evaluationCount(o.startMs, o.endMs, o.intervalMs);
  if (total > maxEvaluations) {
    throw new BacktestError(
      `the range needs ${total} evaluations at a ${o.intervalMs / 1000}s interval; at most ${maxEvaluations} are allowed: shorten the range or lengthen the interval`,
    );
  }
  const spec: RuleGroupSpec = {
    name: o.group?.name ?? 'backtest',
    file: o.group?.file ?? '',
    intervalMs: o.intervalMs,
    limit: o.group?.limit ?? 0,
    queryOffsetMs: o.group?.queryOffsetMs ?? 0,
    labels: o.group?.labels ?? {},
    rules: [o.rule],
    pos: o.rule.pos,
  };
  const group = new RuleGroup(spec, {
    query: o.query,
    appendable: DISCARD,
    externalLabels: { ...(o.externalLabels ?? {}) },
    externalURL: o.externalURL ?? '',
    resendDelayMs: 60_000,
    globalIntervalMs: o.intervalMs,
    globalQueryOffsetMs: 0,
    logger: nopLogger,
    restore: false,
  });
  const rule = group.alertingRules()[0]!;
  const lives: BacktestAlertLife[] = [];
  /** The life still open for each label set. */
  const open = new Map<string, BacktestAlertLife>();
  const errors: Array<{ timeMs: number; error: string }> = [];
  let failed = 0;
  let evaluations = 0;
  for (let t = o.startMs; t <= o.endMs; t += o.intervalMs) {
    if (o.signal?.aborted) throw new BacktestError(`the backtest was stopped after ${evaluations} of ${total} evaluations`);
    await group.evalOnce(t);
    evaluations++;
    if (rule.health === 'err') {
      failed++;
      if (errors.length < maxErrors) errors.push({ timeMs: t, error: rule.lastError ?? 'unknown error' });
    }
    const seen = new Set<string>();
    for (const a of rule.alertsIncludingResolved()) {
      const key = a.labels.key;
      seen.add(key);
      let life = open.get(key);
      if (a.resolvedAtMs !== 0 || a.state === 'inactive') {
        if (life && life.activeAtMs === a.activeAtMs) {
          life.resolvedAtMs = a.resolvedAtMs !== 0 ? a.resolvedAtMs : t;
          open.delete(key);
        }
        continue;
      }
      if (life && life.activeAtMs !== a.activeAtMs) {
        // The same labels went active again: the earlier life ended without our seeing it resolve.
        life.resolvedAtMs ??= t;
        open.delete(key);
        life = undefined;
      }
      if (!life) {
        if (lives.length >= maxAlerts) {
          throw new BacktestError(
            `the rule produced more than ${maxAlerts} alerts by ${new Date(t).toISOString()}; narrow its expression or the range`,
          );
        }
        life = { labels: a.labels, annotations: a.annotations, activeAtMs: a.activeAtMs, firedAtMs: null, resolvedAtMs: null, value: a.value };
        lives.push(life);
        open.set(key, life);
      }
      life.annotations = a.annotations;
      life.value = a.value;
      // The engine's 0 means "unset", but 0 is also a time a backtest may start at: the state says it fired.
      if (a.state === 'firing' && life.firedAtMs === null) life.firedAtMs = a.firedAtMs !== 0 || t === 0 ? a.firedAtMs : t;
    }
    // A pending alert whose result vanished is dropped without a resolved state: it ended here.
    for (const [key, life] of open) {
      if (!seen.has(key)) {
        life.resolvedAtMs = t;
        open.delete(key);
      }
    }
    o.onProgress?.(evaluations, total);
  }
  lives.sort((a, b) => a.activeAtMs - b.activeAtMs || compareLabels(a.labels, b.labels));
  return { rule: o.rule.alert, intervalMs: o.intervalMs, evaluations, alerts: lives, errors, failedEvaluations: failed };
}
