/**
 * Go's text/template builtins (funcs.go): comparisons with Go's type rules, len, index,
 * slice, not, the print family and the escapers. `and`, `or` and `call` are evaluated by
 * the executor (they short-circuit or call a value), so only their signatures are here.
 */

import { isGoPrint } from '../../../shared/text/quote.js';
import { sprint, sprintf, sprintln } from './fmt.js';
import { GoSlice, GoStruct, GoUint, isNoValue, SafeHTML, isTrue, kindOf, mapElemType, mapGet, mapLength, sliceItems, typeName, zeroOf, type GoFunc } from './values.js';

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'string' | 'invalid';

function basicKind(v: unknown): BasicKind {
  const k = kindOf(v);
  return k === 'bool' || k === 'int' || k === 'uint' || k === 'float' || k === 'string' ? k : 'invalid';
}

/** The integer of an int or uint value. */
function intOf(v: unknown): bigint {
  return v instanceof GoUint ? v.v : (v as bigint);
}

function str(v: unknown): string {
  return String(v);
}

function eq(arg1: unknown, ...rest: unknown[]): boolean {
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const arg of rest) {
    const k2 = basicKind(arg);
    let truth = false;
    if (k1 !== k2) {
      // Go compares integers across signedness.
      if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) truth = intOf(arg1) === intOf(arg);
      else if (!isNoValue(arg1) && !isNoValue(arg)) throw new Error(`incompatible types for comparison: ${typeName(arg1)} and ${typeName(arg)}`);
    } else {
      switch (k1) {
        case 'bool':
        case 'int':
        case 'float':
          truth = arg1 === arg;
          break;
        case 'uint':
          truth = intOf(arg1) === intOf(arg);
          break;
        case 'string':
          truth = str(arg1) === str(arg);
          break;
        default:
          if (isNoValue(arg1) || isNoValue(arg)) truth = isNoValue(arg) === isNoValue(arg1);
          else {
            const t = kindOf(arg);
            if (kindOf(arg1) !== t) throw new Error(`non-comparable types ${sprint([arg1])}: ${typeName(arg1)}, ${typeName(arg)}: ${sprint([arg])}`);
            if (!comparable(arg)) throw new Error(`non-comparable type ${sprint([arg])}: ${typeName(arg)}`);
            truth = typeName(arg1) === typeName(arg) && goEqual(arg1, arg);
          }
      }
    }
    if (truth) return true;
  }
  return false;
}

/** Go's comparability: maps, slices and funcs are not, nor structs holding them; pointers are. */
function comparable(v: unknown): boolean {
  const k = kindOf(v);
  if (k === 'map' || k === 'slice' || k === 'func') return false;
  if (v instanceof GoStruct && !v.pointer) return Object.values(v.fields).every((f) => isNoValue(f) || comparable(f));
  return true;
}

/** Go's == on comparable values: field by field for struct values, identity for pointers. */
function goEqual(a: unknown, b: unknown): boolean {
  if (a instanceof GoStruct && b instanceof GoStruct && !a.pointer && !b.pointer) {
    return Object.keys(a.fields).every((k) => goEqual(a.fields[k], b.fields[k]));
  }
  if (a instanceof GoUint && b instanceof GoUint) return a.v === b.v;
  if (a instanceof SafeHTML && b instanceof SafeHTML) return a.value === b.value;
  return a === b;
}

function lt(arg1: unknown, arg2: unknown): boolean {
  const k1 = basicKind(arg1);
  if (k1 === 'invalid') throw new Error('invalid type for comparison');
  const k2 = basicKind(arg2);
  if (k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) {
    if ((k1 === 'int' && k2 === 'uint') || (k1 === 'uint' && k2 === 'int')) return intOf(arg1) < intOf(arg2);
    throw new Error(`incompatible types for comparison: ${typeName(arg1)} and ${typeName(arg2)}`);
  }
  switch (k1) {
    case 'bool':
      throw new Error('invalid type for comparison');
    case 'string':
      return str(arg1) < str(arg2);
    case 'uint':
      return intOf(arg1) < intOf(arg2);
    default:
      return (arg1 as number) < (arg2 as number);
  }
}

function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

function length(item: unknown): bigint {
  switch (kindOf(item)) {
    case 'string':
      return BigInt(new TextEncoder().encode(str(item)).length);
    case 'slice':
      return BigInt(sliceItems(item).length);
    case 'map':
      return BigInt(mapLength(item));
  }
  // Go asks the type of the zero reflect.Value, which panics with reflect's words.
  if (isNoValue(item)) throw new Error('reflect: call of reflect.Value.Type on zero Value');
  throw new Error(`len of type ${typeName(item)}`);
}

function indexArg(index: unknown, cap: number): number {
  let x: bigint;
  if (typeof index === 'bigint') x = index;
  else if (index instanceof GoUint) x = index.v;
  else if (isNoValue(index)) throw new Error('cannot index slice/array with nil');
  else throw new Error(`cannot index slice/array with type ${typeName(index)}`);
  if (x < 0n || x > BigInt(cap)) throw new Error(`index out of range: ${x}`);
  return Number(x);
}

