/** Backtests on the live evaluator over an in-memory store, through the query service. */

import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { QueryService } from '../../../../../electron/core/query/service.js';
import { backtestRule, BacktestError, evaluationCount } from '../../../../../electron/core/rules/backtest/backtest.js';
import { engineQueryFunc } from '../../../../../electron/core/rules/queryFunc.js';
import type { AlertingRuleSpec } from '../../../../../electron/core/rules/types.js';
import { MemoryStorage } from '../../../../../electron/core/storage/memory.js';

const MIN = 60_000;

function alertSpec(alert: string, expr: string, o: Partial<AlertingRuleSpec> = {}): AlertingRuleSpec {
  return { kind: 'alerting', alert, expr, forMs: 0, keepFiringForMs: 0, labels: {}, annotations: {}, pos: { line: 1, column: 1 }, ...o };
}

/** A store with `up` per instance: one sample a minute from 0, values given per minute. */
function store(series: Record<string, number[]>): MemoryStorage {
  const s = new MemoryStorage();
  const app = s.appender();
  for (const [inst, values] of Object.entries(series)) {
    const l = Labels.fromObject({ __name__: 'up', instance: inst });
    values.forEach((v, i) => app.append(0, l, i * MIN, v));
  }
  app.commit();
  return s;
}

const ones = (n: number) => new Array<number>(n).fill(1);

