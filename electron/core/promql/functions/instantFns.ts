/**
 * Element-wise functions over instant vectors (abs, ln, round, clamp, date parts, …) and
 * the small numeric helpers with Go semantics that PromQL results depend on.
 */

/** Go's math.Pow, which differs from JS ** for a few special cases (1^NaN, (-1)^±Inf). */
export function goPow(x: number, y: number): number {
  if (y === 0) return 1;
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

export type Unary = (x: number) => number;

function sgn(v: number): number {
  if (v < 0) return -1;
  if (v > 0) return 1;
  return v;
}

/** Functions applying a plain float -> float mapping to every sample (and dropping the name). */
export const SIMPLE_FNS: Readonly<Record<string, Unary>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  rad: (v) => (v * Math.PI) / 180,
  deg: (v) => (v * 180) / Math.PI,
  sgn,
};

/** Date parts of a Unix time in seconds, in UTC (Go's time.Unix(int64(v), 0).UTC()). */
export const DATE_FNS: Readonly<Record<string, (d: Date) => number>> = {
  days_in_month: (d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(),
  day_of_month: (d) => d.getUTCDate(),
  day_of_week: (d) => d.getUTCDay(),
  day_of_year: (d) => {
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    return Math.floor((d.getTime() - start) / 86_400_000) + 1;
  },
  hour: (d) => d.getUTCHours(),
  minute: (d) => d.getUTCMinutes(),
  month: (d) => d.getUTCMonth() + 1,
  year: (d) => d.getUTCFullYear(),
};

/** Go's int64(f) for the conversion of a float to whole seconds: truncation toward zero. */
export function dateOf(seconds: number): Date {
  return new Date(Math.trunc(seconds) * 1000);
}

/** round(x, toNearest): ties round up, as Prometheus does. */
export function roundTo(x: number, toNearest: number): number {
  const inv = 1 / toNearest;
  return Math.floor(x * inv + 0.5) / inv;
}

/**
 * Go's strconv.FormatFloat(f, 'f', -1, 64): the shortest decimal that round-trips, never in
 * exponent form (count_values label values).
 */
export function formatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  if (!/e/i.test(s)) return s;
  const neg = s.startsWith('-');
  const [mant, expStr] = (neg ? s.slice(1) : s).split(/e/i);
  const exp = Number(expStr);
  const [ip, fp = ''] = mant!.split('.');
  const digits = ip! + fp;
  const point = ip!.length + exp;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return neg ? '-' + out : out;
}

/**
 * Prometheus's labels.FormatOpenMetricsFloat: like Go's %g but always with a decimal point
 * or an exponent, so 1 is "1.0" (histogram_quantiles' quantile label values).
 */
export function formatOpenMetricsFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const abs = Math.abs(v);
  let s: string;
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [m, e] = v.toExponential().split('e');
    const exp = Number(e);
    s = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else {
    s = String(v);
  }
  if (!/[.eE]/.test(s)) s += '.0';
  return s;
}

/**
 * Natural string order (github.com/facette/natsort): digit runs compare as numbers, the
 * rest as text. Returns true when a sorts before b.
 */
export function natLess(a: string, b: string): boolean {
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < ca.length && i < cb.length; i++) {
    const x = ca[i]!;
    const y = cb[i]!;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const xt = x.replace(/^0+(?=\d)/, '');
      const yt = y.replace(/^0+(?=\d)/, '');
      if (xt.length !== yt.length) return xt.length < yt.length;
      if (xt !== yt) return xt < yt;
      return x.length < y.length;
    }
    return x < y;
  }
  return ca.length < cb.length;
}

function chunks(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}
