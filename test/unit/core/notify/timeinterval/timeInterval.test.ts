/**
 * TimeInterval.contains: the cases of Alertmanager's timeinterval_test.go (times in Go's
 * RFC822Z, as there), then zone and DST edges checked by hand against the tz database.
 */

import { describe, expect, it } from 'vitest';
import { parseTimeInterval } from '../../../../../electron/core/notify/timeinterval/parse.js';
import { intervalsContain, TimeInterval } from '../../../../../electron/core/notify/timeinterval/timeInterval.js';
import { loadZone } from '../../../../../electron/core/notify/timeinterval/zone.js';
import { intervalsFromYaml, rfc822z } from './support.js';

const CASES: Array<{ name: string; yaml: string; contains: string[]; excludes: string[] }> = [
  { name: 'the empty interval contains every time', yaml: '- {}', contains: ['02 Jan 06 15:04 +0000', '03 Jan 07 10:04 +0000', '04 Jan 06 09:04 +0000'], excludes: [] },
  {
    name: '9am to 5pm, monday to friday',
    yaml: "- {weekdays: ['monday:friday'], times: [{start_time: '09:00', end_time: '17:00'}]}",
    contains: ['04 May 20 15:04 +0000', '05 May 20 10:04 +0000', '09 Jun 20 09:04 +0000', '08 Jul 20 09:00 +0000', '08 Jul 20 16:59 +0000'],
    excludes: ['03 May 20 15:04 +0000', '04 May 20 08:59 +0000', '05 May 20 05:00 +0000', '08 Jul 20 17:00 +0000'],
  },
  {
    name: 'Easter 2020',
    yaml: "- {days_of_month: ['4:6'], months: ['april'], years: ['2020']}",
    contains: ['04 Apr 20 15:04 +0000', '05 Apr 20 00:00 +0000', '06 Apr 20 23:05 +0000'],
    excludes: ['03 May 18 15:04 +0000', '03 Apr 20 23:59 +0000', '04 Jun 20 23:59 +0000', '06 Apr 19 23:59 +0000', '07 Apr 20 00:00 +0000'],
  },
  {
    name: 'the last three days of each month',
    yaml: "- {days_of_month: ['-3:-1']}",
    contains: ['31 Jan 20 15:04 +0000', '30 Jan 20 15:04 +0000', '29 Jan 20 15:04 +0000', '30 Jun 20 00:00 +0000', '29 Feb 20 23:05 +0000', '27 Feb 20 00:00 +0000', '26 Feb 21 00:00 +0000'],
    excludes: ['03 May 18 15:04 +0000', '27 Jan 20 15:04 +0000', '03 Apr 20 23:59 +0000', '04 Jun 20 23:59 +0000', '06 Apr 19 23:59 +0000', '07 Apr 20 00:00 +0000', '01 Mar 20 00:00 +0000', '26 Feb 20 23:59 +0000', '25 Feb 21 23:59 +0000'],
  },
  {
    name: 'a range starting after the end of the month is not clamped into it',
    yaml: "- {days_of_month: ['30:31'], years: ['2020:2023'], months: ['february']}",
    contains: [],
    excludes: ['28 Feb 21 13:00 +0000', '29 Feb 20 13:00 +0000'],
  },
  {
    name: 'AEST 9am to 5pm, monday to friday',
    yaml: "- {times: [{start_time: '09:00', end_time: '17:00'}], weekdays: ['monday:friday'], location: 'Australia/Sydney'}",
    contains: ['06 Apr 21 13:00 +1000'],
    excludes: ['06 Apr 21 13:00 +0000'],
  },
  {
    name: 'Sydney during daylight saving time',
    yaml: "- {times: [{start_time: '09:00', end_time: '17:00'}], weekdays: ['monday:friday'], months: ['november'], location: 'Australia/Sydney'}",
    contains: ['01 Nov 21 09:00 +1100', '31 Oct 21 22:00 +0000'],
    excludes: ['31 Oct 21 21:00 +0000'],
  },
  {
    name: 'the last week of the first quarter, but Saturday, in business hours, 2020-2025 and 2030-2035',
    yaml: "- {weekdays: ['monday:friday', 'sunday'], months: ['january:march'], days_of_month: ['-7:-1'], years: ['2020:2025', '2030:2035'], times: [{start_time: '09:00', end_time: '17:00'}]}",
    contains: ['27 Jan 21 09:00 +0000', '28 Jan 21 16:59 +0000', '29 Jan 21 13:00 +0000', '31 Mar 25 13:00 +0000', '31 Jan 35 13:00 +0000'],
    excludes: ['30 Jan 21 13:00 +0000', '01 Apr 21 13:00 +0000', '30 Jan 26 13:00 +0000', '31 Jan 35 17:01 +0000'],
  },
  {
    name: 'every field at once',
    yaml: "- {weekdays: ['monday:wednesday', 'saturday', 'sunday'], times: [{start_time: '13:00', end_time: '15:00'}], days_of_month: ['1', '10', '20:-1'], years: ['2020:2023'], months: ['january:march']}",
    contains: ['10 Jan 21 13:00 +0000', '30 Jan 21 14:24 +0000'],
    excludes: ['09 Jan 21 13:00 +0000', '20 Jan 21 12:59 +0000', '02 Feb 21 13:00 +0000'],
  },
  {
    name: 'the items of one time_intervals entry are ORed',
    yaml: "- {weekdays: ['saturday', 'sunday']}\n- {times: [{start_time: '00:00', end_time: '08:00'}]}",
    contains: ['04 Jul 20 12:00 +0000', '06 Jul 20 07:59 +0000'],
    excludes: ['06 Jul 20 08:00 +0000'],
  },
  {
    name: 'a field present with an empty list matches nothing (a non-nil empty slice in Go)',
    yaml: '- {weekdays: []}',
    contains: [],
    excludes: ['06 Jul 20 08:00 +0000', '05 Jul 20 08:00 +0000'],
  },
  {
    name: 'a null day of month matches nothing; a null weekday is Sunday',
    yaml: "- {days_of_month: [null, '2']}\n- {weekdays: [null]}",
    contains: ['02 Jul 20 12:00 +0000', '05 Jul 20 12:00 +0000'],
    excludes: ['01 Jul 20 12:00 +0000', '06 Jul 20 12:00 +0000'],
  },
];

