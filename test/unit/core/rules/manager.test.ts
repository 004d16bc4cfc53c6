import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Registry } from '../../../../electron/core/collector/registry.js';
import { nopLogger } from '../../../../electron/core/log.js';
import { RuleLoadError, RuleManager, limitConcurrency, type RuleManagerOptions, type RuleSettings } from '../../../../electron/core/rules/manager.js';
import { MemoryAlertStateStore } from '../../../../electron/core/rules/memoryStateStore.js';
import { groupEvalTimestamp } from '../../../../electron/core/rules/schedule.js';
import type { RuleFileSpec, RuleGroupSpec, RuleQueryFunc } from '../../../../electron/core/rules/types.js';
import { alertSpec, groupSpec, recordSpec, RecordingAppendable, scriptedQuery } from './support.js';

const SEC = 1000;
const T = 1_700_000_000_000;
/** ms from the start until the first slot of group `name` at a 10s interval. */
const untilFirst = (name: string) => groupEvalTimestamp('rules.yml', name, 10 * SEC, T) + 10 * SEC - T;

describe('limitConcurrency', () => {
  it('runs at most n queries at once, the rest in order', async () => {
    let active = 0;
    let peak = 0;
    const order: string[] = [];
    const q: RuleQueryFunc = async (expr) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      order.push(expr);
      active--;
      return [];
    };
    const limited = limitConcurrency(q, 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((e) => limited(e, 0)));
    expect(peak).toBe(2);
    expect(order.sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('RuleManager', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settings: RuleSettings = { ruleFiles: ['rules.yml'], evaluationIntervalMs: 10 * SEC, ruleQueryOffsetMs: 0, externalLabels: {}, externalURL: 'http://h' };

  function setup(query: RuleQueryFunc, extra: Partial<RuleManagerOptions> = {}) {
    let files: RuleFileSpec[] = [];
    let errors: Error[] = [];
    const app = new RecordingAppendable();
    const registry = new Registry();
    const m = new RuleManager({
      query,
      appendable: app,
      registry,
      resendDelayMs: 60 * SEC,
      outageToleranceMs: 3_600_000,
      forGracePeriodMs: 600_000,
      maxConcurrentEvals: 4,
      logger: nopLogger,
      loadFiles: () => ({ files, errors: errors as never }),
      ...extra,
    });
    return {
      m,
      app,
      registry,
      setFiles(groups: RuleGroupSpec[]) {
        files = [{ path: 'rules.yml', groups }];
        errors = [];
      },
      setErrors(e: Error[]) {
        errors = e;
      },
    };
  }

  it('evaluates each group at its slots and counts iterations', async () => {
    const q = scriptedQuery({ x: () => [[{}, 1]] });
    const s = setup(q);
    s.setFiles([groupSpec([recordSpec('r', 'x')], { name: 'g1' })]);
    await s.m.update(settings);
    s.m.start();
    await vi.advanceTimersByTimeAsync(untilFirst('g1') + 25 * SEC);
    expect(q.calls.length).toBe(3);
    const first = groupEvalTimestamp('rules.yml', 'g1', 10 * SEC, 1_700_000_000_000) + 10 * SEC;
    expect(q.calls.map((c) => c.t)).toEqual([first, first + 10 * SEC, first + 20 * SEC]);
    const text = s.registry.render();
    expect(text).toContain('prometheus_rule_group_iterations_total{rule_group="rules.yml;g1"} 3');
    expect(text).toContain('prometheus_rule_evaluations_total{rule_group="rules.yml;g1"} 3');
    expect(text).toContain('prometheus_rule_group_interval_seconds{rule_group="rules.yml;g1"} 10');
    expect(text).toContain('prometheus_rule_group_rules{rule_group="rules.yml;g1"} 1');
    expect(s.m.renderMetrics()).toMatch(/prometheus_rule_evaluation_duration_seconds_count 3/);
    await s.m.stop();
  });

  it('counts the slots missed while a slow evaluation ran', async () => {
    let slow = true;
    const q: RuleQueryFunc = async () => {
      if (slow) {
        slow = false;
        await new Promise((r) => setTimeout(r, 25 * SEC));
      }
      return [];
    };
    const s = setup(q);
    s.setFiles([groupSpec([recordSpec('r', 'x')], { name: 'g1' })]);
    await s.m.update(settings);
    s.m.start();
    // The first evaluation takes 25s: the slot at +10s is missed, the one at +20s runs late.
    await vi.advanceTimersByTimeAsync(untilFirst('g1') + 26 * SEC);
    const text = s.registry.render();
    expect(text).toContain('prometheus_rule_group_iterations_missed_total{rule_group="rules.yml;g1"} 1');
    expect(text).toContain('prometheus_rule_group_iterations_total{rule_group="rules.yml;g1"} 3');
    expect(text).toMatch(/prometheus_rule_evaluation_failures_total\{rule_group="rules.yml;g1"\} 0/);
    await s.m.stop();
  });

  it('a reload keeps unchanged groups running and the alert state of unchanged rules in changed groups', async () => {
    const q = scriptedQuery({ up: () => [[{ instance: 'a' }, 1]], y: () => [] });
    const s = setup(q);
    const alert = alertSpec('Down', 'up', { forMs: 20 * SEC });
    s.setFiles([groupSpec([alert], { name: 'changes' }), groupSpec([recordSpec('r', 'y')], { name: 'same' })]);
    await s.m.update(settings);
    s.m.start();
    await vi.advanceTimersByTimeAsync(40 * SEC);
    const [changing, same] = s.m.ruleGroups();
    const before = changing!.alertingRules()[0]!.activeAlerts()[0]!;
    expect(before.state).toBe('firing');
    s.setFiles([groupSpec([alert, recordSpec('extra', 'y')], { name: 'changes' }), groupSpec([recordSpec('r', 'y')], { name: 'same' })]);
    await s.m.update(settings);
    const [changed, kept] = s.m.ruleGroups();
    expect(kept).toBe(same);
    expect(changed).not.toBe(changing);
    expect(changed!.rules().length).toBe(2);
    expect(changed!.alertingRules()[0]!.activeAlerts()[0]).toMatchObject({ state: 'firing', activeAtMs: before.activeAtMs, firedAtMs: before.firedAtMs });
    await vi.advanceTimersByTimeAsync(20 * SEC);
    expect(changed!.alertingRules()[0]!.activeAlerts()[0]).toMatchObject({ state: 'firing', activeAtMs: before.activeAtMs });
    expect(changed!.lastEvaluationMs).toBeGreaterThan(0);
    await s.m.stop();
  });

  it('refuses a reload with bad rule files and keeps the running groups', async () => {
    const q = scriptedQuery({ x: () => [[{}, 1]] });
    const s = setup(q);
    s.setFiles([groupSpec([recordSpec('r', 'x')], { name: 'g1' })]);
    await s.m.update(settings);
    s.m.start();
    s.setErrors([new Error('rules.yml: 4:9: group "g1", rule 1, "r": could not parse expression: 1:5: parse error: unclosed left parenthesis')]);
    await expect(s.m.update(settings)).rejects.toThrow(RuleLoadError);
    await expect(s.m.update(settings)).rejects.toThrow('error loading rules: rules.yml: 4:9:');
    expect(s.m.ruleGroups().map((g) => g.name)).toEqual(['g1']);
    await vi.advanceTimersByTimeAsync(20 * SEC);
    expect(q.calls.length).toBe(2);
    await s.m.stop();
  });

  it('marks a removed group\'s series stale two intervals later', async () => {
    const q = scriptedQuery({ x: () => [[{ a: '1' }, 1]] });
    const s = setup(q);
    s.setFiles([groupSpec([recordSpec('r', 'x')], { name: 'g1' })]);
    await s.m.update(settings);
    s.m.start();
    await vi.advanceTimersByTimeAsync(untilFirst('g1') + 1);
    expect(s.app.samples.map((x) => x.labels)).toEqual(['r{a="1"}']);
    s.setFiles([]);
    await s.m.update(settings);
    const removedAt = Date.now();
    expect(s.registry.render()).not.toContain('rules.yml;g1');
    await vi.advanceTimersByTimeAsync(19 * SEC);
    expect(s.app.samples.filter((x) => x.stale)).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * SEC);
    expect(s.app.samples.filter((x) => x.stale)).toEqual([{ labels: 'r{a="1"}', t: removedAt, v: NaN, stale: true }]);
    await s.m.stop();
  });

  it('stop() ends the evaluation in flight after its current rule, and does not wait past a bound for a hung query', async () => {
    let calls = 0;
    const q: RuleQueryFunc = (expr) => {
      calls++;
      return expr === 'hang' ? new Promise(() => {}) : Promise.resolve([]);
    };
    const s = setup(q);
    s.setFiles([groupSpec([recordSpec('h', 'hang'), recordSpec('after', 'x')], { name: 'g1' })]);
    await s.m.update(settings);
    s.m.start();
    await vi.advanceTimersByTimeAsync(untilFirst('g1') + 1);
    expect(calls).toBe(1);
    let stopped = false;
    const stopping = s.m.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(9_000);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1_500);
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toBe(1);
  });

  it('restores saved alerts on the first load only, and drops the state of removed groups', async () => {
    const store = new MemoryAlertStateStore();
    const q = scriptedQuery({ up: () => [[{ instance: 'a' }, 1]] });
    const s1 = setup(q, { store });
    s1.setFiles([groupSpec([alertSpec('Down', 'up', { forMs: 60 * SEC })], { name: 'g1' })]);
    await s1.m.update(settings);
    s1.m.start();
    await vi.advanceTimersByTimeAsync(untilFirst('g1') + 1);
    await s1.m.stop();
    const activeAt = store.load().alerts[0]!.activeAtMs;
    // No grace period: the pending alert keeps its clock exactly.
    const s2 = setup(q, { store, forGracePeriodMs: 0 });
    s2.setFiles([groupSpec([alertSpec('Down', 'up', { forMs: 60 * SEC })], { name: 'g1' })]);
    await s2.m.update(settings);
    s2.m.start();
    await vi.advanceTimersByTimeAsync(10 * SEC);
    const rule = s2.m.alertingRules()[0]!;
    expect(rule.activeAlerts()[0]!.activeAtMs).toBe(activeAt);
    expect(rule.restored?.alerts).toBe(1);
    s2.setFiles([]);
    await s2.m.update(settings);
    expect(store.load().alerts).toEqual([]);
    await s2.m.stop();
  });
});
