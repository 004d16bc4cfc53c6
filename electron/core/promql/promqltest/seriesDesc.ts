/**
 * TEMPORARY: a private reader for series descriptions (`metric{a="b"} 1+2x3 _ stale`) until
 * the parser's parseSeriesDesc lands; delete it then. Native histogram values (`{{…}}`) are
 * recognised only to be reported, since the store holds floats.
 */

import { Labels, METRIC_NAME } from '../../model/labels.js';

export interface SequenceValue {
  /** 'value' (v set), 'omitted' (_), 'stale' (staleness marker), 'histogram'. */
  kind: 'value' | 'omitted' | 'stale' | 'histogram';
  v: number;
}

export interface SeriesDesc {
  labels: Labels;
  values: SequenceValue[];
}

export class SeriesDescError extends Error {}

function parseGoNumber(s: string): number {
  const t = s.toLowerCase();
  if (/^[+-]?(inf|infinity)$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/.test(t)) return NaN;
  if (/^[+-]?0x[0-9a-f]+$/.test(t)) return (t.startsWith('-') ? -1 : 1) * parseInt(t.replace(/^[+-]?0x/, ''), 16);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) throw new SeriesDescError(`invalid number ${JSON.stringify(s)}`);
  return Number(s);
}

function unquote(s: string, i: number): [string, number] {
  const q = s[i]!;
  let out = '';
  let j = i + 1;
  if (q === '`') {
    const end = s.indexOf('`', j);
    if (end < 0) throw new SeriesDescError('unterminated raw string');
    return [s.slice(j, end), end + 1];
  }
  const bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('latin1');
      bytes.length = 0;
    }
  };
  while (j < s.length && s[j] !== q) {
    const c = s[j]!;
    if (c === '\\') {
      const n = s[j + 1]!;
      j += 2;
      switch (n) {
        case 'n':
          flush();
          out += '\n';
          break;
        case 't':
          flush();
          out += '\t';
          break;
        case 'r':
          flush();
          out += '\r';
          break;
        case '\\':
        case '"':
        case "'":
          flush();
          out += n;
          break;
        case 'x':
          bytes.push(parseInt(s.slice(j, j + 2), 16));
          j += 2;
          break;
        case 'u':
          flush();
          out += String.fromCodePoint(parseInt(s.slice(j, j + 4), 16));
          j += 4;
          break;
        case 'U':
          flush();
          out += String.fromCodePoint(parseInt(s.slice(j, j + 8), 16));
          j += 8;
          break;
        default:
          flush();
          out += n;
      }
      continue;
    }
    flush();
    out += c;
    j++;
  }
  flush();
  return [out, j + 1];
}

/** Parses `metric{labels} values...`. */
export function parseSeriesDescTemp(line: string): SeriesDesc {
  let i = 0;
  const s = line.trim();
  const pairs: [string, string][] = [];
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(s);
  if (nameMatch) {
    pairs.push([METRIC_NAME, nameMatch[0]]);
    i = nameMatch[0].length;
  }
  if (s[i] === '{') {
    i++;
    for (;;) {
      while (s[i] === ' ' || s[i] === '\t' || s[i] === ',') i++;
      if (s[i] === '}') {
        i++;
        break;
      }
      let name: string;
      if (s[i] === '"' || s[i] === "'" || s[i] === '`') {
        [name, i] = unquote(s, i);
        while (s[i] === ' ') i++;
        if (s[i] === ',' || s[i] === '}') {
          pairs.push([METRIC_NAME, name]);
          continue;
        }
      } else {
        const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i));
        if (!m) throw new SeriesDescError(`unexpected character ${JSON.stringify(s[i])} in label set`);
        name = m[0];
        i += name.length;
      }
      while (s[i] === ' ') i++;
      if (s[i] !== '=') throw new SeriesDescError('expected = in label set');
      i++;
      while (s[i] === ' ') i++;
      let value: string;
      [value, i] = unquote(s, i);
      pairs.push([name, value]);
    }
  }
  const rest = s.slice(i).trim();
  return { labels: Labels.fromPairs(pairs), values: parseValues(rest) };
}

function parseValues(rest: string): SequenceValue[] {
  const out: SequenceValue[] = [];
  const items: string[] = [];
  // Split on spaces outside {{ }}.
  let depth = 0;
  let cur = '';
  for (const ch of rest) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if ((ch === ' ' || ch === '\t') && depth === 0) {
      if (cur) items.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) items.push(cur);
  for (const item of items) {
    if (item.includes('{{')) {
      const m = /x(\d+)$/.exec(item);
      const count = m && item.lastIndexOf('}}') < m.index ? Number(m[1]) + 1 : 1;
      for (let k = 0; k < count; k++) out.push({ kind: 'histogram', v: 0 });
      continue;
    }
    if (item === '_') {
      out.push({ kind: 'omitted', v: 0 });
      continue;
    }
    if (item === 'stale') {
      out.push({ kind: 'stale', v: 0 });
      continue;
    }
    let m = /^_x(\d+)$/.exec(item);
    if (m) {
      for (let k = 0; k < Number(m[1]); k++) out.push({ kind: 'omitted', v: 0 });
      continue;
    }
    m = /^(.+?)([+-])(.+?)x(\d+)$/.exec(item);
    if (m && !/[eE]$/.test(m[1]!)) {
      let v = parseGoNumber(m[1]!);
      const step = parseGoNumber(m[3]!) * (m[2] === '-' ? -1 : 1);
      const times = Number(m[4]);
      out.push({ kind: 'value', v });
      for (let k = 0; k < times; k++) {
        v += step;
        out.push({ kind: 'value', v });
      }
      continue;
    }
    m = /^(.+?)x(\d+)$/.exec(item);
    if (m && !/^0$/.test(m[1]!)) {
      if (m[1] === 'stale') {
        for (let k = 0; k <= Number(m[2]); k++) out.push({ kind: 'stale', v: 0 });
        continue;
      }
      const v = parseGoNumber(m[1]!);
      for (let k = 0; k <= Number(m[2]); k++) out.push({ kind: 'value', v });
      continue;
    }
    out.push({ kind: 'value', v: parseGoNumber(item) });
  }
  return out;
}
