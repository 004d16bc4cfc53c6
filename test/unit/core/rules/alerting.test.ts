import { describe, expect, it } from 'vitest';
import { nopLogger } from '../../../../electron/core/log.js';
import { AlertingRule, DUPLICATE_ALERT_LABELSET, goQueryEscape, tableLink, type AlertEvalContext } from '../../../../electron/core/rules/alerting.js';
import type { AlertState, NotifierAlert } from '../../../../electron/core/rules/types.js';
import { alertSpec, scriptedQuery } from './support.js';

const MIN = 60_000;

function ctx(query: AlertEvalContext['query'], limit = 0): AlertEvalContext {
  return { query, queryOffsetMs: 0, limit, externalLabels: {}, externalURL: 'http://h', logger: nopLogger };
}

/** One step: the minute of the evaluation, whether the expression returns the series, and the alert's expected state. */
type Step = [minute: number, present: boolean, state: AlertState | 'gone', extra?: { activeAt?: number; keepFiringSince?: number; resolvedAt?: number }];

const CASES: Array<{ name: string; forMin: number; keepMin: number; steps: Step[] }> = [
  { name: 'for: 0 fires at once', forMin: 0, keepMin: 0, steps: [[0, true, 'firing', { activeAt: 0 }]] },
  {
    name: 'pending until for has passed, then firing; resolved when it vanishes',
    forMin: 2,
    keepMin: 0,
    steps: [
      [0, true, 'pending', { activeAt: 0 }],
      [1, true, 'pending', { activeAt: 0 }],
      [2, true, 'firing', { activeAt: 0 }],
      [3, false, 'inactive', { resolvedAt: 3 }],
    ],
  },
  { name: 'a pending alert that vanishes is dropped', forMin: 5, keepMin: 0, steps: [[0, true, 'pending'], [1, false, 'gone']] },
  {
    name: 'keep_firing_for holds a vanished firing alert until it expires',
    forMin: 0,
    keepMin: 2,
    steps: [
      [0, true, 'firing'],
      [1, false, 'firing', { keepFiringSince: 1 }],
      [2, false, 'firing', { keepFiringSince: 1 }],
      [3, false, 'inactive', { resolvedAt: 3 }],
    ],
  },
  {
    name: 'keep_firing_for restarts when the result returns',
    forMin: 0,
    keepMin: 2,
    steps: [
      [0, true, 'firing'],
      [1, false, 'firing', { keepFiringSince: 1 }],
      [2, true, 'firing', { keepFiringSince: 0 }],
      [3, false, 'firing', { keepFiringSince: 3 }],
      [4, false, 'firing', { keepFiringSince: 3 }],
      [5, false, 'inactive'],
    ],
  },
  { name: 'keep_firing_for does not hold a pending alert', forMin: 5, keepMin: 10, steps: [[0, true, 'pending'], [1, false, 'gone']] },
  {
    name: 'resolved alerts are kept 15 minutes, then dropped',
    forMin: 0,
    keepMin: 0,
    steps: [
      [0, true, 'firing'],
      [1, false, 'inactive', { resolvedAt: 1 }],
      [16, false, 'inactive', { resolvedAt: 1 }],
      [17, false, 'gone'],
    ],
  },
  {
    name: 'a resolved alert that returns starts pending afresh',
    forMin: 2,
    keepMin: 0,
    steps: [
      [0, true, 'pending', { activeAt: 0 }],
      [2, true, 'firing', { activeAt: 0 }],
      [3, false, 'inactive'],
      [4, true, 'pending', { activeAt: 4 }],
      [6, true, 'firing', { activeAt: 4 }],
    ],
  },
];

