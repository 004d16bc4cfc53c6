/**
 * strconv.FormatFloat with an explicit precision ('e', 'f', 'g'), rounding the exact binary
 * value half to even as Go does. JavaScript's toExponential/toFixed round exact ties away
 * from zero, so a result whose next digit is a 5 is checked against the exact decimal
 * expansion (BigInt), which only ties need.
 */

import { formatGoFloatE, formatGoFloatF, formatGoFloatG } from '../../../shared/text/float.js';

/** Digits of |v| rounded to n significant digits: value = 0.digits × 10^dp (Go's decimal). */
interface Decimal {
  digits: string;
  dp: number;
}

const view = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of a finite, non-zero |v|. */
function exactDecimal(v: number): Decimal {
  view.setFloat64(0, Math.abs(v));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = bexp - 1075;
  }
  let digits: string;
  let dp: number;
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString();
    dp = digits.length + e;
  }
  digits = digits.replace(/0+$/, '');
  return { digits, dp };
}

/** Rounds an exact decimal to n significant digits (n >= 0), half to even. */
function roundDecimal(d: Decimal, n: number): Decimal {
  if (n < 0) return { digits: '', dp: 0 };
  if (d.digits.length <= n) return d;
  const next = d.digits.charCodeAt(n) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (d.digits.length > n + 1) up = true;
  else up = n > 0 && (d.digits.charCodeAt(n - 1) - 48) % 2 === 1;
  let digits = d.digits.slice(0, n);
  let dp = d.dp;
  if (up) {
    const arr = digits.split('');
    let i = arr.length - 1;
    while (i >= 0 && arr[i] === '9') {
      arr[i] = '0';
      i--;
    }
    if (i < 0) {
      arr.unshift('1');
      dp++;
      arr.pop();
      if (arr.length === 0) arr.push('1');
    } else arr[i] = String.fromCharCode(arr[i]!.charCodeAt(0) + 1);
    digits = arr.join('');
  }
  return { digits: digits.replace(/0+$/, ''), dp };
}

/** |v| to n significant digits (trailing zeros trimmed), half to even. */
function sigDigits(a: number, n: number): Decimal {
  if (a === 0) return { digits: '', dp: 0 };
  if (n > 0 && n <= 100) {
    const s = a.toExponential(Math.min(n, 100));
    // Unless the digit after the n kept is a 5, JavaScript's rounding is Go's.
    const e = s.indexOf('e');
    if (s.charCodeAt(e - 1) !== 0x35) {
      const js = a.toExponential(n - 1);
      const je = js.indexOf('e');
      const digits = (js[0]! + js.slice(2, je)).replace(/0+$/, '');
      return { digits, dp: Number(js.slice(je + 1)) + 1 };
    }
  }
  return roundDecimal(exactDecimal(a), n);
}

function special(v: number): string | null {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return null;
}

function sign(v: number): string {
  return v < 0 || Object.is(v, -0) ? '-' : '';
}

function fmtE(neg: string, d: Decimal, prec: number, e: 'e' | 'E'): string {
  const digits = d.digits.padEnd(prec + 1, '0');
  let s = neg + (digits[0] ?? '0');
  if (prec > 0) s += '.' + digits.slice(1, prec + 1);
  const exp = d.digits === '' ? 0 : d.dp - 1;
  const a = Math.abs(exp);
  return s + e + (exp < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
}

function fmtF(neg: string, d: Decimal, prec: number): string {
  let s: string;
  if (d.dp > 0) s = d.digits.slice(0, d.dp).padEnd(d.dp, '0');
  else s = '0';
  if (prec > 0) {
    let frac = '';
    for (let i = 0; i < prec; i++) {
      const j = d.dp + i;
      frac += j < 0 || j >= d.digits.length ? '0' : d.digits[j];
    }
    s += '.' + frac;
  }
  return neg + s;
}

/** strconv.FormatFloat(v, fmt, prec, 64); prec -1 is the shortest form. `sharp` keeps %#g's zeros. */
export function formatFloat(v: number, fmt: 'e' | 'E' | 'f' | 'F' | 'g' | 'G', prec: number, sharp = false): string {
  const sp = special(v);
  if (sp !== null) return sp;
  if (prec < 0) {
    switch (fmt) {
      case 'e':
        return formatGoFloatE(v);
      case 'E':
        return formatGoFloatE(v).toUpperCase();
      case 'f':
      case 'F':
        return formatGoFloatF(v);
      case 'g':
        return formatGoFloatG(v);
      case 'G':
        return formatGoFloatG(v).toUpperCase();
    }
  }
  const neg = sign(v);
  const a = Math.abs(v);
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, sigDigits(a, prec + 1), prec, fmt);
    case 'f':
    case 'F': {
      if (a === 0) return fmtF(neg, { digits: '', dp: 0 }, prec);
      const exact = exactDecimal(a);
      return fmtF(neg, roundDecimal(exact, Math.max(exact.dp + prec, 0)), prec);
    }
    case 'g':
    case 'G': {
      let p = prec === 0 ? 1 : prec;
      const d = sigDigits(a, p);
      let eprec = p;
      const nd = d.digits.length;
      if (!sharp && eprec > nd && nd >= d.dp) eprec = nd;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (!sharp && p > nd) p = nd;
        return fmtE(neg, d, Math.max(p - 1, 0), fmt === 'g' ? 'e' : 'E');
      }
      if (!sharp && p > d.dp) p = nd;
      return fmtF(neg, d, Math.max(p - d.dp, 0));
    }
  }
}