describe('TimeInterval.contains: Alertmanager timeinterval_test.go cases', () => {
  it.each(CASES)('$name', ({ yaml, contains, excludes }) => {
    const intervals = intervalsFromYaml(yaml);
    for (const t of contains) expect(intervalsContain(intervals, rfc822z(t)), `contains ${t}`).toBe(true);
    for (const t of excludes) expect(intervalsContain(intervals, rfc822z(t)), `excludes ${t}`).toBe(false);
  });
});

describe('TimeInterval.contains: ranges the parser refuses but the type allows', () => {
  it('clamps out-of-bound days to the month (-31:31 in June is the whole of June)', () => {
    const ti = new TimeInterval(
      { times: null, weekdays: null, daysOfMonth: [{ begin: -31, end: 31 }], months: [{ begin: 6, end: 6 }], years: null, location: null },
      loadZone(''),
    );
    expect(ti.contains(rfc822z('30 Jun 20 00:00 +0000'))).toBe(true);
    expect(ti.contains(rfc822z('01 Jun 20 00:00 +0000'))).toBe(true);
    expect(ti.contains(rfc822z('31 May 20 00:00 +0000'))).toBe(false);
    expect(ti.contains(rfc822z('1 Jul 20 00:00 +0000'))).toBe(false);
  });
});

