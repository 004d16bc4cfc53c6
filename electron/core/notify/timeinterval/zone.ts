/**
 * Wall-clock fields of an instant in a time zone, as Go's `t.In(loc)` gives them to
 * Alertmanager's time intervals. Named zones go through Intl (the runtime's tz database);
 * 'UTC' and 'Local' use Date's own getters, as Go's UTC and Local do.
 */

export interface WallClock {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  /** 0 = Sunday, as Go's time.Weekday. */
  weekday: number;
  /** Minutes since local midnight, 0..1439. */
  minuteOfDay: number;
  /** Calendar days in this month (28..31), whatever DST does inside it. */
  daysInMonth: number;
}

/** A validated zone: null location means UTC in Go's sense (t unchanged is in UTC here). */
export type Zone = { kind: 'utc' } | { kind: 'local' } | { kind: 'named'; name: string; format: Intl.DateTimeFormat };

const UTC: Zone = { kind: 'utc' };
const LOCAL: Zone = { kind: 'local' };
const zones = new Map<string, Zone>();
let canonicalByLower: Map<string, string> | null = null;

/**
 * Resolves a `location` as Go's time.LoadLocation does: '' and 'UTC' are UTC, 'Local' is the
 * process's zone, anything else an IANA name spelled exactly (Go reads the file of that
 * name, so 'utc' or 'europe/berlin' are unknown). Throws "unknown time zone NAME".
 */
export function loadZone(name: string): Zone {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return LOCAL;
  const cached = zones.get(name);
  if (cached) return cached;
  // Intl also takes UTC offsets and any letter case; Go takes neither. Every tz database
  // name has a capital letter, so an all-lowercase one ('utc', 'gmt') is misspelt.
  if (/^[+\-0-9]/.test(name) || name.includes('..') || !/[A-Z]/.test(name) || caseDiffers(name)) throw unknownZone(name);
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    throw unknownZone(name);
  }
  const zone: Zone = { kind: 'named', name, format };
  if (zones.size > 1000) zones.clear();
  zones.set(name, zone);
  return zone;
}

function unknownZone(name: string): Error {
  return new Error(`unknown time zone ${name}`);
}

/** True when `name` is a canonical zone in another letter case ('europe/berlin'). */
function caseDiffers(name: string): boolean {
  if (!canonicalByLower) {
    canonicalByLower = new Map();
    for (const z of Intl.supportedValuesOf('timeZone')) canonicalByLower.set(z.toLowerCase(), z);
  }
  const canonical = canonicalByLower.get(name.toLowerCase());
  return canonical !== undefined && canonical !== name;
}

/** The wall clock at `timeMs` in `zone`. */
export function wallClock(timeMs: number, zone: Zone): WallClock {
  let year: number, month: number, day: number, hour: number, minute: number;
  if (zone.kind === 'utc') {
    const d = new Date(timeMs);
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
    hour = d.getUTCHours();
    minute = d.getUTCMinutes();
  } else if (zone.kind === 'local') {
    const d = new Date(timeMs);
    year = d.getFullYear();
    month = d.getMonth() + 1;
    day = d.getDate();
    hour = d.getHours();
    minute = d.getMinutes();
  } else {
    year = month = day = hour = minute = 0;
    for (const p of zone.format.formatToParts(timeMs)) {
      switch (p.type) {
        case 'year':
          year = Number(p.value);
          break;
        case 'month':
          month = Number(p.value);
          break;
        case 'day':
          day = Number(p.value);
          break;
        case 'hour':
          hour = Number(p.value);
          break;
        case 'minute':
          minute = Number(p.value);
          break;
      }
    }
    // en-US writes years before 1 CE as positive era years; the tz rules there are UTC's anyway.
    if (new Date(timeMs).getUTCFullYear() < 1) year = new Date(timeMs).getUTCFullYear();
  }
  // A civil date's weekday and month length do not depend on the zone.
  const civilDate = new Date(0);
  civilDate.setUTCFullYear(year, month - 1, day); // not Date.UTC: it maps years 0..99 to 1900s
  return {
    year,
    month,
    day,
    weekday: civilDate.getUTCDay(),
    minuteOfDay: hour * 60 + minute,
    daysInMonth: daysInMonth(year, month),
  };
}

function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  // Day 0 of the next month is this month's last day. (Alertmanager 0.25 divided the
  // month's elapsed hours by 24 instead, which gave 30 for a 31-day month with a
  // spring-forward in `location`; alertmanager#5447 fixed it this way.)
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}
