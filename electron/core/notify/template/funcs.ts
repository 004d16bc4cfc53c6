/**
 * Alertmanager's template functions (template.DefaultFuncs, 0.25 and the ones later releases
 * added: trimSpace, urlUnescape, date, tz, since, humanizeDuration, toJson). User regular
 * expressions go through model/regex.ts (RE2, linear time), never JavaScript's RegExp.
 */

import { compileUnanchoredRegex, RegexError } from '../../model/regex.js';
import { GoDuration, GoMap, GoSlice, GoStruct, GoTime, SafeHTML, type GoFunc } from '../../template/index.js';
import { prometheusFuncs, replaceAll, toLower, toUpper } from '../../template/prometheusFuncs.js';

const F = (params: string[], fn: (...a: any[]) => unknown, variadic?: string): GoFunc => ({ fn, params, variadic });

const CASED = /\p{Cased}/u;
const WORD = /[\p{L}\p{Nd}\p{Pc}\p{Mn}\p{Me}\p{Cf}\p{Lm}\p{Sk}]/u;
const MID_LETTER = /['.:\u00b7\u0387\u055f\u05f4\u2018\u2019\u2024\u2027\ufe13\ufe52\ufe55\uff07\uff0e\uff1a]/;

function oneRune(mapped: string, ch: string): string {
  return [...mapped].length === 1 ? mapped : ch;
}

/**
 * Alertmanager's title: x/text's cases.Title(language.AmericanEnglish) without NoLower, so
 * the first cased letter of each word goes up and the rest of the word goes down
 * ("hELLO wORLD" gives "Hello World"); words break as Unicode word breaking approximates.
 */
export function amTitle(s: string): string {
  let inWord = false;
  let prevMid = false;
  let out = '';
  for (const ch of s) {
    const mid = MID_LETTER.test(ch);
    if (prevMid && mid) inWord = false;
    if (CASED.test(ch)) {
      out += inWord ? oneRune(ch.toLowerCase(), ch) : oneRune(ch.toUpperCase(), ch);
      inWord = true;
    } else {
      out += ch;
      if (!(mid || WORD.test(ch))) inWord = false;
    }
    prevMid = mid;
  }
  return out;
}

// Go's unicode.IsSpace: no U+FEFF (which String.prototype.trim removes), but U+0085.
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'gu');

export function trimSpace(s: string): string {
  return s.replace(TRIM, '');
}

function unhex(c: string): number {
  return parseInt(c, 16);
}

/** Go's url.QueryUnescape: '+' is a space, %XX a byte; a bad escape is an error naming it. */
export function queryUnescape(s: string): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) {
        let bad = s.slice(i, i + 3);
        if (bad.length > 3) bad = bad.slice(0, 3);
        throw new Error(`invalid URL escape "${bad}"`);
      }
      bytes.push(unhex(h));
      i += 3;
    } else if (c === '+') {
      bytes.push(0x20);
      i++;
    } else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      for (const b of enc.encode(ch)) bytes.push(b);
      i += ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Go's RFC 3339 with nanoseconds, as encoding/json writes a time.Time. */
export function goJSONTime(t: GoTime): string {
  return t.format('2006-01-02T15:04:05.999999999Z07:00');
}

/** A Go value as encoding/json would encode it (maps with sorted keys). */
export function toJSONValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`json: unsupported value: ${v}`);
    return v;
  }
  if (typeof v !== 'object') return v;
  if (v instanceof GoTime) return goJSONTime(v);
  if (v instanceof GoDuration) return Number(v.ns);
  if (v instanceof SafeHTML) return v.value;
  if (Array.isArray(v)) return v.map(toJSONValue);
  if (v instanceof GoSlice) return v.items.map(toJSONValue);
  const entries = v instanceof GoMap ? Object.entries(v.entries) : v instanceof GoStruct ? Object.entries(v.fields) : Object.entries(v as Record<string, unknown>);
  if (!(v instanceof GoStruct)) entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [k, x] of entries) out[k] = toJSONValue(x);
  return out;
}

/** Go's json.Marshal escapes <, > and & for HTML safety; so does toJson. */
function goJSON(v: unknown): string {
  return JSON.stringify(toJSONValue(v)).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function compile(pattern: string) {
  try {
    return compileUnanchoredRegex(pattern);
  } catch (e) {
    if (e instanceof RegexError) throw new Error(`error parsing regexp: ${e.message}`);
    throw e;
  }
}

const promHumanizeDuration = prometheusFuncs({ timeMs: 0, externalURL: '', query: async () => [] }).get('humanizeDuration')!;

/**
 * The function map. `nowMs` is the clock `since` reads (Date.now by default, as Go's
 * time.Since). Times are *time.Time in Hearth's engine; the alert's StartsAt and EndsAt are such.
 */
export function alertmanagerFuncs(nowMs: () => number = Date.now): Map<string, GoFunc> {
  return new Map<string, GoFunc>([
    ['toUpper', F(['string'], toUpper)],
    ['toLower', F(['string'], toLower)],
    ['title', F(['string'], amTitle)],
    ['trimSpace', F(['string'], trimSpace)],
    ['join', F(['string', '[]string'], (sep: string, s: GoSlice | undefined) => ((s?.items ?? []) as string[]).join(sep))],
    ['match', F(['string', 'string'], (pattern: string, s: string) => compile(pattern).test(s))],
    ['safeHtml', F(['string'], (s: string) => new SafeHTML(s))],
    ['safeUrl', F(['string'], (s: string) => s)],
    ['urlUnescape', F(['string'], queryUnescape)],
    ['reReplaceAll', F(['string', 'string', 'string'], (pattern: string, repl: string, text: string) => replaceAll(compile(pattern), text, repl))],
    ['stringSlice', F([], (...s: string[]) => new GoSlice('[]string', s), 'string')],
    ['date', F(['string', '*time.Time'], (layout: string, t: GoTime | undefined) => (t ?? new GoTime(0)).format(layout))],
    [
      'tz',
      F(['string', '*time.Time'], (name: string, t: GoTime | undefined) => {
        // TODO: only UTC until GoTime carries a zone; a named zone is refused rather than shown wrong.
        if (name === '' || name === 'UTC') return t;
        throw new Error(`unknown time zone ${name} (Hearth's templates support only UTC for now)`);
      }),
    ],
    ['since', F(['*time.Time'], (t: GoTime | undefined) => new GoDuration(BigInt(Math.round(nowMs() - (t?.ms ?? 0))) * 1000000n))],
    ['humanizeDuration', promHumanizeDuration],
    ['toJson', F(['interface {}'], goJSON)],
  ]);
}
