/** The API v2 body: Alertmanager's postableAlert shape, key order and Go's time format. */

import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { alertJSON, alertsPayload, formatTime, ZERO_TIME } from '../../../../../electron/core/notify/alertmanager/payload.js';

const L = (o: Record<string, string>) => Labels.fromObject(o);

describe('formatTime', () => {
  it('writes RFC 3339 with milliseconds in UTC', () => {
    expect(formatTime(Date.UTC(2026, 11, 7, 23, 1, 2, 3))).toBe('2026-12-07T23:01:02.003Z');
    expect(formatTime(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000Z');
  });

  it("writes an unset (0) or impossible time as Go's zero time", () => {
    expect(formatTime(0)).toBe(ZERO_TIME);
    expect(formatTime(NaN)).toBe(ZERO_TIME);
    expect(formatTime(Infinity)).toBe(ZERO_TIME);
    expect(formatTime(1e20)).toBe(ZERO_TIME);
  });

  it('drops sub-millisecond fractions and writes years past 9999 as Go does', () => {
    expect(formatTime(1.9)).toBe('1970-01-01T00:00:00.001Z');
    expect(formatTime(Date.UTC(12345, 0, 1))).toBe('12345-01-01T00:00:00.000Z');
  });
});

describe('alertJSON', () => {
  it('writes annotations, endsAt, startsAt, generatorURL, labels in that order', () => {
    const s = alertJSON({
      labels: L({ alertname: 'Up', job: 'node' }),
      annotations: L({ summary: 'down' }),
      startsAtMs: Date.UTC(2026, 0, 1),
      endsAtMs: Date.UTC(2026, 0, 1, 0, 4),
      generatorURL: 'http://h/graph?g0.expr=up',
    });
    expect(s).toBe(
      '{"annotations":{"summary":"down"},"endsAt":"2026-01-01T00:04:00.000Z","startsAt":"2026-01-01T00:00:00.000Z",' +
        '"generatorURL":"http://h/graph?g0.expr=up","labels":{"alertname":"Up","job":"node"}}',
    );
  });

  it('leaves out empty annotations and an empty generatorURL, keeps labels and times', () => {
    const s = JSON.parse(alertJSON({ labels: L({ alertname: 'A' }), annotations: Labels.EMPTY, startsAtMs: 0, endsAtMs: 0, generatorURL: '' }));
    expect(s).toEqual({ endsAt: ZERO_TIME, startsAt: ZERO_TIME, labels: { alertname: 'A' } });
  });

  it('escapes what JSON needs and keeps odd label names as plain keys', () => {
    const body = alertsPayload([
      { labels: L({ __proto__x: 'a"b\\c\n', alertname: 'ü' }), annotations: L({ d: '<&>' }), startsAtMs: 1, endsAtMs: 2, generatorURL: '' },
    ]);
    const parsed = JSON.parse(body.toString('utf8'));
    expect(parsed[0].labels).toEqual({ __proto__x: 'a"b\\c\n', alertname: 'ü' });
    expect(parsed[0].annotations).toEqual({ d: '<&>' });
  });
});

describe('alertsPayload', () => {
  it('is a JSON array of every alert, UTF-8', () => {
    const alerts = [1, 2, 3].map((i) => ({ labels: L({ alertname: `A${i}` }), annotations: Labels.EMPTY, startsAtMs: i, endsAtMs: 0, generatorURL: '' }));
    const parsed = JSON.parse(alertsPayload(alerts).toString('utf8'));
    expect(parsed.map((a: { labels: { alertname: string } }) => a.labels.alertname)).toEqual(['A1', 'A2', 'A3']);
    expect(alertsPayload([]).toString()).toBe('[]');
  });
});
