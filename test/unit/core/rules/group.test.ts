import { describe, expect, it } from 'vitest';
import { QueryError } from '../../../../electron/core/promql/value.js';
import { RuleGroup } from '../../../../electron/core/rules/group.js';
import { MemoryAlertStateStore } from '../../../../electron/core/rules/memoryStateStore.js';
import type { NotifierAlert } from '../../../../electron/core/rules/types.js';
import { alertSpec, groupOptions, groupSpec, recordSpec, RecordingAppendable, scriptedQuery } from './support.js';

const MIN = 60_000;
const T0 = 1_700_000_000_000;

describe('RuleGroup.evalOnce: recording rules', () => {
  it('writes results renamed, with the group labels overridden by the rule labels', async () => {
    const q = scriptedQuery({ 'sum by (job) (up)': () => [[{ job: 'a' }, 2], [{ job: 'b' }, 3]] });
    const app = new RecordingAppendable();
    const g = new RuleGroup(groupSpec([recordSpec('job:up:sum', 'sum by (job) (up)', { team: 'rule' })], { labels: { team: 'group', env: 'prod' } }), groupOptions(q, app));
    await g.evalOnce(T0);
    expect(app.at(T0).map((s) => [s.labels, s.v])).toEqual([
      ['job:up:sum{env="prod", job="a", team="rule"}', 2],
      ['job:up:sum{env="prod", job="b", team="rule"}', 3],
    ]);
    expect(g.rules()[0]!.health).toBe('ok');
    expect(g.rules()[0]!.labels).toEqual({ team: 'rule', env: 'prod' });
    expect(g.rules()[0]!.query).toBe('sum by (job) (up)');
  });

  it('marks series stale when they vanish from the result (seriesInPreviousEval)', async () => {
    let jobs = ['a', 'b'];
    const q = scriptedQuery({ x: () => jobs.map((j) => [{ job: j }, 1] as [Record<string, string>, number]) });
    const app = new RecordingAppendable();
    const g = new RuleGroup(groupSpec([recordSpec('r', 'x')]), groupOptions(q, app));
    await g.evalOnce(T0);
    jobs = ['a'];
    await g.evalOnce(T0 + MIN);
    expect(app.at(T0 + MIN).map((s) => [s.labels, s.stale])).toEqual([
      ['r{job="a"}', false],
      ['r{job="b"}', true],
    ]);
    await g.evalOnce(T0 + 2 * MIN);
    expect(app.at(T0 + 2 * MIN).map((s) => [s.labels, s.stale])).toEqual([['r{job="a"}', false]]);
  });

  it('a failing rule keeps its series (no staleness) and the rules after it still run', async () => {
    let fail = false;
    const q = scriptedQuery({ x: () => (fail ? new QueryError('timeout', 'query timed out in expression evaluation') : [[{}, 1]]), y: () => [[{}, 2]] });
    const app = new RecordingAppendable();
    const g = new RuleGroup(groupSpec([recordSpec('rx', 'x'), recordSpec('ry', 'y')]), groupOptions(q, app));
    await g.evalOnce(T0);
    fail = true;
    await g.evalOnce(T0 + MIN);
    const [rx, ry] = g.rules();
    expect(rx!.health).toBe('err');
    expect(rx!.lastError).toBe('query timed out in expression evaluation');
    expect(ry!.health).toBe('ok');
    expect(app.at(T0 + MIN).map((s) => s.labels)).toEqual(['ry']);
    expect(g.health()).toBe('err');
    expect(g.lastError()).toBe('rx: query timed out in expression evaluation');
    fail = false;
    await g.evalOnce(T0 + 2 * MIN);
    expect(rx!.health).toBe('ok');
    expect(rx!.lastError).toBeNull();
  });

  it('the group limit and duplicate label sets are errors on the rule', async () => {
    const q = scriptedQuery({ x: () => [[{ a: '1' }, 1], [{ a: '2' }, 1]], d: () => [[{ __name__: 'm1' }, 1], [{ __name__: 'm2' }, 1]] });
    const app = new RecordingAppendable();
    const g = new RuleGroup(groupSpec([recordSpec('r', 'x'), recordSpec('dd', 'd')], { limit: 1 }), groupOptions(q, app));
    await g.evalOnce(T0);
    expect(g.rules().map((r) => r.lastError)).toEqual(['exceeded limit of 1 with 2 series', 'vector contains metrics with the same labelset after applying rule labels']);
    expect(app.samples).toEqual([]);
  });

  it('queries at the evaluation time minus the group query offset, else the global one', async () => {
    const q = scriptedQuery({ x: () => [[{}, 1]] });
    const app = new RecordingAppendable();
    await new RuleGroup(groupSpec([recordSpec('r', 'x')], { queryOffsetMs: 30_000 }), groupOptions(q, app, { globalQueryOffsetMs: 10_000 })).evalOnce(T0);
    await new RuleGroup(groupSpec([recordSpec('r2', 'x')]), groupOptions(q, app, { globalQueryOffsetMs: 10_000 })).evalOnce(T0);
    expect(q.calls.map((c) => T0 - c.t)).toEqual([30_000, 10_000]);
    expect(app.samples.map((s) => T0 - s.t)).toEqual([30_000, 10_000]);
  });

  it('uses the group interval, else the global evaluation_interval', () => {
    const q = scriptedQuery({});
    const app = new RecordingAppendable();
    expect(new RuleGroup(groupSpec([], { intervalMs: 30_000 }), groupOptions(q, app)).intervalMs).toBe(30_000);
    expect(new RuleGroup(groupSpec([]), groupOptions(q, app, { globalIntervalMs: 15_000 })).intervalMs).toBe(15_000);
  });
});

