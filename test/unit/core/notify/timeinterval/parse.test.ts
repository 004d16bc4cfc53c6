/**
 * Parsing a time_intervals item: Alertmanager's timeinterval_test.go cases, plus the
 * verdicts of Alertmanager 0.25 itself (`amtool check-config` on a config holding the
 * item), side by side when /usr/bin/amtool is installed.
 */

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseTimeInterval } from '../../../../../electron/core/notify/timeinterval/parse.js';

/** One item (YAML flow text) and the error Alertmanager 0.25 gives, or null when valid. */
const VERDICTS: Array<[item: string, error: string | null]> = [
  ["{weekdays: ['friday:monday']}", 'start day cannot be before end day'],
  ["{weekdays: ['blurgsday:flurgsday']}", 'blurgsday is not a valid weekday'],
  ["{weekdays: ['Blurgsday']}", 'blurgsday is not a valid weekday'],
  ['{weekdays: [1]}', '1 is not a valid weekday'],
  ["{weekdays: ['1:3']}", '1 is not a valid weekday'],
  ["{weekdays: ['-2:-1']}", '-2 is not a valid weekday'],
  ["{weekdays: ['']}", ' is not a valid weekday'],
  ["{weekdays: [' monday']}", ' monday is not a valid weekday'],
  ["{weekdays: ['monday:saturday:sunday']}", "couldn't parse range monday:saturday:sunday, invalid format"],
  ["{weekdays: ['constructor']}", 'constructor is not a valid weekday'],
  ["{weekdays: 'monday'}", 'cannot unmarshal !!str `monday` into []timeinterval.WeekdayRange'],
  ['{weekdays: [[monday]]}', 'cannot unmarshal !!seq into string'],
  ["{weekdays: ['Monday', 'SATURDAY:sunday']}", 'start day cannot be before end day'],
  ["{weekdays: ['Monday:FRIDAY', sunday]}", null],
  ['{weekdays: [null]}', null],
  ['{weekdays: null}', null],
  ["{times: [{start_time: '01:99', end_time: '23:59'}]}", "couldn't parse timestamp 01:99, invalid format"],
  ["{times: [{start_time: '00:00', end_time: '99:99'}]}", "couldn't parse timestamp 99:99, invalid format"],
  ["{times: [{start_time: '1:00', end_time: '23:59'}]}", "couldn't parse timestamp 1:00, invalid format"],
  ["{times: [{start_time: '24:00', end_time: '17:41'}]}", 'start time cannot be equal or greater than end time'],
  ["{times: [{start_time: '17:31', end_time: '17:31'}]}", 'start time cannot be equal or greater than end time'],
  ["{times: [{start_time: '09:30', end_time: '07:41'}]}", 'start time cannot be equal or greater than end time'],
  ["{times: [{start_time: '12:30', end_time: '24:01'}]}", "couldn't parse timestamp 24:01, invalid format"],
  ["{times: [{start_time: '14:03'}]}", 'both start and end times must be provided'],
  ["{times: [{start_time: 1000, end_time: '11:00'}]}", "couldn't parse timestamp 1000, invalid format"],
  ["{times: ['10:00']}", 'cannot unmarshal !!str `10:00` into timeinterval.yamlTimeRange'],
  ["{times: [{start_time: '10:00', end_time: '11:00', x: 1}]}", 'field x not found in type timeinterval.yamlTimeRange'],
  ["{times: [{start_time: '00:00', end_time: '24:00'}, {start_time: '09:35', end_time: '09:39'}]}", null],
  ["{days_of_month: ['0']}", '0 is not a valid day of the month: out of range'],
  ["{days_of_month: ['-50:-20']}", '-50 is not a valid day of the month: out of range'],
  ["{days_of_month: ['1:50']}", '50 is not a valid day of the month: out of range'],
  ["{days_of_month: ['-15:5']}", 'end day must be negative if start day is negative'],
  ["{days_of_month: ['10:-25']}", 'end day -25 is always before start day 10'],
  ["{days_of_month: ['-3:-30']}", 'end day -30 is always before start day -3'],
  ["{days_of_month: ['1:2:3']}", "couldn't parse range 1:2:3, invalid format"],
  ["{days_of_month: ['x']}", 'strconv.Atoi: parsing "x": invalid syntax'],
  ["{days_of_month: ['3:']}", 'strconv.Atoi: parsing "": invalid syntax'],
  ["{days_of_month: ['1:-1', '+5', 7, '-7:-1']}", null],
  ["{months: ['martius:june']}", 'martius is not a valid month'],
  ["{months: ['march:junius']}", 'junius is not a valid month'],
  ["{months: ['jan']}", 'jan is not a valid month'],
  ["{months: ['december:january']}", 'end month january is before start month december'],
  ["{months: ['13:2']}", 'end month february is before start month '],
  ["{months: ['January:december', 'JUNE', '13', '0:3', '-1', '00010', 4]}", null],
  ["{years: ['2022:2020']}", 'end year 2020 is before start year 2022'],
  ["{years: ['a']}", 'strconv.Atoi: parsing "a": invalid syntax'],
  ["{years: [' 2020']}", 'strconv.Atoi: parsing " 2020": invalid syntax'],
  ["{years: ['2020.0']}", 'strconv.Atoi: parsing "2020.0": invalid syntax'],
  ['{years: [2020.5]}', 'strconv.Atoi: parsing "2020.5": invalid syntax'],
  ["{years: ['0x10']}", 'strconv.Atoi: parsing "0x10": invalid syntax'],
  ["{years: ['99999999999999999999']}", 'strconv.Atoi: parsing "99999999999999999999": value out of range'],
  ["{years: ['2020:2025', '2030:2035', 2040, '+2050', '-5:3']}", null],
  ["{location: 'Mars/Base'}", 'unknown time zone Mars/Base'],
  ["{location: 'utc'}", 'unknown time zone utc'],
  ["{location: 'europe/berlin'}", 'unknown time zone europe/berlin'],
  ["{location: '+01:00'}", 'unknown time zone +01:00'],
  ['{location: 5}', 'unknown time zone 5'],
  ["{location: 'Australia/Sydney'}", null],
  ["{location: 'US/Pacific'}", null],
  ["{location: 'Local'}", null],
  ["{location: 'UTC'}", null],
  ["{location: ''}", null],
  ['{time_zone: UTC}', 'field time_zone not found in type timeinterval.TimeInterval'],
  ['{foo: 1}', 'field foo not found in type timeinterval.TimeInterval'],
];

