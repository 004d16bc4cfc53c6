/**
 * Prometheus's duration and byte-size syntaxes, as prometheus/common model.ParseDuration and
 * alecthomas/units ParseBase2Bytes accept them, with their error wording.
 */

export { formatDuration, parseDuration } from '../../../shared/duration.js';

function unitMap(suffix: string): Record<string, number> {
  return {
    B: 1,
    ['K' + suffix]: 1024,
    ['M' + suffix]: 1024 ** 2,
    ['G' + suffix]: 1024 ** 3,
    ['T' + suffix]: 1024 ** 4,
    ['P' + suffix]: 1024 ** 5,
    ['E' + suffix]: 1024 ** 6,
  };
}

const IEC_UNITS = unitMap('iB');
const OLD_UNITS = unitMap('B');

function parseUnit(s: string, units: Record<string, number>): number {
  const orig = s;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw new Error('units: invalid ' + orig);
  let f = 0;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)!;
    const pre = m[1]!.length > 0;
    const post = (m[2] ?? '').length > 0;
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9')) || (!pre && !post)) throw new Error('units: invalid ' + orig);
    s = s.slice(m[0].length);
    const g = Number(`${m[1] || '0'}.${m[2] ?? ''}0`);
    const u = /^[^0-9.]*/.exec(s)![0];
    s = s.slice(u.length);
    const scale = units[u];
    if (scale === undefined) throw new Error(`units: unknown unit ${u} in ${orig}`);
    f += g * scale;
  }
  if (f > 2 ** 63) throw new Error('units: overflow parsing unit');
  return Math.trunc(neg ? -f : f);
}

/** Bytes of a size such as `15MB`, `1.5GiB`, `0` (both MB and MiB mean 2^20, as in Prometheus). */
export function parseBase2Bytes(s: string): number {
  try {
    return parseUnit(s, IEC_UNITS);
  } catch {
    return parseUnit(s, OLD_UNITS);
  }
}

/** The form Prometheus prints sizes in (units.Base2Bytes.String): 15728640 → "15MiB". */
export function formatBase2Bytes(n: number): string {
  if (n === 0) return '0B';
  const names = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let out = '';
  let rest = Math.abs(n);
  for (let i = names.length - 1; i >= 0; i--) {
    const size = 1024 ** i;
    if (rest >= size) {
      const k = Math.floor(rest / size);
      out += `${k}${names[i]}`;
      rest -= k * size;
    }
  }
  return (n < 0 ? '-' : '') + out;
}