describe('AlertingRule state machine', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      let present = false;
      const q = scriptedQuery({ up: () => (present ? [[{ __name__: 'up', instance: 'a' }, 1]] : []) });
      const rule = new AlertingRule(alertSpec('Down', 'up', { forMs: c.forMin * MIN, keepFiringForMs: c.keepMin * MIN }));
      for (const [minute, p, state, extra] of c.steps) {
        present = p;
        await rule.eval(minute * MIN, ctx(q));
        const all = rule.alertsIncludingResolved();
        if (state === 'gone') {
          expect(all, `minute ${minute}`).toEqual([]);
          continue;
        }
        expect(all.length, `minute ${minute}`).toBe(1);
        const a = all[0]!;
        expect(a.state, `minute ${minute}`).toBe(state);
        expect(a.labels.toObject()).toEqual({ alertname: 'Down', instance: 'a' });
        if (extra?.activeAt !== undefined) expect(a.activeAtMs, `activeAt at minute ${minute}`).toBe(extra.activeAt * MIN);
        if (extra?.keepFiringSince !== undefined) expect(a.keepFiringSinceMs, `keepFiringSince at minute ${minute}`).toBe(extra.keepFiringSince * MIN);
        if (extra?.resolvedAt !== undefined) expect(a.resolvedAtMs, `resolvedAt at minute ${minute}`).toBe(extra.resolvedAt * MIN);
        expect(rule.activeAlerts().length).toBe(state === 'inactive' ? 0 : 1);
        expect(rule.state()).toBe(state);
      }
    });
  }

  it('refreshes value and annotations each evaluation but keeps labels and activeAt', async () => {
    let v = 1;
    const q = scriptedQuery({ x: () => [[{ __name__: 'x', job: 'j' }, v]] });
    const rule = new AlertingRule(alertSpec('X', 'x', { forMs: MIN, labels: { severity: 'page' }, annotations: { summary: 'static' } }));
    await rule.eval(0, ctx(q));
    v = 7;
    await rule.eval(MIN, ctx(q));
    const [a] = rule.activeAlerts();
    expect(a!.value).toBe(7);
    expect(a!.state).toBe('firing');
    expect(a!.activeAtMs).toBe(0);
    expect(a!.firedAtMs).toBe(MIN);
    expect(a!.labels.toObject()).toEqual({ alertname: 'X', job: 'j', severity: 'page' });
    expect(a!.annotations.toObject()).toEqual({ summary: 'static' });
  });

  it('rule labels override the result\'s, an empty rule label removes one, and __name__ is dropped', async () => {
    const q = scriptedQuery({ x: () => [[{ __name__: 'x', job: 'j', env: 'dev', Zone: 'z' }, 1]] });
    const rule = new AlertingRule(alertSpec('X', 'x', { labels: { env: '', job: 'override', tier: 'gold' } }));
    const out = await rule.eval(0, ctx(q));
    expect(rule.activeAlerts()[0]!.labels.toObject()).toEqual({ Zone: 'z', alertname: 'X', job: 'override', tier: 'gold' });
    expect(out.map((s) => s.labels.toString())).toEqual([
      'ALERTS{Zone="z", alertname="X", alertstate="firing", job="override", tier="gold"}',
      'ALERTS_FOR_STATE{Zone="z", alertname="X", job="override", tier="gold"}',
    ]);
  });

  it('expands labels and annotations with the result\'s labels and value, refreshing annotations each evaluation', async () => {
    let v = 1;
    const q = scriptedQuery({ x: () => [[{ __name__: 'x', job: 'j' }, v]] });
    const rule = new AlertingRule(alertSpec('X', 'x', { forMs: MIN, labels: { t: '{{ $labels.job }}-t' }, annotations: { s: 'v={{ $value }} {{ $externalURL }}' } }));
    await rule.eval(0, ctx(q));
    expect(rule.activeAlerts()[0]!.labels.toObject()).toEqual({ alertname: 'X', job: 'j', t: 'j-t' });
    expect(rule.activeAlerts()[0]!.annotations.toObject()).toEqual({ s: 'v=1 http://h' });
    v = 2;
    const out = await rule.eval(MIN, ctx(q));
    expect(rule.activeAlerts()[0]!.annotations.toObject()).toEqual({ s: 'v=2 http://h' });
    expect(out[0]!.labels.toString()).toBe('ALERTS{alertname="X", alertstate="firing", job="j", t="j-t"}');
  });

  it('a template error shows in the annotation and the alert still fires', async () => {
    const q = scriptedQuery({ x: () => [[{ job: 'j' }, 1]] });
    const rule = new AlertingRule(alertSpec('X', 'x', { annotations: { s: '{{ .Nope.Deeper }}' } }));
    await rule.eval(0, ctx(q));
    const a = rule.activeAlerts()[0]!;
    expect(a.state).toBe('firing');
    expect(a.annotations.get('s')).toMatch(/^<error expanding template: error executing template __alert_X: /);
  });

  it('two results that template to one label set are the duplicate-labelset error', async () => {
    const q = scriptedQuery({ x: () => [[{ instance: 'a', job: 'j' }, 1], [{ instance: 'b', job: 'j' }, 1]] });
    const rule = new AlertingRule(alertSpec('X', 'x', { labels: { instance: '{{ $labels.job }}' } }));
    await expect(rule.eval(0, ctx(q))).rejects.toThrow(DUPLICATE_ALERT_LABELSET);
    expect(rule.alertsIncludingResolved()).toEqual([]);
  });

  it('a firing alert whose for grew past its active time goes back to pending', async () => {
    const q = scriptedQuery({ up: () => [[{ instance: 'a' }, 1]] });
    const old = new AlertingRule(alertSpec('Down', 'up', { forMs: MIN }));
    await old.eval(0, ctx(q));
    await old.eval(MIN, ctx(q));
    expect(old.state()).toBe('firing');
    const grown = new AlertingRule(alertSpec('Down', 'up', { forMs: 10 * MIN }));
    grown.copyStateFrom(old);
    await grown.eval(2 * MIN, ctx(q));
    expect(grown.activeAlerts()[0]).toMatchObject({ state: 'pending', activeAtMs: 0, firedAtMs: 0 });
    await grown.eval(10 * MIN, ctx(q));
    expect(grown.activeAlerts()[0]).toMatchObject({ state: 'firing', activeAtMs: 0, firedAtMs: 10 * MIN });
  });

  it('two results with one label set after the alert labels are an error, and the alerts stay as they were', async () => {
    let dup = false;
    const q = scriptedQuery({
      e: () => (dup ? [[{ __name__: 'a', x: '1' }, 1], [{ __name__: 'b', x: '1' }, 2]] : [[{ __name__: 'a', x: '1' }, 1]]),
    });
    const rule = new AlertingRule(alertSpec('D', 'e'));
    await rule.eval(0, ctx(q));
    dup = true;
    await expect(rule.eval(MIN, ctx(q))).rejects.toThrow(DUPLICATE_ALERT_LABELSET);
    expect(rule.activeAlerts().map((a) => a.state)).toEqual(['firing']);
  });

  it('more alerts than the limit is an error and leaves no alerts', async () => {
    let n = 2;
    const q = scriptedQuery({ e: () => Array.from({ length: n }, (_, i) => [{ i: String(i) }, 1] as [Record<string, string>, number]) });
    const rule = new AlertingRule(alertSpec('L', 'e'));
    await rule.eval(0, ctx(q, 2));
    expect(rule.activeAlerts().length).toBe(2);
    n = 3;
    await expect(rule.eval(MIN, ctx(q, 2))).rejects.toThrow('exceeded limit of 2 with 3 alerts');
    expect(rule.alertsIncludingResolved()).toEqual([]);
    const t = rule.takeTransitions();
    expect(t.filter((x) => x.to === 'inactive').length).toBe(2);
  });

  it('returns ALERTS and ALERTS_FOR_STATE samples at the query time, with the rule labels', async () => {
    const q = scriptedQuery({ up: () => [[{ __name__: 'up', instance: 'a' }, 0]] });
    const rule = new AlertingRule(alertSpec('Down', 'up', { forMs: MIN, labels: { severity: 'page' } }));
    const c = { ...ctx(q), queryOffsetMs: 5_000 };
    const v1 = await rule.eval(90_000, c);
    expect(q.calls[0]).toEqual({ expr: 'up', t: 85_000 });
    expect(v1.map((s) => [s.labels.toString(), s.t, s.v])).toEqual([
      ['ALERTS{alertname="Down", alertstate="pending", instance="a", severity="page"}', 85_000, 1],
      ['ALERTS_FOR_STATE{alertname="Down", instance="a", severity="page"}', 85_000, 90],
    ]);
    const v2 = await rule.eval(150_000, c);
    expect(v2[0]!.labels.get('alertstate')).toBe('firing');
    expect(v2[1]!.v).toBe(90);
  });

  it('records each transition with from and to', async () => {
    let present = true;
    const q = scriptedQuery({ up: () => (present ? [[{ instance: 'a' }, 3]] : []) });
    const rule = new AlertingRule(alertSpec('Down', 'up', { forMs: MIN }));
    await rule.eval(0, ctx(q), null, 'f;g');
    await rule.eval(MIN, ctx(q), null, 'f;g');
    present = false;
    await rule.eval(2 * MIN, ctx(q), null, 'f;g');
    await rule.eval(3 * MIN, ctx(q), null, 'f;g');
    expect(rule.takeTransitions().map((t) => [t.timeMs / MIN, t.from, t.to, t.groupKey, t.rule, t.value])).toEqual([
      [0, 'inactive', 'pending', 'f;g', 'Down', 3],
      [1, 'pending', 'firing', 'f;g', 'Down', 3],
      [2, 'firing', 'inactive', 'f;g', 'Down', 3],
    ]);
    expect(rule.takeTransitions()).toEqual([]);
  });
});