function ours(item: string): string | null {
  try {
    parseTimeInterval(parseYaml(item));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('parseTimeInterval: verdicts and messages as Alertmanager 0.25', () => {
  it.each(VERDICTS)('%s', (item, error) => {
    expect(ours(item)).toBe(error);
  });
});

describe('parseTimeInterval: the parsed fields', () => {
  it('reads times as minutes of the day, 24:00 as 1440', () => {
    const ti = parseTimeInterval(parseYaml("{times: [{start_time: '00:00', end_time: '24:00'}, {start_time: '01:35', end_time: '17:39'}]}"));
    expect(ti.times).toEqual([
      { startMinute: 0, endMinute: 1440 },
      { startMinute: 95, endMinute: 1059 },
    ]);
  });

  it('reads names in any case, single days and negative days of month', () => {
    const ti = parseTimeInterval(
      parseYaml("{weekdays: ['monday:friday', 'sunday'], months: ['january:march'], days_of_month: ['-7:-1'], years: ['2020:2025', '2030:2035'], location: Australia/Sydney}"),
    );
    expect(ti.weekdays).toEqual([
      { begin: 1, end: 5 },
      { begin: 0, end: 0 },
    ]);
    expect(ti.months).toEqual([{ begin: 1, end: 3 }]);
    expect(ti.daysOfMonth).toEqual([{ begin: -7, end: -1 }]);
    expect(ti.years).toEqual([
      { begin: 2020, end: 2025 },
      { begin: 2030, end: 2035 },
    ]);
    expect(ti.location).toBe('Australia/Sydney');
    expect(ti.times).toBeNull();
  });

  it('keeps a null item as the zero range, as yaml.v2 does (a null weekday is Sunday)', () => {
    expect(parseTimeInterval({ weekdays: [null] }).weekdays).toEqual([{ begin: 0, end: 0 }]);
  });

  it('takes a null or empty item as the interval with no constraint', () => {
    expect(parseTimeInterval(null).times).toBeNull();
    expect(parseTimeInterval({}).weekdays).toBeNull();
  });

  it('refuses a non-map item', () => {
    expect(() => parseTimeInterval('monday')).toThrow('cannot unmarshal !!str `monday` into timeinterval.TimeInterval');
    expect(() => parseTimeInterval([1])).toThrow('cannot unmarshal !!seq into timeinterval.TimeInterval');
  });
});

const AMTOOL = '/usr/bin/amtool';
const SKIP = existsSync(AMTOOL) ? null : `SKIPPED: ${AMTOOL} is missing (Debian's prometheus-alertmanager package is the reference)`;

function amtoolVerdict(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(AMTOOL, ['check-config', file], (err, stdout, stderr) => {
      if (!err) return resolve(null);
      const text = `${stdout}\n${stderr}`;
      const m = /FAILED: (.*)(?:\n {2}line \d+: (.*))?/.exec(text);
      if (!m) return resolve(`unparsed: ${text}`);
      // yaml.v2 wraps type errors as "yaml: unmarshal errors:\n  line N: MESSAGE".
      resolve(m[1] === 'yaml: unmarshal errors:' ? (m[2] ?? '') : m[1]!);
    });
  });
}

describe.skipIf(SKIP !== null)(SKIP ?? 'parseTimeInterval against amtool check-config (Alertmanager 0.25)', () => {
  it('amtool gives every item the verdict and message Hearth gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-timeinterval-'));
    try {
      const mismatches: string[] = [];
      await Promise.all(
        VERDICTS.map(async ([item], i) => {
          const file = join(dir, `c${i}.yml`);
          writeFileSync(file, `route:\n  receiver: a\nreceivers:\n- name: a\ntime_intervals:\n- name: x\n  time_intervals:\n  - ${item}\n`);
          const theirs = await amtoolVerdict(file);
          if (theirs !== ours(item)) mismatches.push(`${item}: amtool ${JSON.stringify(theirs)}, Hearth ${JSON.stringify(ours(item))}`);
        }),
      );
      expect(mismatches).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