function index(item: unknown, ...indexes: unknown[]): unknown {
  if (isNoValue(item)) throw new Error('index of untyped nil');
  for (const ix of indexes) {
    if (isNoValue(item)) throw new Error('index of nil pointer');
    switch (kindOf(item)) {
      case 'slice': {
        const items = sliceItems(item);
        const x = indexArg(ix, items.length);
        // indexArg admits len (it serves slice too); reflect's Index then panics.
        if (x === items.length) throw new Error('reflect: slice index out of range');
        item = items[x];
        break;
      }
      case 'string': {
        const bytes = new TextEncoder().encode(str(item));
        const x = indexArg(ix, bytes.length);
        if (x === bytes.length) throw new Error('reflect: string index out of range');
        item = new GoUint('uint8', BigInt(bytes[x]!));
        break;
      }
      case 'map': {
        if (typeof ix !== 'string') {
          if (isNoValue(ix)) throw new Error('value is nil; should be of type string');
          throw new Error(`value has type ${typeName(ix)}; should be string`);
        }
        const r = mapGet(item, ix);
        item = r.found ? r.value : zeroOf(mapElemType(item));
        break;
      }
      default:
        throw new Error(`can't index item of type ${typeName(item)}`);
    }
  }
  return item;
}

function slice(item: unknown, ...indexes: unknown[]): unknown {
  if (isNoValue(item)) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  const k = kindOf(item);
  let len: number;
  let bytes: Uint8Array | null = null;
  if (k === 'string') {
    if (indexes.length === 3) throw new Error('cannot 3-index slice a string');
    bytes = new TextEncoder().encode(str(item));
    len = bytes.length;
  } else if (k === 'slice') len = sliceItems(item).length;
  else throw new Error(`can't slice item of type ${typeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((ix, i) => (idx[i] = indexArg(ix, len)));
  if (idx[0]! > idx[1]!) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (bytes) {
    // Go slices bytes; a cut inside a character leaves bytes that are not UTF-8, shown here as U+FFFD.
    return new TextDecoder().decode(bytes.subarray(idx[0], idx[1]));
  }
  const items = sliceItems(item).slice(idx[0], idx[1]);
  return item instanceof GoSlice ? new GoSlice(item.typeName, items, item.methods) : items;
}

/** The text of escaper arguments: one string as is, else Sprint with missing values as "<no value>". */
function evalArgs(args: readonly unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (isNoValue(a) ? '<no value>' : a)));
}

export function htmlEscape(s: string): string {
  if (!/['"&<>\0]/.test(s)) return s;
  return s.replace(/['"&<>\0]/g, (c) => {
    switch (c) {
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '\ufffd';
    }
  });
}

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (c < 0x20) out += '\\u00' + c.toString(16).toUpperCase().padStart(2, '0');
    else if (c < 0x80 || isGoPrint(c)) out += ch;
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  return escapeURL(s, true);
}

/** Go's url.PathEscape. */
export function pathEscape(s: string): string {
  return escapeURL(s, false);
}

function escapeURL(s: string, query: boolean): string {
  const bytes = new TextEncoder().encode(s);
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (!query && /[$&+,/:;=@]/.test(c) && c !== '/') out += c;
    else if (query && c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

const V = 'reflect.Value';
const ANY = 'interface {}';

/** The builtins by name; the executor special-cases and, or and call. */
export const BUILTINS: ReadonlyMap<string, GoFunc> = new Map<string, GoFunc>([
  ['and', { fn: () => undefined, params: [V], variadic: V, raw: true }],
  ['or', { fn: () => undefined, params: [V], variadic: V, raw: true }],
  ['call', { fn: () => undefined, params: [V], variadic: V, raw: true }],
  ['not', { fn: (a: unknown) => !isTrue(a).truth, params: [V], raw: true }],
  ['eq', { fn: eq, params: [V], variadic: V, raw: true }],
  ['ne', { fn: (a: unknown, b: unknown) => !eq(a, b), params: [V, V], raw: true }],
  ['lt', { fn: lt, params: [V, V], raw: true }],
  ['le', { fn: le, params: [V, V], raw: true }],
  ['gt', { fn: (a: unknown, b: unknown) => !le(a, b), params: [V, V], raw: true }],
  ['ge', { fn: (a: unknown, b: unknown) => !lt(a, b), params: [V, V], raw: true }],
  ['len', { fn: length, params: [V], raw: true }],
  ['index', { fn: index, params: [V], variadic: V, raw: true }],
  ['slice', { fn: slice, params: [V], variadic: V, raw: true }],
  ['print', { fn: (...a: unknown[]) => sprint(a), params: [], variadic: ANY }],
  ['printf', { fn: (f: string, ...a: unknown[]) => sprintf(f, a), params: ['string'], variadic: ANY }],
  ['println', { fn: (...a: unknown[]) => sprintln(a), params: [], variadic: ANY }],
  ['html', { fn: (...a: unknown[]) => htmlEscape(evalArgs(a)), params: [], variadic: ANY }],
  ['js', { fn: (...a: unknown[]) => jsEscape(evalArgs(a)), params: [], variadic: ANY }],
  ['urlquery', { fn: (...a: unknown[]) => queryEscape(evalArgs(a)), params: [], variadic: ANY }],
]);
