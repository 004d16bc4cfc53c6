/**
 * Prometheus's template functions (template/template.go's NewTemplateExpander), with the
 * argument types and error texts of Prometheus 3.x: numbers or numeric strings where
 * Prometheus's convertToFloat accepts them, RE2 regexps through model/regex.ts.
 */

import { isIP } from 'node:net';
import { parseDuration } from '../../../shared/duration.js';
import { goQuote } from '../../../shared/text/quote.js';
import { compileUnanchoredRegex, RegexError, type RegexMatch, type UnanchoredRegex } from '../model/regex.js';
import type { VectorSample } from '../promql/value.js';
import { queryEscape } from './builtins.js';
import { formatFloat } from './floatFormat.js';
import { formatV, sprintf } from './fmt.js';
import { GoDuration, GoTime } from './goTime.js';
import { parseFloat64 } from './strconv.js';
import { GoMap, GoSlice, GoStruct, GoUint, SafeHTML, typeName, type FuncLookup, type GoFunc } from './values.js';

/** A query for templates: PromQL at the expansion's time, the vector it returns. */
export type TemplateQueryFunc = (expr: string) => Promise<readonly VectorSample[]>;

export interface PrometheusFuncsContext {
  /** Evaluation time, ms since the epoch (`now` returns it in seconds). */
  readonly timeMs: number;
  readonly query: TemplateQueryFunc;
  /** The external URL, e.g. `http://host:9090/prefix`. */
  readonly externalURL: string;
}

const SAMPLE = '*template.sample';
const QUERY_RESULT = 'template.queryResult';

function sample(labels: Record<string, string>, value: number): GoStruct {
  return new GoStruct('template.sample', { Labels: new GoMap('string', labels), Value: value }, true);
}

function sampleLabels(s: GoStruct): Record<string, string> {
  return (s.fields['Labels'] as GoMap).entries as Record<string, string>;
}

/** Prometheus's convertToFloat: float64, numeric strings and integers; anything else is an error. */
export function convertToFloat(v: unknown): number {
  switch (typeof v) {
    case 'number':
      return v;
    case 'string':
      return parseFloat64(v);
    case 'bigint':
      return Number(v);
  }
  // Prometheus takes uint and uint64; the smaller unsigned types are not in its list.
  if (v instanceof GoUint && (v.type === 'uint' || v.type === 'uint64')) return Number(v.v);
  throw new Error(`can't convert ${v === undefined || v === null ? '<nil>' : typeName(v)} to float`);
}

/** fmt.Sprintf with one float64 operand; `%.4g` (every humanize function's) formats directly. */
function f(format: string, v: number): string {
  if (format === '%.4g') return formatFloat(v, 'g', 4);
  return sprintf(format, [v]);
}

function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return f('%.4g', v);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return f('%.4g', v) + prefix;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return f('%.4g', v) + prefix;
}

function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return f('%.4g', v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return f('%.4g', v) + prefix;
}

function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return f('%.4g', v);
  if (v === 0) return f('%.4gs', v);
  if (Math.abs(v) >= 1) {
    let sign = '';
    if (v < 0) {
      sign = '-';
      v = -v;
    }
    const d = goInt64(v);
    const seconds = d % 60n;
    const minutes = (d / 60n) % 60n;
    const hours = (d / 3600n) % 24n;
    const days = d / 86400n;
    if (days !== 0n) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours !== 0n) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes !== 0n) return `${sign}${minutes}m ${seconds}s`;
    return sign + f('%.4gs', v);
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return f('%.4g', v) + prefix + 's';
}

const INT64_LIMIT = 9223372036854775807;

/** Go's int64(v) on amd64: truncation, and the minimum int64 for NaN and values out of range. */
function goInt64(v: number): bigint {
  if (Number.isNaN(v) || v >= 2 ** 63 || v < -(2 ** 63)) return -(2n ** 63n);
  return BigInt(Math.trunc(v));
}

