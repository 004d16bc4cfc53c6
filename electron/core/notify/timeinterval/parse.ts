import { type InclusiveRange, TimeInterval, type TimeRange } from './timeInterval.js';
import { loadZone } from './zone.js';

/**
 * Builds a TimeInterval from one YAML-decoded item of a `time_intervals` entry's list, with
 * Alertmanager 0.25's verdicts and messages (its timeinterval UnmarshalYAML methods and
 * gopkg.in/yaml.v2's decoding rules), so `check notify` agrees with `amtool check-config`:
 *
 * - scalars are read as their text, as yaml.v2 decodes a number into a string field
 *   (`years: [2020]` is "2020"; `weekdays: [1]` is "1 is not a valid weekday");
 * - a null list item is the zero range (yaml.v2 skips the unmarshaller): a null weekday is
 *   Sunday, a null day of month or time range matches nothing;
 * - months and years are not range-checked (Alertmanager accepts `months: ['13']`, which
 *   never matches).
 *
 * Throws an Error carrying Alertmanager's message; the config loader adds file and line.
 */
export function parseTimeInterval(raw: unknown): TimeInterval {
  if (raw === null || raw === undefined) raw = {};
  if (!isMap(raw)) throw cannotUnmarshal(raw, 'timeinterval.TimeInterval');
  let times: TimeRange[] | null = null;
  let weekdays: InclusiveRange[] | null = null;
  let daysOfMonth: InclusiveRange[] | null = null;
  let months: InclusiveRange[] | null = null;
  let years: InclusiveRange[] | null = null;
  let location: string | null = null;
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'times':
        times = list(value, 'timeinterval.TimeRange', parseTimeRange);
        break;
      case 'weekdays':
        weekdays = list(value, 'timeinterval.WeekdayRange', (v) => parseWeekdayRange(scalarText(v)));
        break;
      case 'days_of_month':
        daysOfMonth = list(value, 'timeinterval.DayOfMonthRange', (v) => parseDayOfMonthRange(scalarText(v)));
        break;
      case 'months':
        months = list(value, 'timeinterval.MonthRange', (v) => parseMonthRange(scalarText(v)));
        break;
      case 'years':
        years = list(value, 'timeinterval.YearRange', (v) => parseYearRange(scalarText(v)));
        break;
      case 'location':
        location = value === null || value === undefined ? null : scalarText(value);
        break;
      default:
        throw new Error(`field ${key} not found in type timeinterval.TimeInterval`);
    }
  }
  const zone = loadZone(location ?? '');
  return new TimeInterval({ times, weekdays, daysOfMonth, months, years, location }, zone);
}

const WEEKDAYS: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};

const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
};

const MONTH_NAMES = ['', ...Object.keys(MONTHS)];

const ZERO: InclusiveRange = { begin: 0, end: 0 };

function parseWeekdayRange(text: string | null): InclusiveRange {
  if (text === null) return ZERO;
  const r = parseRange(text, (s) => {
    const n = WEEKDAYS[s];
    if (n === undefined || !Object.hasOwn(WEEKDAYS, s)) throw new Error(`${s} is not a valid weekday`);
    return n;
  });
  if (r.begin > r.end) throw new Error('start day cannot be before end day');
  return r;
}

function parseDayOfMonthRange(text: string | null): InclusiveRange {
  if (text === null) return ZERO;
  const r = parseRange(text, atoi);
  if (r.begin === 0 || r.begin < -31 || r.begin > 31) throw new Error(`${r.begin} is not a valid day of the month: out of range`);
  if (r.end === 0 || r.end < -31 || r.end > 31) throw new Error(`${r.end} is not a valid day of the month: out of range`);
  if (r.begin < 0 && r.end > 0) throw new Error('end day must be negative if start day is negative');
  // Only what is wrong in every month can be refused here: negative days are checked
  // against the shortest month (28 days).
  const b = r.begin < 0 ? 28 + r.begin : r.begin;
  const e = r.end < 0 ? 28 + r.end : r.end;
  if (b > e) throw new Error(`end day ${r.end} is always before start day ${r.begin}`);
  return r;
}