describe('TimeInterval.contains: zones and DST', () => {
  it('counts negative days from the calendar end of the month across a spring-forward (alertmanager#5447)', () => {
    const lastDay = parseTimeInterval({ days_of_month: ['-1'], location: 'America/New_York' });
    // March 2021 has its spring-forward on the 14th; the 31st is its last day.
    expect(lastDay.contains(Date.UTC(2021, 2, 31, 16))).toBe(true);
    expect(lastDay.contains(Date.UTC(2021, 2, 30, 16))).toBe(false);
    const berlin = parseTimeInterval({ days_of_month: ['-1'], location: 'Europe/Berlin' });
    expect(berlin.contains(Date.UTC(2024, 2, 31, 12))).toBe(true);
    expect(berlin.contains(Date.UTC(2024, 9, 31, 12))).toBe(true);
    expect(berlin.contains(Date.UTC(2024, 9, 30, 12))).toBe(false);
  });

  it('follows the wall clock through the skipped hour of a spring-forward', () => {
    // Europe/Berlin, 31 March 2024: 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
    const twoToThree = parseTimeInterval({ times: [{ start_time: '02:00', end_time: '03:00' }], location: 'Europe/Berlin' });
    const threeToFour = parseTimeInterval({ times: [{ start_time: '03:00', end_time: '04:00' }], location: 'Europe/Berlin' });
    expect(twoToThree.contains(Date.UTC(2024, 2, 31, 0, 59))).toBe(false); // 01:59 CET
    expect(twoToThree.contains(Date.UTC(2024, 2, 31, 1, 0))).toBe(false); // 03:00 CEST: 02:xx never happens
    expect(threeToFour.contains(Date.UTC(2024, 2, 31, 1, 0))).toBe(true);
    expect(threeToFour.contains(Date.UTC(2024, 2, 31, 1, 59))).toBe(true); // 03:59 CEST
    expect(threeToFour.contains(Date.UTC(2024, 2, 31, 2, 0))).toBe(false); // 04:00 CEST
  });

  it('matches the repeated hour of a fall-back twice', () => {
    // Europe/Berlin, 27 October 2024: 03:00 CEST goes back to 02:00 CET at 01:00 UTC.
    const two = parseTimeInterval({ times: [{ start_time: '02:00', end_time: '03:00' }], location: 'Europe/Berlin' });
    expect(two.contains(Date.UTC(2024, 9, 27, 0, 0))).toBe(true); // 02:00 CEST
    expect(two.contains(Date.UTC(2024, 9, 27, 0, 59))).toBe(true); // 02:59 CEST
    expect(two.contains(Date.UTC(2024, 9, 27, 1, 0))).toBe(true); // 02:00 CET
    expect(two.contains(Date.UTC(2024, 9, 27, 1, 59))).toBe(true); // 02:59 CET
    expect(two.contains(Date.UTC(2024, 9, 27, 2, 0))).toBe(false); // 03:00 CET
  });

  it('takes weekday, day, month and year from the zone, not from UTC', () => {
    // 23:30 UTC on Sunday 31 December 2023 is Monday 1 January 2024 in Sydney (+11).
    const t = Date.UTC(2023, 11, 31, 23, 30);
    const sydney = parseTimeInterval({ weekdays: ['monday'], days_of_month: ['1'], months: ['january'], years: ['2024'], location: 'Australia/Sydney' });
    const utc = parseTimeInterval({ weekdays: ['sunday'], days_of_month: ['-1'], months: ['december'], years: ['2023'], location: 'UTC' });
    expect(sydney.contains(t)).toBe(true);
    expect(utc.contains(t)).toBe(true);
    expect(parseTimeInterval({ weekdays: ['monday'] }).contains(t)).toBe(false);
  });

  it('reads half-hour zones to the minute', () => {
    // Asia/Kolkata is +05:30: 03:30 UTC is 09:00 there.
    const ti = parseTimeInterval({ times: [{ start_time: '09:00', end_time: '09:01' }], location: 'Asia/Kolkata' });
    expect(ti.contains(Date.UTC(2024, 0, 10, 3, 29))).toBe(false);
    expect(ti.contains(Date.UTC(2024, 0, 10, 3, 30))).toBe(true);
    expect(ti.contains(Date.UTC(2024, 0, 10, 3, 31))).toBe(false);
  });

  it('uses the process zone for Local', () => {
    const ti = parseTimeInterval({ times: [{ start_time: '12:00', end_time: '13:00' }], location: 'Local' });
    const noonLocal = new Date(2024, 5, 10, 12, 15).getTime();
    expect(ti.contains(noonLocal)).toBe(true);
    expect(ti.contains(noonLocal + 3_600_000)).toBe(false);
  });

  it('is fast enough for every flush of every group', () => {
    const ti = parseTimeInterval({ times: [{ start_time: '09:00', end_time: '17:00' }], days_of_month: ['-7:-1'], location: 'Europe/Berlin' });
    const t0 = performance.now();
    let n = 0;
    for (let i = 0; i < 20_000; i++) if (ti.contains(Date.UTC(2024, 0, 1) + i * 400_000)) n++;
    const perCallUs = ((performance.now() - t0) * 1000) / 20_000;
    expect(n).toBeGreaterThan(0);
    expect(perCallUs).toBeLessThan(100);
  });
});
