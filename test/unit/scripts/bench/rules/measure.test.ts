/** The rules bench's measurements: group figures from /metrics and /api/v1/rules, evaluations, lateness, CPU. */
import { describe, expect, it } from 'vitest';
import {
  IterationLog,
  groupsFromMetrics,
  groupsFromRulesApi,
  machineCpuSeconds,
  median,
  processCpuSeconds,
  quantile,
  rssKiB,
  slotLateness,
  sumField,
  windowShares,
} from '../../../../../scripts/bench/rules/measure.mjs';

// The lines Prometheus 2.42 exports for a rule group, plus neighbours that must be ignored.
const METRICS = `# HELP prometheus_rule_group_last_duration_seconds The duration of the last rule group evaluation.
# TYPE prometheus_rule_group_last_duration_seconds gauge
prometheus_rule_group_last_duration_seconds{rule_group="/tmp/r.yml;api.http.rules"} 0.0421
prometheus_rule_group_last_duration_seconds{rule_group="/tmp/r \\"q\\".yml;odd"} 1.5
prometheus_rule_group_last_evaluation_timestamp_seconds{rule_group="/tmp/r.yml;api.http.rules"} 1.7046e+09
prometheus_rule_group_iterations_missed_total{rule_group="/tmp/r.yml;api.http.rules"} 2
prometheus_rule_group_iterations_total{rule_group="/tmp/r.yml;api.http.rules"} 40
prometheus_rule_group_rules{rule_group="/tmp/r.yml;api.http.rules"} 24
prometheus_rule_evaluations_total{rule_group="/tmp/r.yml;api.http.rules"} 960
prometheus_rule_evaluation_failures_total{rule_group="/tmp/r.yml;api.http.rules"} 1
prometheus_rule_evaluation_duration_seconds{quantile="0.5"} 0.001
prometheus_rule_group_duration_seconds{quantile="0.99"} 0.2
process_cpu_seconds_total 12
`;

describe('groupsFromMetrics', () => {
  it('reads every group figure keyed by rule_group, unescaping the label', () => {
    const g = groupsFromMetrics(METRICS);
    expect([...g.keys()].sort()).toEqual(['/tmp/r "q".yml;odd', '/tmp/r.yml;api.http.rules']);
    expect(g.get('/tmp/r.yml;api.http.rules')).toEqual({
      durationSec: 0.0421,
      lastEvalSec: 1.7046e9,
      missed: 2,
      iterations: 40,
      rules: 24,
      evaluations: 960,
      failures: 1,
    });
    expect(g.get('/tmp/r "q".yml;odd')).toEqual({ durationSec: 1.5 });
  });

  it('is empty for a server that exports no rule metrics', () => {
    expect(groupsFromMetrics('process_cpu_seconds_total 1\nup{job="x"} 1\n').size).toBe(0);
  });
});

describe('groupsFromRulesApi', () => {
  it("takes lastEvaluation and evaluationTime of Prometheus's /api/v1/rules", () => {
    const body = {
      status: 'success',
      data: {
        groups: [
          { name: 'a', file: '/r.yml', rules: [{}, {}], lastEvaluation: '2024-01-01T00:00:15.250Z', evaluationTime: 0.01 },
          { name: 'b', file: '/r.yml', rules: [{}], lastEvaluation: '0001-01-01T00:00:00Z', evaluationTime: 0 },
        ],
      },
    };
    const g = groupsFromRulesApi(body);
    expect(g.get('/r.yml;a')).toEqual({ lastEvalSec: 1704067215.25, durationSec: 0.01, rules: 2 });
    expect(g.get('/r.yml;b')?.lastEvalSec).toBe(0);
    expect(groupsFromRulesApi({ status: 'error' }).size).toBe(0);
  });
});

describe('IterationLog', () => {
  it('records an evaluation each time a group’s last evaluation moves, not the one it found', () => {
    const log = new IterationLog();
    const snap = (t: number, d: number) => new Map([['g', { lastEvalSec: t, durationSec: d }]]);
    log.add(snap(100, 0.1));
    log.add(snap(100, 0.1));
    log.add(snap(115, 0.2));
    log.add(snap(130, 0.3));
    log.add(new Map([['never', { lastEvalSec: 0 }]]));
    expect(log.iterations).toEqual([
      { group: 'g', startSec: 115, durationSec: 0.2 },
      { group: 'g', startSec: 130, durationSec: 0.3 },
    ]);
  });
});

describe('statistics', () => {
  it('interpolates quantiles and ignores non-numbers', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, NaN], 0.9)).toBeCloseTo(4.6);
    expect(quantile([], 0.5)).toBeNaN();
    expect(quantile([7], 1)).toBe(7);
  });

  it('turns CPU samples into shares per window', () => {
    expect(
      windowShares([
        { tSec: 0, cpuSec: 10 },
        { tSec: 15, cpuSec: 13 },
        { tSec: 30, cpuSec: 13.75 },
      ]),
    ).toEqual([0.2, 0.05]);
  });

  it('sums a counter over groups, skipping groups without it', () => {
    const s = new Map([
      ['a', { evaluations: 10 }],
      ['b', { evaluations: 5, failures: 1 }],
      ['c', {}],
    ]);
    expect(sumField(s, 'evaluations')).toBe(15);
    expect(sumField(s, 'failures')).toBe(1);
  });
});

describe.skipIf(process.platform !== 'linux')('process figures from /proc (skipped: not Linux)', () => {
  it("counts this process's CPU time as it works, and its memory", () => {
    // Against Node's own account of this process (the machine is shared, so wall time says little).
    const own = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const [c0, n0] = [processCpuSeconds(process.pid), own()];
    let x = 0;
    while (own() - n0 < 0.3) x += Math.sqrt(x + 1);
    const [c1, n1] = [processCpuSeconds(process.pid), own()];
    expect(x).toBeGreaterThan(0);
    // /proc counts in ticks of 10 ms; the sample points differ by a few microseconds.
    expect(Math.abs(c1 - c0 - (n1 - n0))).toBeLessThan(0.05);
    expect(rssKiB(process.pid)).toBeGreaterThan(10_000);
    const m = machineCpuSeconds();
    expect(m.total).toBeGreaterThan(m.busy);
    expect(m.busy).toBeGreaterThan(0);
  });
});

describe('slotLateness', () => {
  it("measures each start from the latest slot at or before it, the group's offset into the interval", () => {
    const offsets: Record<string, number> = { a: 3.5, b: 14.9 };
    const its = [
      { group: 'a', startSec: 1503.51, durationSec: 0 },
      { group: 'a', startSec: 1519.5, durationSec: 0 },
      { group: 'b', startSec: 1514.95, durationSec: 0 },
      { group: 'b', startSec: 1515.1, durationSec: 0 },
    ];
    const late = slotLateness(its, 15, (g) => offsets[g]!).map((x) => Math.round(x * 1000));
    expect(late).toEqual([10, 1000, 50, 200]);
  });

  it('takes a start a hair before the slot (a clock in ms against a slot in ns) as on time, not 15 s late', () => {
    const its = [
      { group: 'a', startSec: 1503.4995, durationSec: 0 },
      { group: 'a', startSec: 1503.497, durationSec: 0 },
    ];
    expect(slotLateness(its, 15, () => 3.5).map((x) => Math.round(x * 1000))).toEqual([0, 14997]);
  });
});
