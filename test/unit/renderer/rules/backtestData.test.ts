import { describe, expect, it } from 'vitest';
import type { BacktestData } from '../../../../shared/api/alertHistory.js';
import { backtestTimeline, checkBacktestForm, MAX_BACKTEST_RANGE_MS } from '../../../../renderer/rules/backtestData.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const H = 3_600_000;
const rule = 'alert: Down\nexpr: up == 0\nfor: 5m\n';

describe('checkBacktestForm', () => {
  it('builds the request with times in Unix seconds and the interval when given', () => {
    expect(checkBacktestForm({ rule, startMs: NOW - 24 * H, endMs: NOW, interval: '' }, NOW)).toEqual({
      ok: true,
      request: { rule, start: String((NOW - 24 * H) / 1000) + '.000', end: String(NOW / 1000) + '.000' },
    });
    const r = checkBacktestForm({ rule, startMs: NOW - H, endMs: NOW, interval: ' 30s ' }, NOW);
    expect(r.ok && r.request.interval).toBe('30s');
  });

  it('names each bad field', () => {
    const r = checkBacktestForm({ rule: ' ', startMs: null, endMs: NOW, interval: '5x' }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['interval', 'rule', 'start']);
    expect(r.errors.interval).toContain('unknown unit');
  });

  it('refuses recording rules, reversed or overlong ranges, zero intervals and too many evaluations', () => {
    const bad = (f: Partial<Parameters<typeof checkBacktestForm>[0]>) => {
      const r = checkBacktestForm({ rule, startMs: NOW - H, endMs: NOW, interval: '', ...f }, NOW);
      return r.ok ? null : r.errors;
    };
    expect(bad({ rule: 'record: x\nexpr: up\n' })?.rule).toMatch(/alerting/);
    expect(bad({ startMs: NOW, endMs: NOW - H })?.end).toMatch(/after the start/);
    expect(bad({ startMs: NOW - MAX_BACKTEST_RANGE_MS - 1 })?.end).toMatch(/31 days/);
    expect(bad({ interval: '0s' })?.interval).toMatch(/greater than zero/);
    expect(bad({ startMs: NOW - 30 * 24 * H, interval: '1s' })?.interval).toMatch(/too short/);
    expect(bad({ startMs: NOW + H, endMs: NOW + 2 * H })?.start).toMatch(/future/);
    expect(bad({ rule: '- alert: X\n  expr: up\n' })).toBeNull();
  });
});

describe('backtestTimeline', () => {
  const t = (h: number) => new Date(NOW - 24 * H + h * H).toISOString();
  const data: BacktestData = {
    rule: 'Down',
    interval: 60,
    evaluations: 1441,
    alerts: [
      { labels: { instance: 'b' }, annotations: { summary: 'b down' }, activeAt: t(10), value: '0' },
      { labels: { instance: 'a' }, annotations: { summary: 'a down' }, activeAt: t(1), firedAt: t(2), resolvedAt: t(4), value: '0' },
      { labels: { instance: 'a' }, annotations: { summary: 'a down' }, activeAt: t(20), firedAt: t(20), value: '0' },
      { labels: { instance: 'c' }, annotations: {}, activeAt: t(5), resolvedAt: t(6), value: '0' },
    ],
    errors: [],
  };
  const r = backtestTimeline(data, NOW - 24 * H, NOW);

  it('gives each alert its pending then firing spans, in order of activation', () => {
    expect(r.alerts.map((a) => a.spans.map((s) => [s.state, (s.startMs - (NOW - 24 * H)) / H, (s.endMs - (NOW - 24 * H)) / H, s.open]))).toEqual([
      [
        ['pending', 1, 2, false],
        ['firing', 2, 4, false],
      ],
      [['pending', 5, 6, false]],
      [['pending', 10, 24, true]],
      [['firing', 20, 24, true]],
    ]);
  });

  it('counts alerts that fired, alerts still active at the end, and firing time', () => {
    expect(r.fired).toBe(2);
    expect(r.activeAtEnd).toBe(2);
    expect(r.firingMs).toBe(6 * H);
  });

  it('keeps the same labels firing twice as two alerts', () => {
    expect(r.alerts.filter((a) => a.labels['instance'] === 'a')).toHaveLength(2);
  });
});
