/**
 * Go's float formatting where PromQL results carry floats as text: count_values' label
 * values and histogram_quantiles' quantile labels.
 */

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
