/** Go's Time.Format/String in UTC and Duration.String, as toTime and toDuration values print. */

import { describe, expect, test } from 'vitest';
import { GoDuration, GoTime } from '../../../../electron/core/template/goTime.js';

describe('GoTime', () => {
  const t = new GoTime(Date.UTC(2015, 5, 3, 13, 4, 5, 120));
  test.each([
    ['2006-01-02 15:04:05', '2015-06-03 13:04:05'],
    ['Mon Jan _2 3:4:5 PM 2006', 'Wed Jun  3 1:4:5 PM 2015'],
    ['Monday, January 2, 06', 'Wednesday, June 3, 15'],
    ['15:04:05.000', '13:04:05.120'],
    ['15:04:05.999', '13:04:05.12'],
    ['05,00', '05,12'],
    ['2006-01-02T15:04:05Z07:00', '2015-06-03T13:04:05Z'],
    ['-0700 MST -07:00', '+0000 UTC +00:00'],
    ['002 pm', '154 pm'],
  ])('%j', (layout, expected) => {
    expect(t.format(layout)).toBe(expected);
  });

  test('String() drops trailing zeros of the fraction', () => {
    expect(new GoTime(1435065584128).goString()).toBe('2015-06-23 13:19:44.128 +0000 UTC');
    expect(new GoTime(0).goString()).toBe('1970-01-01 00:00:00 +0000 UTC');
    expect(new GoTime(-1000).goString()).toBe('1969-12-31 23:59:59 +0000 UTC');
  });
});

describe('GoDuration', () => {
  test.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1500n, '1.5µs'],
    [1_500_000n, '1.5ms'],
    [1_000_000_000n, '1s'],
    [90_000_000_000n, '1m30s'],
    [3_720_010_000_000n, '1h2m0.01s'],
    [-90_000_000_000n, '-1m30s'],
    [100n * 3600n * 1_000_000_000n, '100h0m0s'],
  ])('%d ns', (ns, expected) => {
    expect(new GoDuration(ns).goString()).toBe(expected);
  });
});