describe('RuleGroup.evalOnce: alerting rules', () => {
  it('appends ALERTS and ALERTS_FOR_STATE and marks them stale when the alert ends or changes state', async () => {
    let present = true;
    const q = scriptedQuery({ 'up == 0': () => (present ? [[{ instance: 'a' }, 0]] : []) });
    const app = new RecordingAppendable();
    const g = new RuleGroup(groupSpec([alertSpec('Down', 'up == 0', { forMs: MIN })]), groupOptions(q, app));
    await g.evalOnce(T0);
    expect(app.at(T0).map((s) => [s.labels, s.v])).toEqual([
      ['ALERTS{alertname="Down", alertstate="pending", instance="a"}', 1],
      ['ALERTS_FOR_STATE{alertname="Down", instance="a"}', T0 / 1000],
    ]);
    await g.evalOnce(T0 + MIN);
    expect(app.at(T0 + MIN).map((s) => [s.labels, s.stale])).toEqual([
      ['ALERTS{alertname="Down", alertstate="firing", instance="a"}', false],
      ['ALERTS_FOR_STATE{alertname="Down", instance="a"}', false],
      ['ALERTS{alertname="Down", alertstate="pending", instance="a"}', true],
    ]);
    present = false;
    await g.evalOnce(T0 + 2 * MIN);
    expect(app.at(T0 + 2 * MIN).map((s) => [s.labels, s.stale])).toEqual([
      ['ALERTS{alertname="Down", alertstate="firing", instance="a"}', true],
      ['ALERTS_FOR_STATE{alertname="Down", instance="a"}', true],
    ]);
  });

  it('sends firing and resolved alerts to the sender', async () => {
    let present = true;
    const q = scriptedQuery({ up: () => (present ? [[{ instance: 'a' }, 1]] : []) });
    const sent: NotifierAlert[][] = [];
    const g = new RuleGroup(groupSpec([alertSpec('A', 'up', { annotations: { summary: 'down' } })], { intervalMs: 15_000 }), groupOptions(q, new RecordingAppendable(), { sender: { send: (a) => sent.push([...a]) } }));
    await g.evalOnce(T0);
    present = false;
    await g.evalOnce(T0 + 15_000);
    expect(sent.map((b) => b.map((a) => [a.labels.get('alertname'), a.startsAtMs - T0, a.endsAtMs - T0, a.annotations.get('summary')]))).toEqual([
      [['A', 0, 4 * MIN, 'down']],
      [['A', 0, 15_000, 'down']],
    ]);
  });
});