/** Prometheus's floatToTime: seconds to a UTC time truncated to milliseconds (model.Time). */
function floatToTime(v: number): GoTime {
  const ns = v * 1e9;
  if (ns > INT64_LIMIT || ns < -INT64_LIMIT - 1) throw new Error(`${formatV(v)} cannot be represented as a nanoseconds timestamp since it overflows int64`);
  // model.TimeFromUnixNano divides int64 nanoseconds by 1e6, truncating toward zero.
  return new GoTime(Math.trunc(Math.trunc(ns) / 1e6));
}

/**
 * Prometheus 3's title: golang.org/x/text's cases.Title(language.AmericanEnglish,
 * cases.NoLower). The first cased letter of each word is upper-cased and nothing is lowered.
 * Words break as x/text approximates Unicode word breaking: letters, digits, connector
 * punctuation (_) and case-ignorable marks continue a word; one MidLetter or MidNumLet
 * (' . : ·) between them does too, two in a row do not; anything else ends it. So "don't"
 * gives "Don't" and "host.example.com" "Host.example.com", where strings.Title (Prometheus 2)
 * gave "Don'T" and "Host.Example.Com".
 */
export function title(s: string): string {
  let midWord = false;
  let prevMid = false;
  let out = '';
  for (const ch of s) {
    const mid = MID.test(ch);
    if (prevMid && mid) midWord = false;
    if (CASED.test(ch)) {
      if (!midWord) {
        out += upperRune(ch);
        midWord = true;
      } else out += ch;
    } else {
      out += ch;
      if (!(mid || WORD.test(ch))) midWord = false;
    }
    prevMid = mid;
  }
  return out;
}

const CASED = /\p{Cased}/u;
const WORD = /[\p{L}\p{Nd}\p{Pc}\p{Mn}\p{Me}\p{Cf}\p{Lm}\p{Sk}]/u;
const MID = /['.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]/;

/** Go maps runes one to one; JavaScript's full case mapping may grow a rune (ß → SS), which Go leaves. */
function upperRune(ch: string): string {
  const u = ch.toUpperCase();
  return [...u].length === 1 ? u : ch;
}
function lowerRune(ch: string): string {
  const l = ch.toLowerCase();
  return [...l].length === 1 ? l : ch;
}
export function toUpper(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) out += upperRune(ch);
  return out;
}
export function toLower(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) out += lowerRune(ch);
  return out;
}

/** Go's net.SplitHostPort, or null where it returns an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | null {
  const i = hostport.lastIndexOf(':');
  if (i < 0) return null;
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0 || end + 1 !== i) return null;
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return null;
  }
  if (hostport.indexOf('[', j) >= 0 || hostport.indexOf(']', k) >= 0) return null;
  return { host, port: hostport.slice(i + 1) };
}

function isGoIP(s: string): boolean {
  if (s.includes('%')) return false;
  if (isIP(s) === 4) return !/(^|\.)0[0-9]/.test(s);
  return isIP(s) === 6;
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's regexp quote() in MustCompile's panic: backquoted when it can be. */
function regexpQuote(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (!s.includes('`') && !/[\x00-\x08\x0a-\x1f\x7f\ufeff]/.test(s)) return '`' + s + '`';
  return goQuote(s);
}

function mustCompile(pattern: string): UnanchoredRegex {
  try {
    return compileUnanchoredRegex(pattern);
  } catch (e) {
    if (e instanceof RegexError) throw new Error(`regexp: Compile(${regexpQuote(pattern)}): ${e.message}`);
    throw e;
  }
}

/** Go's Regexp.ReplaceAllString: `$1`, `${1}`, `$name`, `${name}` and `$$` in the replacement. */
export function replaceAll(re: UnanchoredRegex, src: string, repl: string): string {
  const matches = re.findAll(src);
  if (matches.length === 0) return src;
  let out = '';
  let last = 0;
  for (const m of matches) {
    out += src.slice(last, m.start) + expand(re, repl, src, m);
    last = m.end;
  }
  return out + src.slice(last);
}

