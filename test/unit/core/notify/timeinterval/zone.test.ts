import { describe, expect, it } from 'vitest';
import { loadZone, wallClock } from '../../../../../electron/core/notify/timeinterval/zone.js';

describe('loadZone: names as Go time.LoadLocation takes them', () => {
  it('takes UTC, the empty name (UTC), Local and IANA names and aliases spelt exactly', () => {
    expect(loadZone('').kind).toBe('utc');
    expect(loadZone('UTC').kind).toBe('utc');
    expect(loadZone('Local').kind).toBe('local');
    for (const z of ['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'US/Pacific', 'Etc/GMT+1', 'GMT', 'EST5EDT']) expect(loadZone(z).kind).toBe('named');
  });

  it('refuses misspelt names, other letter cases and UTC offsets with Go message', () => {
    for (const z of ['Mars/Base', 'utc', 'local', 'gmt', 'europe/berlin', 'EUROPE/BERLIN', '+01:00', '-0500', '../etc/passwd']) {
      expect(() => loadZone(z), z).toThrow(`unknown time zone ${z}`);
    }
  });

  it('gives one zone object per name', () => {
    expect(loadZone('Asia/Tokyo')).toBe(loadZone('Asia/Tokyo'));
  });
});

describe('wallClock', () => {
  it('gives the civil fields in the zone, with the weekday and month length of that civil date', () => {
    // 2024-02-29T20:30Z is Friday 1 March 05:30 in Tokyo (+09:00).
    const t = Date.UTC(2024, 1, 29, 20, 30);
    expect(wallClock(t, loadZone('Asia/Tokyo'))).toEqual({ year: 2024, month: 3, day: 1, weekday: 5, minuteOfDay: 330, daysInMonth: 31 });
    expect(wallClock(t, loadZone('UTC'))).toEqual({ year: 2024, month: 2, day: 29, weekday: 4, minuteOfDay: 1230, daysInMonth: 29 });
  });

  it('reads midnight as minute 0, never as hour 24', () => {
    const t = Date.UTC(2024, 5, 1, 22, 0); // 00:00 CEST on 2 June
    expect(wallClock(t, loadZone('Europe/Berlin'))).toMatchObject({ day: 2, minuteOfDay: 0 });
  });

  it('handles years before 100 without Date.UTC mapping them to the 1900s', () => {
    const d = new Date(0);
    d.setUTCFullYear(50, 1, 1);
    expect(wallClock(d.getTime(), loadZone('UTC'))).toMatchObject({ year: 50, month: 2, daysInMonth: 28 });
  });
});
