/**
 * Floats as Prometheus writes them. Go's strconv.FormatFloat with precision -1 prints the
 * shortest decimal that reads back as the same float64; JavaScript's Number#toExponential()
 * without an argument finds the same shortest digits, so each format below only places
 * them: 'f' (plain decimal), 'e' (d.ddde±XX, at least two exponent digits) and 'g' ('e'
 * when the decimal exponent is < -4 or >= 6 — Go's fixed cut-off for the shortest form —
 * else 'f'). Go spells the special values NaN, +Inf and -Inf.
 *
 * Where Prometheus uses which:
 * - formatSampleValue: sample values in the HTTP API (util/jsonutil.MarshalValue).
 * - formatGoFloatG: fmt's %v and %g, so PromQL number literals in fill(), annotations.
 * - formatGoFloatF: count_values label values, PromQL number literals, parse_query's AST.
 * - formatOpenMetricsFloat: normalised `le` and `quantile` label values (Prometheus 3).
 * - formatExpositionFloat: sample values in the text exposition format (client_golang).
 */

interface Shortest {
  neg: boolean;
  /** Significant digits, no leading or trailing zeros; '0' for zero. */
  digits: string;
  /** Decimal exponent of the first digit: value = 0.d1d2… × 10^(exp + 1). */
  exp: number;
}

/** The shortest round-trip digits of a finite v. */
function shortest(v: number): Shortest {
  const neg = v < 0 || Object.is(v, -0);
  if (v === 0) return { neg, digits: '0', exp: 0 };
  const s = (neg ? -v : v).toExponential();
  const e = s.indexOf('e');
  const digits = s.charCodeAt(1) === 0x2e ? s[0] + s.slice(2, e) : s.slice(0, e);
  return { neg, digits, exp: Number(s.slice(e + 1)) };
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return null;
}

function placeF({ neg, digits, exp }: Shortest): string {
  const point = exp + 1;
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return neg ? '-' + out : out;
}

function placeE({ neg, digits, exp }: Shortest): string {
  const mant = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
  const a = exp < 0 ? -exp : exp;
  return (neg ? '-' : '') + mant + (exp < 0 ? 'e-' : 'e+') + (a < 10 ? '0' + a : String(a));
}

// Number#toString prints the same shortest digits in plain decimal exactly when
// 1e-6 <= |v| < 1e21, which gives the hot paths below a way around toExponential().
function plainJs(a: number): boolean {
  return a >= 1e-6 && a < 1e21;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest digits, never an exponent. */
export function formatGoFloatF(v: number): string {
  if (plainJs(v < 0 ? -v : v)) return String(v);
  return special(v) ?? placeF(shortest(v));
}

/** Go's strconv.FormatFloat(v, 'e', -1, 64): `1e+21`, `-2.5e-07`, `0e+00`. */
export function formatGoFloatE(v: number): string {
  return special(v) ?? placeE(shortest(v));
}

/** Go's strconv.FormatFloat(v, 'g', -1, 64), which is also fmt's %v and %g of a float64. */
export function formatGoFloatG(v: number): string {
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e6) return String(v);
  const sp = special(v);
  if (sp !== null) return sp;
  const d = shortest(v);
  if (v !== 0 && (d.exp < -4 || d.exp >= 6)) return placeE(d);
  return placeF(d);
}

/**
 * Go's strconv.FormatFloat(v, 'f', decimals, 64), i.e. fmt's %.Nf (%f is 6 decimals): the
 * exact binary value rounded half to even. Number#toFixed rounds exact halves away from
 * zero instead, so those are corrected.
 */
export function formatGoFloatFixed(v: number, decimals: number): string {
  const sp = special(v);
  if (sp !== null) return sp;
  const a = Math.abs(v);
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (a >= 1e21) {
    // toFixed gives up above 1e21; such floats are integers, exact in BigInt.
    return sign + BigInt(a).toString() + (decimals > 0 ? '.' + '0'.repeat(decimals) : '');
  }
  let s = a.toFixed(decimals);
  if (decimals <= 20) {
    // toFixed(100) is exact to 1e-100, and no float that close to a half at <= 20 decimals
    // (itself >= 5e-21) differs from it, so a 5 followed by zeros there is an exact half.
    const exact = a.toFixed(100);
    const cut = exact.indexOf('.') + 1 + decimals;
    if (exact[cut] === '5' && /^0*$/.test(exact.slice(cut + 1))) {
      const down = decimals === 0 ? exact.slice(0, cut - 1) : exact.slice(0, cut);
      const last = down.charCodeAt(down.length - 1) - 0x30;
      if (last % 2 === 0) s = down;
    }
  }
  return sign + s;
}

/**
 * A sample value as Prometheus's HTTP API writes it (util/jsonutil.MarshalValue): 'f' form,
 * but 'e' form when |v| < 1e-6 or |v| >= 1e21, as JSON encoders do; NaN, +Inf, -Inf.
 */
export function formatSampleValue(v: number): string {
  const a = v < 0 ? -v : v;
  if (plainJs(a)) return String(v);
  const sp = special(v);
  if (sp !== null) return sp;
  return a === 0 ? (Object.is(v, -0) ? '-0' : '0') : placeE(shortest(v));
}

/**
 * Prometheus's labels.FormatOpenMetricsFloat, used to normalise `le` and `quantile` label
 * values: the 'g' form with `.0` added when it has neither a point nor an exponent (1 →
 * "1.0", 1e6 → "1e+06").
 */
export function formatOpenMetricsFloat(v: number): string {
  const s = formatGoFloatG(v);
  if (special(v) !== null || s.includes('.') || s.includes('e')) return s;
  return s + '.0';
}

/**
 * A sample value as the text exposition format writes it (client_golang's expfmt): the 'g'
 * form, except that negative zero is written "0".
 */
export function formatExpositionFloat(v: number): string {
  return v === 0 ? '0' : formatGoFloatG(v);
}