function parseMonthRange(text: string | null): InclusiveRange {
  if (text === null) return ZERO;
  const r = parseRange(text, (s) => {
    if (Object.hasOwn(MONTHS, s)) return MONTHS[s]!;
    try {
      return atoi(s);
    } catch {
      throw new Error(`${s} is not a valid month`);
    }
  });
  if (r.begin > r.end) {
    throw new Error(`end month ${MONTH_NAMES[r.end] ?? ''} is before start month ${MONTH_NAMES[r.begin] ?? ''}`);
  }
  return r;
}

function parseYearRange(text: string | null): InclusiveRange {
  if (text === null) return ZERO;
  const r = parseRange(text, atoi);
  if (r.begin > r.end) throw new Error(`end year ${r.end} is before start year ${r.begin}`);
  return r;
}

/** "a:b" or "a", case-insensitive, each side read by `member`. */
function parseRange(text: string, member: (s: string) => number): InclusiveRange {
  const s = text.toLowerCase();
  if (!s.includes(':')) {
    const v = member(s);
    return { begin: v, end: v };
  }
  const parts = s.split(':');
  if (parts.length !== 2) throw new Error(`couldn't parse range ${s}, invalid format`);
  return { begin: member(parts[0]!), end: member(parts[1]!) };
}

function parseTimeRange(raw: unknown): TimeRange {
  if (raw === null || raw === undefined) return { startMinute: 0, endMinute: 0 };
  if (!isMap(raw)) throw cannotUnmarshal(raw, 'timeinterval.yamlTimeRange');
  let start = '';
  let end = '';
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'start_time') start = scalarText(value) ?? '';
    else if (key === 'end_time') end = scalarText(value) ?? '';
    else throw new Error(`field ${key} not found in type timeinterval.yamlTimeRange`);
  }
  if (start === '' || end === '') throw new Error('both start and end times must be provided');
  const startMinute = parseTimeOfDay(start);
  const endMinute = parseTimeOfDay(end);
  if (startMinute >= endMinute) throw new Error('start time cannot be equal or greater than end time');
  return { startMinute, endMinute };
}

/** "HH:MM" from 00:00 to 23:59, or 24:00 (the end of the day), to minutes. */
function parseTimeOfDay(s: string): number {
  if (s === '24:00') return 1440;
  if (s.length === 5 && s[2] === ':' && isDigits(s.slice(0, 2)) && isDigits(s.slice(3))) {
    const h = Number(s.slice(0, 2));
    const m = Number(s.slice(3));
    if (h <= 23 && m <= 59) return h * 60 + m;
  }
  throw new Error(`couldn't parse timestamp ${s}, invalid format`);
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Go's strconv.Atoi (64-bit int), with its messages. */
function atoi(s: string): number {
  const digits = s[0] === '+' || s[0] === '-' ? s.slice(1) : s;
  if (!isDigits(digits)) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = BigInt(s[0] === '+' ? digits : s);
  if (n > INT64_MAX || n < INT64_MIN) throw new Error(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return Number(n);
}

function list<T>(value: unknown, goType: string, item: (v: unknown) => T): T[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value)) throw cannotUnmarshal(value, `[]${goType}`);
  return value.map(item);
}

/** The text yaml.v2 gives a string field from a scalar: null stays null (the zero value). */
function scalarText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  throw cannotUnmarshal(v, 'string');
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** yaml.v2's type error, e.g. "cannot unmarshal !!str `monday` into []timeinterval.WeekdayRange". */
function cannotUnmarshal(v: unknown, goType: string): Error {
  if (Array.isArray(v)) return new Error(`cannot unmarshal !!seq into ${goType}`);
  if (typeof v === 'object' && v !== null && !(v instanceof Date)) return new Error(`cannot unmarshal !!map into ${goType}`);
  const tag = typeof v === 'number' ? (Number.isInteger(v) ? '!!int' : '!!float') : typeof v === 'boolean' ? '!!bool' : v instanceof Date ? '!!timestamp' : '!!str';
  return new Error(`cannot unmarshal ${tag} \`${String(v)}\` into ${goType}`);
}
