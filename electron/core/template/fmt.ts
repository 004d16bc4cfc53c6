/**
 * Go's fmt as templates use it: Sprint (print), Sprintln (println), Sprintf (printf) over the
 * Go values of values.ts, with Go's verbs, flags, width and precision, and its error
 * notations (%!d(string=x), %!(EXTRA …), %!d(MISSING)).
 */

import { goQuote, goQuoteRune, goUnicode } from '../../../shared/text/quote.js';
import { formatFloat } from './floatFormat.js';
import { GoStruct, GoUint, isStringer, kindOf, sliceItems, sortedEntries, typeName } from './values.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number;
  prec: number;
  /** %+v: struct field names. */
  plusV: boolean;
  /** %#v: Go syntax. */
  sharpV: boolean;
}

/** fmt's tooLarge: widths and precisions past a million are not numbers. */
const MAX_WIDTH = 1_000_000;

/** fmt's parsenum: digits at i; on overflow it gives up and consumes the rest of the format. */
function parseNum(s: string, i: number): { num: number; isNum: boolean; next: number } {
  let num = 0;
  let isNum = false;
  let j = i;
  for (; j < s.length && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x39; j++) {
    if (num > MAX_WIDTH) return { num: 0, isNum: false, next: s.length };
    num = num * 10 + (s.charCodeAt(j) - 0x30);
    isNum = true;
  }
  return { num, isNum, next: j };
}

const NO_FLAGS: Flags = { plus: false, minus: false, sharp: false, space: false, zero: false, width: -1, prec: -1, plusV: false, sharpV: false };

function isGoString(v: unknown): boolean {
  return kindOf(v) === 'string';
}

/** fmt.Sprint: operands in %v, a space between two operands when neither is a string. */
export function sprint(args: readonly unknown[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (i > 0 && !isGoString(a) && !isGoString(args[i - 1])) out += ' ';
    out += formatV(a);
  }
  return out;
}

/** fmt.Sprintln: operands in %v separated by spaces, and a newline. */
export function sprintln(args: readonly unknown[]): string {
  return args.map(formatV).join(' ') + '\n';
}

/** One value as %v prints it at the top level. */
export function formatV(v: unknown): string {
  if (typeof v === 'string') return v;
  return printValue(v, 'v', NO_FLAGS, 0);
}

const f64 = new DataView(new ArrayBuffer(8));

/** The float's sign, 53-bit integer mantissa and binary exponent: |v| = mant × 2^exp. */
function decompose(v: number): { neg: boolean; mant: bigint; exp: number } {
  f64.setFloat64(0, v);
  const hi = f64.getUint32(0);
  const neg = hi >>> 31 === 1;
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(f64.getUint32(4));
  let exp: number;
  if (bexp === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = bexp - 1075;
  }
  return { neg, mant, exp };
}

/** strconv's 'b' format: decimal mantissa, p, binary exponent (1 → 4503599627370496p-52). */
function binaryFloat(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  const { neg, mant, exp } = decompose(v);
  return (neg ? '-' : '') + mant.toString() + 'p' + (exp >= 0 ? '+' : '') + exp;
}

/** strconv's 'x' format (%x of a float): 0x1.8p+00, shortest, or rounded to prec hex digits. */
function hexFloat(v: number, prec: number, verb: 'x' | 'X'): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  let { neg, mant, exp } = decompose(v);
  if (mant === 0n) exp = 0;
  else {
    // Normalise to 1.xxx with the leading 1 at bit 60, as strconv does.
    mant <<= 8n;
    exp -= 8;
    while ((mant & (1n << 60n)) === 0n) {
      mant <<= 1n;
      exp--;
    }
    exp += 60;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(60 - 4 * prec);
    const extra = mant & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    mant >>= shift;
    if (extra > half || (extra === half && (mant & 1n) === 1n)) mant++;
    mant <<= shift;
    if (mant >> 61n !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  let frac = (mant & ((1n << 60n) - 1n)).toString(16).padStart(15, '0');
  if (prec < 0) frac = frac.replace(/0+$/, '');
  else frac = frac.slice(0, prec).padEnd(prec, '0');
  const lead = mant === 0n ? '0' : '1';
  const ae = Math.abs(exp);
  let out = (neg ? '-' : '') + '0x' + lead + (frac ? '.' + frac : '') + 'p' + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae));
  if (verb === 'X') out = out.toUpperCase();
  return out;
}

