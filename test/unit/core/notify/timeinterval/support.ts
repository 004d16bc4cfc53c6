import { parse as parseYaml } from 'yaml';
import { parseTimeInterval } from '../../../../../electron/core/notify/timeinterval/parse.js';
import type { TimeInterval } from '../../../../../electron/core/notify/timeinterval/timeInterval.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC822Z ("02 Jan 06 15:04 -0700", as Alertmanager's tests write times) to ms. */
export function rfc822z(s: string): number {
  const m = /^(\d{1,2}) (\w{3}) (\d{2}) (\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(s);
  if (!m) throw new Error(`bad test time ${s}`);
  const month = MONTHS.indexOf(m[2]!);
  // Go reads two-digit years 69..99 as 19xx and 00..68 as 20xx.
  const yy = Number(m[3]);
  const year = yy >= 69 ? 1900 + yy : 2000 + yy;
  const offsetMin = (m[6] === '-' ? -1 : 1) * (Number(m[7]) * 60 + Number(m[8]));
  return Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5])) - offsetMin * 60_000;
}

/** The items of a YAML list of time intervals, parsed as a config loader would. */
export function intervalsFromYaml(text: string): TimeInterval[] {
  const raw = parseYaml(text) as unknown[];
  return raw.map((item) => parseTimeInterval(item));
}