describe('backtestRule', () => {
  it('reports when an alert went pending, fired and resolved, and a pending one that never fired', async () => {
    // a: down from 10m to 19m (fires after 5m), up at 20m; b: down 25m to 27m only (never fires).
    const a = [...ones(10), ...new Array<number>(10).fill(0), ...ones(11)];
    const b = [...ones(25), 0, 0, 0, ...ones(3)];
    const s = store({ a, b });
    const q = QueryService.inline(s);
    const r = await backtestRule({
      rule: alertSpec('Down', 'up == 0', { forMs: 5 * MIN, labels: { severity: 'page' }, annotations: { summary: 'instance down' } }),
      startMs: 0,
      endMs: 30 * MIN,
      intervalMs: MIN,
      query: engineQueryFunc(q),
    });
    expect(r.rule).toBe('Down');
    expect(r.evaluations).toBe(31);
    expect(r.errors).toEqual([]);
    expect(r.alerts.map((x) => ({ labels: x.labels.toObject(), annotations: x.annotations.toObject(), activeAtMs: x.activeAtMs, firedAtMs: x.firedAtMs, resolvedAtMs: x.resolvedAtMs, value: x.value }))).toEqual([
      { labels: { alertname: 'Down', instance: 'a', severity: 'page' }, annotations: { summary: 'instance down' }, activeAtMs: 10 * MIN, firedAtMs: 15 * MIN, resolvedAtMs: 20 * MIN, value: 0 },
      { labels: { alertname: 'Down', instance: 'b', severity: 'page' }, annotations: { summary: 'instance down' }, activeAtMs: 25 * MIN, firedAtMs: null, resolvedAtMs: 28 * MIN, value: 0 },
    ]);
  });

  it('keeps an alert still active at the end unresolved, and a second episode of the same labels apart', async () => {
    const s = store({ a: [0, 0, 1, 1, 0, 0, 0] });
    const r = await backtestRule({ rule: alertSpec('Down', 'up == 0'), startMs: 0, endMs: 6 * MIN, intervalMs: MIN, query: engineQueryFunc(QueryService.inline(s)) });
    expect(r.alerts.map((x) => [x.activeAtMs, x.firedAtMs, x.resolvedAtMs])).toEqual([
      [0, 0, 2 * MIN],
      [4 * MIN, 4 * MIN, null],
    ]);
  });

  it('keeps firing through keep_firing_for, as the live evaluator does', async () => {
    const s = store({ a: [0, 1, 1, 1, 1, 1] });
    const r = await backtestRule({ rule: alertSpec('Down', 'up == 0', { keepFiringForMs: 2 * MIN }), startMs: 0, endMs: 5 * MIN, intervalMs: MIN, query: engineQueryFunc(QueryService.inline(s)) });
    expect(r.alerts.map((x) => [x.activeAtMs, x.firedAtMs, x.resolvedAtMs])).toEqual([[0, 0, 3 * MIN]]);
  });

  it('keeps the annotations as rendered at the last active evaluation', async () => {
    const s = new MemoryStorage();
    const app = s.appender();
    const l = Labels.fromObject({ __name__: 'disk_used', mount: '/' });
    [80, 91, 95, 97, 50].forEach((v, i) => app.append(0, l, i * MIN, v));
    app.commit();
    const r = await backtestRule({
      rule: alertSpec('DiskFull', 'disk_used > 90', { annotations: { summary: '{{ $labels.mount }} at {{ $value }}%' } }),
      startMs: 0,
      endMs: 4 * MIN,
      intervalMs: MIN,
      query: engineQueryFunc(QueryService.inline(s)),
    });
    expect(r.alerts.map((x) => [x.annotations.toObject(), x.value, x.activeAtMs, x.resolvedAtMs])).toEqual([[{ summary: '/ at 97%' }, 97, MIN, 4 * MIN]]);
  });

  it('writes nothing to the store it reads (no ALERTS series)', async () => {
    const s = store({ a: [0, 0, 0] });
    await backtestRule({ rule: alertSpec('Down', 'up == 0'), startMs: 0, endMs: 2 * MIN, intervalMs: MIN, query: engineQueryFunc(QueryService.inline(s)) });
    expect(s.querier(-Infinity, Infinity).labelValues('__name__')).toEqual(['up']);
  });

  it('collects evaluation errors with their times, at most maxErrors, and counts them all', async () => {
    const s = store({ a: [1, 1, 1], b: [1, 1, 1] });
    const r = await backtestRule({ rule: alertSpec('Bad', 'up + on() up'), startMs: 0, endMs: 2 * MIN, intervalMs: MIN, maxErrors: 2, query: engineQueryFunc(QueryService.inline(s)) });
    expect(r.failedEvaluations).toBe(3);
    expect(r.errors.map((e) => e.timeMs)).toEqual([0, MIN]);
    expect(r.errors[0]!.error).toMatch(/many-to-many matching not allowed/);
  });

  it('refuses more evaluations than allowed before evaluating any', async () => {
    let calls = 0;
    const query = async () => {
      calls++;
      return [];
    };
    await expect(backtestRule({ rule: alertSpec('A', 'up'), startMs: 0, endMs: 10_000 * MIN, intervalMs: MIN, query })).rejects.toThrow(
      new BacktestError('the range needs 10001 evaluations at a 60s interval; at most 10000 are allowed: shorten the range or lengthen the interval'),
    );
    expect(calls).toBe(0);
    expect(evaluationCount(0, 10_000 * MIN, MIN)).toBe(10_001);
  });

  it('stops with a clear error beyond maxAlerts', async () => {
    const query = async (_e: string, t: number) => Array.from({ length: 3 }, (_, i) => ({ labels: Labels.fromObject({ i: `${t}-${i}` }), t, v: 1 }));
    await expect(backtestRule({ rule: alertSpec('Many', 'x'), startMs: 0, endMs: 5 * MIN, intervalMs: MIN, maxAlerts: 5, query })).rejects.toThrow(/more than 5 alerts by 1970-01-01T00:01:00.000Z/);
  });

  it('stops when the caller gives up', async () => {
    const signal = { aborted: false };
    const query = async () => {
      signal.aborted = true;
      return [];
    };
    await expect(backtestRule({ rule: alertSpec('A', 'x'), startMs: 0, endMs: 5 * MIN, intervalMs: MIN, query, signal })).rejects.toThrow('the backtest was stopped after 1 of 6 evaluations');
  });

  it('refuses a bad range or interval', async () => {
    const query = async () => [];
    await expect(backtestRule({ rule: alertSpec('A', 'x'), startMs: 10, endMs: 0, intervalMs: MIN, query })).rejects.toThrow('end is before start');
    await expect(backtestRule({ rule: alertSpec('A', 'x'), startMs: 0, endMs: 10, intervalMs: 0, query })).rejects.toThrow('interval must be greater than 0');
  });

  it("applies the group's labels and query offset", async () => {
    const s = store({ a: [0, 0, 0, 1, 1, 1] });
    const r = await backtestRule({
      rule: alertSpec('Down', 'up == 0'),
      group: { name: 'g', file: 'f.yml', labels: { team: 'x' }, queryOffsetMs: 2 * MIN, limit: 0 },
      startMs: 2 * MIN,
      endMs: 5 * MIN,
      intervalMs: MIN,
      query: engineQueryFunc(QueryService.inline(s)),
    });
    // Evaluating at 2m..5m queries 0m..3m: down at 0, 1, 2 and up at 3.
    expect(r.alerts.map((x) => [x.labels.toObject(), x.activeAtMs, x.resolvedAtMs])).toEqual([[{ alertname: 'Down', instance: 'a', team: 'x' }, 2 * MIN, 5 * MIN]]);
  });
});