/** strconv.QuoteToASCII (%+q): every non-ASCII rune escaped, in lower-case hex. */
function quoteToASCII(s: string): string {
  let out = '';
  for (const ch of goQuote(s)) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out += ch;
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out;
}

function pad(s: string, f: Flags): string {
  if (f.width < 0) return s;
  const n = [...s].length;
  if (n >= f.width) return s;
  if (f.minus) return s + ' '.repeat(f.width - n);
  // fmt pads with zeros on the left whenever the 0 flag is set, strings included.
  return (f.zero ? '0' : ' ').repeat(f.width - n) + s;
}

/** Padding with spaces whatever the 0 flag says (fmt drops it for Inf, NaN and ints with a precision). */
function padSpaces(s: string, f: Flags): string {
  return f.zero ? pad(s, { ...f, zero: false }) : pad(s, f);
}

/** Pads a number, putting zero padding after its sign. */
function padNumber(s: string, f: Flags): string {
  if (f.zero && !f.minus && f.width > s.length) {
    const signed = s[0] === '-' || s[0] === '+' || s[0] === ' ';
    const head = signed ? s[0]! : '';
    const body = signed ? s.slice(1) : s;
    return head + body.padStart(f.width - head.length, '0');
  }
  return pad(s, f);
}

/** fmt's %!verb(type=value): the value printed with %v and the verb's flags, as fmt does. */
function badVerb(v: unknown, verb: string, f: Flags = NO_FLAGS): string {
  if (v === undefined || v === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName(v)}=${printValue(v, 'v', f, 0)})`;
}

function fmtInteger(v: bigint, verb: string, f: Flags, orig: unknown = v): string {
  const neg = v < 0n;
  let a = neg ? -v : v;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = a.toString(10);
      break;
    case 'b':
      digits = a.toString(2);
      if (f.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = a.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (f.sharp && digits !== '0') prefix = '0';
      break;
    case 'x':
      digits = a.toString(16);
      if (f.sharp) prefix = '0x';
      break;
    case 'X':
      digits = a.toString(16).toUpperCase();
      if (f.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(a) <= 0x10ffff ? Number(v) : 0xfffd), f);
    case 'q':
      return pad(goQuoteRune(Number(v)), f);
    case 'U': {
      const u = 'U+' + a.toString(16).toUpperCase().padStart(4, '0');
      return pad(f.sharp ? goUnicode(Number(a)) : u, f);
    }
    default:
      return badVerb(orig, verb, f);
  }
  if (f.prec >= 0) {
    if (f.prec === 0 && a === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  }
  a = 0n;
  let s = prefix + digits;
  if (neg) s = '-' + s;
  else if (f.plus) s = '+' + s;
  else if (f.space) s = ' ' + s;
  return f.prec >= 0 ? padSpaces(s, f) : padNumber(s, f);
}

function fmtFloatVerb(v: number, verb: string, f: Flags): string {
  let s: string;
  switch (verb) {
    case 'v':
      s = formatFloat(v, 'g', f.prec, f.sharp);
      break;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
      s = formatFloat(v, verb, f.prec < 0 ? 6 : f.prec, f.sharp);
      break;
    case 'x':
    case 'X':
      s = hexFloat(v, f.prec, verb);
      break;
    case 'b':
      s = binaryFloat(v);
      break;
    case 'g':
    case 'G':
      // %#g keeps trailing zeros, to six significant digits when no precision is given.
      s = formatFloat(v, verb, f.sharp && f.prec < 0 ? 6 : f.prec, f.sharp);
      break;
    default:
      return badVerb(v, verb, f);
  }
  if (Number.isNaN(v)) {
    s = f.plus ? '+NaN' : f.space ? ' NaN' : 'NaN';
    return padSpaces(s, f);
  }
  if (!Number.isFinite(v)) {
    if (v > 0 && !f.plus) s = f.space ? ' Inf' : '+Inf';
    return padSpaces(s, f);
  }
  if (s[0] !== '-') {
    if (f.plus) s = '+' + s;
    else if (f.space) s = ' ' + s;
  }
  return padNumber(s, f);
}

function fmtString(s: string, verb: string, f: Flags, orig: unknown): string {
  switch (verb) {
    case 'v':
    case 's': {
      if (f.prec >= 0) s = [...s].slice(0, f.prec).join('');
      return pad(s, f);
    }
    case 'q': {
      if (f.prec >= 0) s = [...s].slice(0, f.prec).join('');
      if (f.sharp && !s.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f]/.test(s)) return pad('`' + s + '`', f);
      return pad(f.plus ? quoteToASCII(s) : goQuote(s), f);
    }
    case 'x':
    case 'X': {
      const bytes = new TextEncoder().encode(f.prec >= 0 ? s.slice(0, f.prec) : s);
      const prefix = verb === 'X' ? '0X' : '0x';
      const parts: string[] = [];
      for (const b of bytes) {
        let h = b.toString(16).padStart(2, '0');
        if (verb === 'X') h = h.toUpperCase();
        // With # and a space each byte gets its 0x; with # alone, the whole string once.
        parts.push(f.sharp && f.space ? prefix + h : h);
      }
      const body = parts.join(f.space ? ' ' : '');
      return pad(f.sharp && !f.space && body !== '' ? prefix + body : body, f);
    }
  }
  return badVerb(orig, verb, f);
}

/** %#v: a Go-syntax representation, as fmt prints it. */
function goSyntax(v: unknown, depth: number, inInterface: boolean): string {
  if (v === undefined || v === null) return inInterface ? 'interface {}(nil)' : '<nil>';
  switch (typeof v) {
    case 'string':
      return goQuote(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return formatFloat(v, 'g', -1);
  }
  if (v instanceof GoUint) return `0x${v.v.toString(16)}`;
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'function':
      return `(${typeName(v)})(0xc000000000)`;
  }
  if (kindOf(v) === 'string') return goQuote(String(v));
  if (isStringer(v)) return goQuote(v.goString());
  const t = typeName(v);
  const elemInterface = /interface \{\}$/.test(t);
  switch (kindOf(v)) {
    case 'slice':
      return t + '{' + sliceItems(v).map((x) => goSyntax(x, depth + 1, elemInterface)).join(', ') + '}';
    case 'map':
      return t + '{' + sortedEntries(v).map(([k, x]) => `${goQuote(k)}:${goSyntax(x, depth + 1, elemInterface)}`).join(', ') + '}';
    case 'struct':
    case 'ptr': {
      if (!(v instanceof GoStruct)) break;
      if (v.pointer && depth > 0) return `(${t})(0xc000000000)`;
      const body = v.typeName + '{' + Object.entries(v.fields).map(([k, x]) => `${k}:${goSyntax(x, depth + 1, false)}`).join(', ') + '}';
      return v.pointer ? '&' + body : body;
    }
  }
  return String(v);
}

function printValue(v: unknown, verb: string, f: Flags, depth: number): string {
  if (f.sharpV && verb === 'v') return pad(goSyntax(v, depth, false), f);
  if (v === undefined || v === null) {
    if (verb === 'v' || verb === 'T') return pad('<nil>', f);
    return badVerb(v, verb);
  }
  if (verb === 'T') return pad(typeName(v), f);
  switch (typeof v) {
    case 'boolean':
      if (verb === 't' || verb === 'v') return pad(v ? 'true' : 'false', f);
      return badVerb(v, verb, f);
    case 'bigint':
      return fmtInteger(v, verb, f);
    case 'number':
      return fmtFloatVerb(v, verb, f);
    case 'string':
      return fmtString(v, verb, f, v);
    case 'function':
      if (verb === 'v' || verb === 'p') return pad('0xc000000000', f);
      return badVerb(v, verb, f);
  }
  if (v instanceof GoUint) return fmtInteger(v.v, verb, f, v);
  if (isStringer(v) && (verb === 'v' || verb === 's' || verb === 'q')) return fmtString(v.goString(), verb, f, v);
  if (kindOf(v) === 'string') return fmtString(String(v), verb, f, v);
  switch (kindOf(v)) {
    case 'slice': {
      const items = sliceItems(v);
      return '[' + items.map((x) => printValue(x, verb, f, depth + 1)).join(' ') + ']';
    }
    case 'map': {
      const parts = sortedEntries(v).map(([k, x]) => `${printValue(k, verb, f, depth + 1)}:${printValue(x, verb, f, depth + 1)}`);
      return 'map[' + parts.join(' ') + ']';
    }
    case 'struct':
    case 'ptr': {
      if (!(v instanceof GoStruct)) return pad(String(v), f);
      // Go prints a pointer inside a container as its address, which has no meaning here.
      if (v.pointer && depth > 0) return pad('0xc000000000', f);
      const parts = Object.entries(v.fields).map(([k, x]) => (f.plusV ? `${k}:` : '') + printValue(x, verb, f, depth + 1));
      return (v.pointer ? '&{' : '{') + parts.join(' ') + '}';
    }
  }
  return badVerb(v, verb, f);
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly unknown[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;
  const end = format.length;
  let i = 0;
  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f: Flags = { ...NO_FLAGS };
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = true;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    // Argument index [n].
    const argIndex = (): void => {
      if (format[i] !== '[') return;
      reordered = true;
      const close = format.indexOf(']', i);
      const n = close < 0 ? NaN : Number(format.slice(i + 1, close));
      if (!Number.isInteger(n) || n < 1 || n > args.length) {
        goodArgNum = false;
        i = close < 0 ? end : close + 1;
        return;
      }
      argNum = n - 1;
      i = close + 1;
    };
    argIndex();
    if (format[i] === '*') {
      i++;
      const a = args[argNum++];
      if (typeof a === 'bigint' && a >= -BigInt(MAX_WIDTH) && a <= BigInt(MAX_WIDTH)) {
        f.width = Number(a);
        if (f.width < 0) {
          f.minus = true;
          f.width = -f.width;
        }
      } else out += '%!(BADWIDTH)';
      argIndex();
    } else {
      const n = parseNum(format, i);
      if (n.isNum) f.width = n.num;
      i = n.next;
    }
    if (format[i] === '.') {
      i++;
      argIndex();
      if (format[i] === '*') {
        i++;
        const a = args[argNum++];
        if (typeof a === 'bigint' && a >= 0n && a <= BigInt(MAX_WIDTH)) f.prec = Number(a);
        else out += '%!(BADPREC)';
        argIndex();
      } else {
        const n = parseNum(format, i);
        f.prec = n.isNum ? n.num : 0;
        i = n.next;
      }
    }
    if (f.minus) f.zero = false;
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      goodArgNum = true;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const a = args[argNum++];
    if (verb === 'v' && f.plus) {
      f.plus = false;
      f.plusV = true;
    }
    if (verb === 'v' && f.sharp) {
      f.sharp = false;
      f.sharpV = true;
    }
    if (verb === 'w') {
      out += badVerb(a, verb);
      continue;
    }
    out += printValue(a, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a === undefined || a === null ? '<nil>' : `${typeName(a)}=${printValue(a, 'v', NO_FLAGS, 0)}`)).join(', ') + ')';
  }
  return out;
}