describe('RuleGroup restore from the state store', () => {
  const spec = (forMs: number, keepFiringForMs = 0) => groupSpec([alertSpec('A', 'up', { forMs, keepFiringForMs })]);

  /** Runs a group until `stopAt`, then a new group (a restart) from `restartAt` over the same store. */
  async function restart(o: { forMs: number; keepMs?: number; runUntil: number; restartAt: number; presentAfter?: boolean; tolerance?: number; grace?: number }) {
    const store = new MemoryAlertStateStore();
    let present = true;
    const q = scriptedQuery({ up: () => (present ? [[{ instance: 'a' }, 1]] : []) });
    const sent: Array<{ t: number; alerts: NotifierAlert[] }> = [];
    let now = 0;
    const sender = { send: (a: readonly NotifierAlert[]) => sent.push({ t: now, alerts: [...a] }) };
    const before = new RuleGroup(spec(o.forMs, o.keepMs), groupOptions(q, new RecordingAppendable(), { store, sender }));
    for (let t = 0; t <= o.runUntil; t += MIN) {
      now = T0 + t;
      await before.evalOnce(T0 + t);
    }
    present = o.presentAfter ?? true;
    const after = new RuleGroup(spec(o.forMs, o.keepMs), groupOptions(q, new RecordingAppendable(), { store, sender, outageToleranceMs: o.tolerance, forGracePeriodMs: o.grace }));
    now = T0 + o.restartAt;
    await after.evalOnce(T0 + o.restartAt);
    const rule = after.alertingRules()[0]!;
    return { store, sent, after, rule, alerts: rule.alertsIncludingResolved() };
  }

  it('a firing alert stays firing with its clocks and is not re-sent', async () => {
    const r = await restart({ forMs: 2 * MIN, runUntil: 2 * MIN, restartAt: 2 * MIN + 30_000 });
    expect(r.alerts).toHaveLength(1);
    expect(r.alerts[0]).toMatchObject({ state: 'firing', activeAtMs: T0, firedAtMs: T0 + 2 * MIN, lastSentAtMs: T0 + 2 * MIN });
    // Sent when it fired; the restart at 2m30s is within the resend delay of that send.
    expect(r.sent.map((s) => s.t - T0)).toEqual([2 * MIN]);
    expect(r.rule.restored).toEqual({ atMs: T0 + 2 * MIN + 30_000, alerts: 1 });
  });

  it('a restored firing alert is re-sent once the resend delay has passed', async () => {
    const r = await restart({ forMs: 0, runUntil: 0, restartAt: 2 * MIN });
    expect(r.alerts[0]!.state).toBe('firing');
    expect(r.sent.map((s) => s.t - T0)).toEqual([0, 2 * MIN]);
  });

  it('a pending alert keeps its activeAt when its remaining time exceeds the grace period', async () => {
    const r = await restart({ forMs: 60 * MIN, runUntil: 2 * MIN, restartAt: 5 * MIN, grace: 10 * MIN });
    expect(r.alerts[0]).toMatchObject({ state: 'pending', activeAtMs: T0 });
  });

  it('a pending alert close to firing waits the grace period (Prometheus\'s rule)', async () => {
    const r = await restart({ forMs: 20 * MIN, runUntil: 15 * MIN, restartAt: 16 * MIN, grace: 10 * MIN });
    // It would fire at 20m; it may not fire before 16m + 10m.
    expect(r.alerts[0]).toMatchObject({ state: 'pending', activeAtMs: T0 + 16 * MIN + 10 * MIN - 20 * MIN });
  });

  it('a pending alert of a rule whose for is under the grace period starts afresh', async () => {
    const r = await restart({ forMs: 5 * MIN, runUntil: 3 * MIN, restartAt: 4 * MIN, grace: 10 * MIN });
    expect(r.alerts[0]).toMatchObject({ state: 'pending', activeAtMs: T0 + 4 * MIN });
  });

  it('keep_firing_for state survives the restart', async () => {
    const store = new MemoryAlertStateStore();
    let present = true;
    const q = scriptedQuery({ up: () => (present ? [[{ instance: 'a' }, 1]] : []) });
    const s = spec(0, 5 * MIN);
    const before = new RuleGroup(s, groupOptions(q, new RecordingAppendable(), { store }));
    await before.evalOnce(T0);
    present = false;
    await before.evalOnce(T0 + MIN);
    expect(before.alertingRules()[0]!.activeAlerts()[0]!.keepFiringSinceMs).toBe(T0 + MIN);
    const after = new RuleGroup(s, groupOptions(q, new RecordingAppendable(), { store }));
    await after.evalOnce(T0 + 3 * MIN);
    expect(after.alertingRules()[0]!.activeAlerts()[0]).toMatchObject({ state: 'firing', keepFiringSinceMs: T0 + MIN, activeAtMs: T0 });
    await after.evalOnce(T0 + 6 * MIN);
    expect(after.alertingRules()[0]!.activeAlerts()).toEqual([]);
  });

  it('a saved firing alert absent from the first evaluation resolves and is sent resolved', async () => {
    const r = await restart({ forMs: 0, runUntil: MIN, restartAt: 2 * MIN, presentAfter: false });
    expect(r.alerts[0]).toMatchObject({ state: 'inactive', resolvedAtMs: T0 + 2 * MIN });
    const last = r.sent.at(-1)!;
    expect(last.t).toBe(T0 + 2 * MIN);
    expect(last.alerts[0]).toMatchObject({ startsAtMs: T0, endsAtMs: T0 + 2 * MIN });
    expect(r.store.history.at(-1)).toMatchObject({ from: 'firing', to: 'inactive', timeMs: T0 + 2 * MIN });
  });

  it('nothing is restored past the outage tolerance', async () => {
    const r = await restart({ forMs: 0, runUntil: MIN, restartAt: 2 * MIN, tolerance: 30_000 });
    expect(r.alerts[0]).toMatchObject({ state: 'firing', activeAtMs: T0 + 2 * MIN });
    expect(r.rule.restored).toBeNull();
  });

  it('saves active alerts and transitions after each evaluation', async () => {
    const store = new MemoryAlertStateStore();
    const q = scriptedQuery({ up: () => [[{ instance: 'a' }, 1]] });
    const g = new RuleGroup(spec(MIN), groupOptions(q, new RecordingAppendable(), { store }));
    await g.evalOnce(T0);
    expect(store.load()).toMatchObject({ savedAtMs: T0, alerts: [{ groupKey: 'rules.yml;g', rule: 'A', state: 'pending', activeAtMs: T0 }] });
    await g.evalOnce(T0 + MIN);
    expect(store.load().alerts[0]).toMatchObject({ state: 'firing', firedAtMs: T0 + MIN });
    expect(store.history.map((t) => `${t.from}->${t.to}`)).toEqual(['inactive->pending', 'pending->firing']);
  });
});
