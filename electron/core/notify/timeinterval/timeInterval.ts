import { type Zone, wallClock } from './zone.js';

/**
 * One item of an Alertmanager `time_intervals` entry, parsed (see parse.ts). Semantics of
 * Alertmanager's timeinterval.TimeInterval.ContainsTime: each field that is present must
 * hold (AND), and within a field any one range will do (OR). A field that is absent
 * constrains nothing; a field present with an empty list matches no time at all (Go
 * decodes `[]` to an empty, non-nil slice). Ranges are inclusive, except times, whose end
 * minute is excluded.
 * https://prometheus.io/docs/alerting/latest/configuration/#time_interval
 */

/** Minutes of the day, [startMinute, endMinute): 09:00-17:00 is 540..1020, 24:00 is 1440. */
export interface TimeRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** An inclusive range. Weekdays 0 (Sunday)..6; days of month may count back from -1 (the last). */
export interface InclusiveRange {
  readonly begin: number;
  readonly end: number;
}

export interface TimeIntervalFields {
  readonly times: readonly TimeRange[] | null;
  readonly weekdays: readonly InclusiveRange[] | null;
  readonly daysOfMonth: readonly InclusiveRange[] | null;
  readonly months: readonly InclusiveRange[] | null;
  readonly years: readonly InclusiveRange[] | null;
  /** The `location` as written ('' = UTC), or null when absent (then UTC). */
  readonly location: string | null;
}

export class TimeInterval implements TimeIntervalFields {
  readonly times: readonly TimeRange[] | null;
  readonly weekdays: readonly InclusiveRange[] | null;
  readonly daysOfMonth: readonly InclusiveRange[] | null;
  readonly months: readonly InclusiveRange[] | null;
  readonly years: readonly InclusiveRange[] | null;
  readonly location: string | null;

  /** `zone` is the loaded `location` (zone.ts's loadZone); parse.ts builds both. */
  constructor(
    fields: TimeIntervalFields,
    private readonly zone: Zone,
  ) {
    this.times = fields.times;
    this.weekdays = fields.weekdays;
    this.daysOfMonth = fields.daysOfMonth;
    this.months = fields.months;
    this.years = fields.years;
    this.location = fields.location;
  }

  /** Whether the instant `timeMs` (ms since the epoch) lies in this interval. */
  contains(timeMs: number): boolean {
    const t = wallClock(timeMs, this.zone);
    if (this.times) {
      let hit = false;
      for (const r of this.times) {
        if (t.minuteOfDay >= r.startMinute && t.minuteOfDay < r.endMinute) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    if (this.daysOfMonth) {
      let hit = false;
      const n = t.daysInMonth;
      for (const r of this.daysOfMonth) {
        let begin = r.begin < 0 ? n + r.begin + 1 : r.begin;
        let end = r.end < 0 ? n + r.end + 1 : r.end;
        // A range that starts after this month's end (30:31 in February) is not clamped into it.
        if (begin > n) continue;
        begin = clamp(begin, -n, n);
        end = clamp(end, -n, n);
        if (t.day >= begin && t.day <= end) {
          hit = true;
          break;
        }
      }
      if (!hit) return false;
    }
    return inAny(this.months, t.month) && inAny(this.weekdays, t.weekday) && inAny(this.years, t.year);
  }
}

/** Whether any of `intervals` contains `timeMs` (a named time_interval holds a list). */
export function intervalsContain(intervals: readonly TimeInterval[], timeMs: number): boolean {
  for (const ti of intervals) if (ti.contains(timeMs)) return true;
  return false;
}

function inAny(ranges: readonly InclusiveRange[] | null, v: number): boolean {
  if (!ranges) return true;
  for (const r of ranges) if (v >= r.begin && v <= r.end) return true;
  return false;
}

function clamp(n: number, min: number, max: number): number {
  return n <= min ? min : n >= max ? max : n;
}
