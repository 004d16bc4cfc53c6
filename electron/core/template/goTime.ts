/**
 * Go's *time.Time and *time.Duration as Prometheus's toTime and toDuration return them:
 * they print as Go prints them (Time.String, Duration.String) and offer the methods
 * templates call on them most (`(toTime .).Format "2006"`, `.Seconds`).
 */

import { GoStringer, type GoFunc } from './values.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function p2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** A UTC instant with millisecond precision (Prometheus's model.Time). */
export class GoTime extends GoStringer {
  readonly goType = '*time.Time';
  readonly goMethods: Readonly<Record<string, GoFunc>>;

  constructor(readonly ms: number) {
    super();
    this.goMethods = {
      Format: { fn: (layout: string) => this.format(layout), params: ['string'] },
      String: { fn: () => this.goString(), params: [] },
      Unix: { fn: () => BigInt(Math.floor(this.ms / 1000)), params: [] },
      UnixMilli: { fn: () => BigInt(this.ms), params: [] },
      UnixNano: { fn: () => BigInt(this.ms) * 1000000n, params: [] },
      UTC: { fn: () => this, params: [] },
      Year: { fn: () => BigInt(this.date().getUTCFullYear()), params: [] },
      Day: { fn: () => BigInt(this.date().getUTCDate()), params: [] },
      Hour: { fn: () => BigInt(this.date().getUTCHours()), params: [] },
      Minute: { fn: () => BigInt(this.date().getUTCMinutes()), params: [] },
      Second: { fn: () => BigInt(this.date().getUTCSeconds()), params: [] },
      YearDay: { fn: () => BigInt(this.yearDay()), params: [] },
    };
  }

  private date(): Date {
    return new Date(this.ms);
  }

  private yearDay(): number {
    const d = this.date();
    return Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1;
  }

  /** Go's Time.String() in UTC: `2015-06-23 13:19:44.128 +0000 UTC`. */
  goString(): string {
    return this.format('2006-01-02 15:04:05.999999999 -0700 MST');
  }

  /** Go's Time.Format for the layout elements Go defines, in UTC. */
  format(layout: string): string {
    const d = this.date();
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth();
    const day = d.getUTCDate();
    const hour = d.getUTCHours();
    const min = d.getUTCMinutes();
    const sec = d.getUTCSeconds();
    const nanos = (((this.ms % 1000) + 1000) % 1000) * 1000000;
    let out = '';
    let i = 0;
    const at = (s: string): boolean => layout.startsWith(s, i);
    while (i < layout.length) {
      let m: RegExpExecArray | null;
      if (at('January')) (out += MONTHS[month]), (i += 7);
      else if (at('Jan')) (out += MONTHS[month]!.slice(0, 3)), (i += 3);
      else if (at('Monday')) (out += DAYS[d.getUTCDay()]), (i += 6);
      else if (at('Mon')) (out += DAYS[d.getUTCDay()]!.slice(0, 3)), (i += 3);
      else if (at('MST')) (out += 'UTC'), (i += 3);
      else if (at('2006')) (out += String(year).padStart(4, '0')), (i += 4);
      else if (at('002')) (out += String(this.yearDay()).padStart(3, '0')), (i += 3);
      else if (at('01')) (out += p2(month + 1)), (i += 2);
      else if (at('02')) (out += p2(day)), (i += 2);
      else if (at('03')) (out += p2(hour % 12 === 0 ? 12 : hour % 12)), (i += 2);
      else if (at('04')) (out += p2(min)), (i += 2);
      else if (at('05')) (out += p2(sec)), (i += 2);
      else if (at('06')) (out += p2(year % 100)), (i += 2);
      else if (at('15')) (out += p2(hour)), (i += 2);
      else if (at('_2')) (out += String(day).padStart(2, ' ')), (i += 2);
      else if (at('-07:00:00') || at('Z07:00:00')) (out += layout[i] === 'Z' ? 'Z' : '+00:00:00'), (i += 9);
      else if (at('-0700') || at('Z0700')) (out += layout[i] === 'Z' ? 'Z' : '+0000'), (i += 5);
      else if (at('-07:00') || at('Z07:00')) (out += layout[i] === 'Z' ? 'Z' : '+00:00'), (i += 6);
      else if (at('-07') || at('Z07')) (out += layout[i] === 'Z' ? 'Z' : '+00'), (i += 3);
      else if (at('PM')) (out += hour >= 12 ? 'PM' : 'AM'), (i += 2);
      else if (at('pm')) (out += hour >= 12 ? 'pm' : 'am'), (i += 2);
      else if ((m = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i)))) {
        const n = m[1]!.length;
        let frac = String(nanos).padStart(9, '0').slice(0, Math.min(n, 9));
        if (m[1]![0] === '9') {
          frac = frac.replace(/0+$/, '');
          out += frac ? layout[i] + frac : '';
        } else out += layout[i] + frac.padEnd(n, '0');
        i += m[0].length;
      } else if (at('1')) (out += String(month + 1)), (i += 1);
      else if (at('2')) (out += String(day)), (i += 1);
      else if (at('3')) (out += String(hour % 12 === 0 ? 12 : hour % 12)), (i += 1);
      else if (at('4')) (out += String(min)), (i += 1);
      else if (at('5')) (out += String(sec)), (i += 1);
      else {
        out += layout[i];
        i++;
      }
    }
    return out;
  }
}

const NS_PER = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3 };

/** A Go time.Duration in nanoseconds (int64). */
export class GoDuration extends GoStringer {
  readonly goType = '*time.Duration';
  readonly goMethods: Readonly<Record<string, GoFunc>>;

  constructor(readonly ns: bigint) {
    super();
    const n = Number(ns);
    this.goMethods = {
      String: { fn: () => this.goString(), params: [] },
      Seconds: { fn: () => n / NS_PER.s, params: [] },
      Minutes: { fn: () => n / NS_PER.m, params: [] },
      Hours: { fn: () => n / NS_PER.h, params: [] },
      Milliseconds: { fn: () => ns / 1000000n, params: [] },
      Nanoseconds: { fn: () => ns, params: [] },
    };
  }

  /** Go's Duration.String(): `1h2m0.01s`, `100ms`, `1.5µs`, `0s`. */
  goString(): string {
    let u = this.ns < 0n ? -this.ns : this.ns;
    const neg = this.ns < 0n;
    if (u < 1000000000n) {
      if (u === 0n) return '0s';
      let unit: string;
      let scale: bigint;
      if (u < 1000n) return (neg ? '-' : '') + u.toString() + 'ns';
      if (u < 1000000n) {
        unit = 'µs';
        scale = 1000n;
      } else {
        unit = 'ms';
        scale = 1000000n;
      }
      return (neg ? '-' : '') + fraction(u, scale) + unit;
    }
    const h = u / 3600000000000n;
    u -= h * 3600000000000n;
    const m = u / 60000000000n;
    u -= m * 60000000000n;
    let s = fraction(u, 1000000000n) + 's';
    if (h > 0n || m > 0n) s = m.toString() + 'm' + s;
    if (h > 0n) s = h.toString() + 'h' + s;
    return (neg ? '-' : '') + s;
  }
}

/** u / scale as a decimal with trailing zeros dropped. */
function fraction(u: bigint, scale: bigint): string {
  const whole = u / scale;
  const rest = u % scale;
  if (rest === 0n) return whole.toString();
  const width = scale.toString().length - 1;
  return whole.toString() + '.' + rest.toString().padStart(width, '0').replace(/0+$/, '');
}