function expand(re: UnanchoredRegex, template: string, src: string, m: RegexMatch): string {
  let out = '';
  let t = template;
  for (;;) {
    const d = t.indexOf('$');
    if (d < 0) break;
    out += t.slice(0, d);
    t = t.slice(d + 1);
    if (t[0] === '$') {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const x = extractName(t);
    if (!x) {
      out += '$';
      continue;
    }
    t = x.rest;
    let g = x.num;
    if (g < 0) g = re.groupNames[x.name] ?? -1;
    if (g >= 0 && 2 * g + 1 < m.spans.length && m.spans[2 * g]! >= 0) out += src.slice(m.spans[2 * g], m.spans[2 * g + 1]);
  }
  return out + t;
}

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;
function extractName(s: string): { name: string; num: number; rest: string } | null {
  if (s === '') return null;
  let brace = false;
  if (s[0] === '{') {
    brace = true;
    s = s.slice(1);
  }
  let i = 0;
  for (const ch of s) {
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === 0) return null;
  const name = s.slice(0, i);
  if (brace) {
    if (s[i] !== '}') return null;
    i++;
  }
  let num = /^[0-9]+$/.test(name) && name.length <= 8 ? Number(name) : -1;
  if (name[0] === '0' && name.length > 1) num = -1;
  return { name, num, rest: s.slice(i) };
}

function urlPath(u: string): string {
  const m = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(u);
  if (m) return decodeURIComponentSafe(m[1]!);
  const p = /^([^?#]*)/.exec(u);
  return p ? decodeURIComponentSafe(p[1]!) : '';
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const F = (params: string[], fn: (...a: any[]) => unknown, variadic?: string): GoFunc => ({ fn, params, variadic });

/** The function names, for parsing without an expansion's context. */
export const PROMETHEUS_FUNC_NAMES: ReadonlySet<string> = new Set(['query', 'now', 'pathPrefix', 'externalURL']);

/**
 * Prometheus's funcs for one expansion: the four that depend on the expansion's context,
 * over the shared rest. `tmpl` exists only in Prometheus's HTML expansion, so not here.
 */
export function prometheusFuncs(ctx: PrometheusFuncsContext): FuncLookup {
  const own = new Map<string, GoFunc>([
    [
      'query',
      F(['string'], async (q: string) => {
        const vector = await ctx.query(q);
        return new GoSlice(
          QUERY_RESULT,
          vector.map((s) => {
            const labels: Record<string, string> = {};
            for (let i = 0; i < s.labels.size; i++) labels[s.labels.name(i)] = s.labels.value(i);
            return sample(labels, s.v);
          }),
        );
      }),
    ],
    ['now', F([], () => ctx.timeMs / 1000)],
    ['pathPrefix', F([], () => urlPath(ctx.externalURL))],
    ['externalURL', F([], () => ctx.externalURL)],
  ]);
  return new LayeredFuncs(own, STATIC_FUNCS);
}

class LayeredFuncs implements FuncLookup {
  constructor(
    private readonly own: ReadonlyMap<string, GoFunc>,
    private readonly base: ReadonlyMap<string, GoFunc>,
  ) {}
  get(name: string): GoFunc | undefined {
    return this.own.get(name) ?? this.base.get(name);
  }
  has(name: string): boolean {
    return this.own.has(name) || this.base.has(name);
  }
}

const STATIC_FUNCS = new Map<string, GoFunc>([
    [
      'first',
      F([QUERY_RESULT], (v: GoSlice | undefined) => {
        if (v && v.items.length > 0) return v.items[0];
        throw new Error('first() called on vector with no elements');
      }),
    ],
    ['label', F(['string', SAMPLE], (label: string, s: GoStruct | undefined) => nilSample(s) ?? sampleLabels(s!)[label] ?? '')],
    ['value', F([SAMPLE], (s: GoStruct | undefined) => nilSample(s) ?? s!.fields['Value'])],
    ['strvalue', F([SAMPLE], (s: GoStruct | undefined) => nilSample(s) ?? sampleLabels(s!)['__value__'] ?? '')],
    [
      'args',
      F(
        [],
        (...a: unknown[]) => {
          const r: Record<string, unknown> = {};
          a.forEach((x, i) => (r[`arg${i}`] = x));
          return r;
        },
        'interface {}',
      ),
    ],
    ['reReplaceAll', F(['string', 'string', 'string'], (pattern: string, repl: string, text: string) => replaceAll(mustCompile(pattern), text, repl))],
    ['safeHtml', F(['string'], (t: string) => new SafeHTML(t))],
    [
      'match',
      F(['string', 'string'], (pattern: string, s: string) => {
        return compileUnanchoredRegex(pattern).test(s);
      }),
    ],
    ['title', F(['string'], title)],
    ['toUpper', F(['string'], toUpper)],
    ['toLower', F(['string'], toLower)],
    ['graphLink', F(['string'], (e: string) => `/graph?g0.expr=${queryEscape(e)}&g0.tab=0`)],
    ['tableLink', F(['string'], (e: string) => `/graph?g0.expr=${queryEscape(e)}&g0.tab=1`)],
    [
      'sortByLabel',
      F(['string', QUERY_RESULT], (label: string, v: GoSlice | undefined) => {
        // Go sorts the slice in place (stably) and returns it: a variable holding it sees the order too.
        if (!v) return v;
        (v.items as unknown[]).sort((a, b) => {
          const x = sampleLabels(a as GoStruct)[label] ?? '';
          const y = sampleLabels(b as GoStruct)[label] ?? '';
          return x < y ? -1 : x > y ? 1 : 0;
        });
        return v;
      }),
    ],
    ['stripPort', F(['string'], (hp: string) => splitHostPort(hp)?.host ?? hp)],
    [
      'stripDomain',
      F(['string'], (hp: string) => {
        const sp = splitHostPort(hp);
        const host = sp ? sp.host : hp;
        if (isGoIP(host)) return hp;
        const short = host.split('.')[0]!;
        return sp && sp.port !== '' ? joinHostPort(short, sp.port) : short;
      }),
    ],
    ['humanize', F(['interface {}'], (i: unknown) => humanize(convertToFloat(i)))],
    ['humanize1024', F(['interface {}'], (i: unknown) => humanize1024(convertToFloat(i)))],
    ['humanizeDuration', F(['interface {}'], (i: unknown) => humanizeDuration(convertToFloat(i)))],
    ['humanizePercentage', F(['interface {}'], (i: unknown) => f('%.4g%%', convertToFloat(i) * 100))],
    [
      'humanizeTimestamp',
      F(['interface {}'], (i: unknown) => {
        const v = convertToFloat(i);
        if (!Number.isFinite(v)) return f('%.4g', v);
        return floatToTime(v).goString();
      }),
    ],
    [
      'toTime',
      F(['interface {}'], (i: unknown) => {
        const v = convertToFloat(i);
        if (!Number.isFinite(v)) throw new Error('value is NaN or Inf');
        return floatToTime(v);
      }),
    ],
    [
      'toDuration',
      F(['interface {}'], (i: unknown) => {
        const ns = convertToFloat(i) * 1e9;
        return new GoDuration(goInt64(ns));
      }),
    ],
    ['parseDuration', F(['string'], (d: string) => parseDuration(d) / 1000)],
    ['urlQueryEscape', F(['string'], queryEscape)],
]);
for (const n of STATIC_FUNCS.keys()) (PROMETHEUS_FUNC_NAMES as Set<string>).add(n);

/** Go dereferences a nil *sample and panics; the panic reads as a nil pointer error. */
function nilSample(s: GoStruct | undefined): null {
  if (!s) throw new Error('runtime error: invalid memory address or nil pointer dereference');
  return null;
}