describe('AlertingRule.sendAlerts', () => {
  it('sends firing alerts every resend delay, resolved ones once, pending ones never', async () => {
    let present = true;
    const q = scriptedQuery({ 'up == 0': () => (present ? [[{ instance: 'a' }, 0]] : []) });
    const rule = new AlertingRule(alertSpec('Down', 'up == 0', { forMs: MIN }));
    const sent: Array<{ t: number; alerts: readonly NotifierAlert[] }> = [];
    let now = 0;
    const sender = { send: (alerts: readonly NotifierAlert[]) => sent.push({ t: now, alerts }) };
    const step = async (t: number) => {
      now = t;
      await rule.eval(t, ctx(q));
      rule.sendAlerts(t, MIN, 15_000, 'http://h:9190', sender);
    };
    await step(0); // pending: nothing
    expect(sent).toEqual([]);
    await step(MIN); // fires: sent
    await step(MIN + 15_000); // within resend delay: not sent
    await step(2 * MIN + 15_000); // more than the resend delay later: sent again
    present = false;
    await step(3 * MIN); // resolved: sent
    await step(4 * MIN); // resolved and sent since: not again within the resend delay
    await step(4 * MIN + 15_000); // resolved, still within retention: re-sent
    expect(sent.map((s) => s.t)).toEqual([MIN, 2 * MIN + 15_000, 3 * MIN, 4 * MIN + 15_000]);
    const first = sent[0]!.alerts[0]!;
    expect(first.startsAtMs).toBe(MIN);
    expect(first.endsAtMs).toBe(MIN + 4 * MIN);
    expect(first.labels.toObject()).toEqual({ alertname: 'Down', instance: 'a' });
    expect(first.generatorURL).toBe('http://h:9190/graph?g0.expr=up+%3D%3D+0&g0.tab=1');
    const resolved = sent[2]!.alerts[0]!;
    expect(resolved.endsAtMs).toBe(3 * MIN);
    expect(resolved.startsAtMs).toBe(MIN);
  });

  it('endsAt is four group intervals ahead when the interval exceeds the resend delay', async () => {
    const q = scriptedQuery({ up: () => [[{}, 1]] });
    const rule = new AlertingRule(alertSpec('A', 'up'));
    const sent: NotifierAlert[] = [];
    await rule.eval(0, ctx(q));
    rule.sendAlerts(0, MIN, 5 * MIN, '', { send: (a) => sent.push(...a) });
    expect(sent[0]!.endsAtMs).toBe(20 * MIN);
  });
});

describe('generator links', () => {
  it('escape the expression as Go url.QueryEscape does', () => {
    expect(goQueryEscape(`rate(x{a="b c"}[5m]) > 0.5 * 2!`)).toBe('rate%28x%7Ba%3D%22b+c%22%7D%5B5m%5D%29+%3E+0.5+%2A+2%21');
    expect(tableLink('up')).toBe('/graph?g0.expr=up&g0.tab=1');
  });
});
