/**
 * A line parser for OpenMetrics text with timestamps, as `promtool tsdb create-blocks-from
 * openmetrics` reads it. Only what a backfill needs: series text, value, timestamp (seconds,
 * turned into integer milliseconds). Exemplars are skipped.
 */

import { isLegacyMetricName } from '../../../shared/text/names.js';
import { hasFloatLabels, normalizeFloatLabel } from '../model/floatLabels.js';
import { Labels } from '../model/labels.js';

export class ParseError extends Error {}

export interface SampleLine {
  /** The series part of the line, verbatim: equal text means the same series. */
  series: string;
  value: number;
  timestampMs: number;
}

/** Parses a sample line; comment lines are handled by the caller. Throws ParseError. */
export function parseSampleLine(line: string): SampleLine {
  let i = 0;
  const n = line.length;
  // Series: name, optional {…} with quoted values.
  while (i < n && line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 123 /* { */) i++;
  if (i < n && line.charCodeAt(i) === 123) {
    let inQuote = false;
    i++;
    for (; i < n; i++) {
      const c = line.charCodeAt(i);
      if (inQuote) {
        if (c === 92 /* \ */) i++;
        else if (c === 34 /* " */) inQuote = false;
      } else if (c === 34) inQuote = true;
      else if (c === 125 /* } */) break;
    }
    if (i >= n) throw new ParseError('unterminated label set: missing "}"');
    i++;
  }
  const series = line.slice(0, i);
  if (series.length === 0) throw new ParseError('expected a metric name');
  if (i >= n || line.charCodeAt(i) !== 32) throw new ParseError(`expected a value after ${JSON.stringify(series)}`);
  i++;
  let j = line.indexOf(' ', i);
  const valueText = j < 0 ? line.slice(i) : line.slice(i, j);
  const value = parseValue(valueText);
  if (j < 0) throw new ParseError('sample without a timestamp (backfilling needs one on every sample)');
  i = j + 1;
  j = line.indexOf(' ', i);
  const tsText = j < 0 ? line.slice(i) : line.slice(i, j);
  if (j >= 0 && line.slice(j + 1, j + 2) !== '#') throw new ParseError(`unexpected text after the timestamp: ${JSON.stringify(line.slice(j + 1))}`);
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(tsText)) throw new ParseError(`invalid timestamp ${JSON.stringify(tsText)}`);
  const timestampMs = Math.round(Number(tsText) * 1000);
  if (!Number.isSafeInteger(timestampMs)) throw new ParseError(`timestamp out of range: ${tsText}`);
  return { series, value, timestampMs };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

export function parseValue(s: string): number {
  if (NUMBER.test(s)) return Number(s);
  switch (s.toLowerCase()) {
    case 'nan':
      return NaN;
    case '+inf':
    case 'inf':
      return Infinity;
    case '-inf':
      return -Infinity;
  }
  throw new ParseError(`invalid value ${JSON.stringify(s)}`);
}

/**
 * The metric type a `# TYPE name type` line declares, or null for any other comment. As in
 * the scrape parsers, it holds for every sample line that follows until the next TYPE line.
 */
export function typeOfComment(line: string): string | null {
  if (!line.startsWith('# TYPE ')) return null;
  return line.slice(line.lastIndexOf(' ') + 1);
}

/**
 * Turns the series text of a sample line into its label set, with `le` and `quantile`
 * written as Prometheus 3 writes them for a family of type `mtype` (model/floatLabels.ts),
 * so that an import and a scrape of one histogram give one set of series.
 */
export function parseSeries(series: string, mtype = 'unknown'): Labels {
  const normalize = hasFloatLabels(mtype);
  const brace = series.indexOf('{');
  const pairs: Array<[string, string]> = [];
  let name = brace < 0 ? series : series.slice(0, brace);
  if (brace >= 0) {
    const body = series.slice(brace + 1, series.length - 1);
    let i = 0;
    const n = body.length;
    while (i < n) {
      while (i < n && (body[i] === ' ' || body[i] === ',')) i++;
      if (i >= n) break;
      let lname: string;
      if (body[i] === '"') {
        const q = readQuoted(body, i);
        lname = q.text;
        i = q.end;
        while (i < n && body[i] === ' ') i++;
        if (i >= n || body[i] === ',') {
          // A quoted name on its own is the metric name (UTF-8 names).
          if (name !== '') throw new ParseError('metric name given twice');
          name = lname;
          continue;
        }
      } else {
        const start = i;
        while (i < n && /[a-zA-Z0-9_]/.test(body[i]!)) i++;
        lname = body.slice(start, i);
        if (lname === '' || /^[0-9]/.test(lname)) throw new ParseError(`invalid label name at ${JSON.stringify(body.slice(start, start + 20))}`);
      }
      while (i < n && body[i] === ' ') i++;
      if (body[i] !== '=') throw new ParseError(`expected "=" after label name ${JSON.stringify(lname)}`);
      i++;
      while (i < n && body[i] === ' ') i++;
      if (body[i] !== '"') throw new ParseError(`expected a quoted value for label ${JSON.stringify(lname)}`);
      const q = readQuoted(body, i);
      i = q.end;
      if (pairs.some((p) => p[0] === lname)) throw new ParseError(`duplicate label name ${JSON.stringify(lname)}`);
      pairs.push([lname, normalize ? normalizeFloatLabel(mtype, lname, q.text) : q.text]);
      while (i < n && body[i] === ' ') i++;
      if (i < n && body[i] !== ',') throw new ParseError(`expected "," or "}" after the value of ${JSON.stringify(lname)}`);
    }
  }
  if (name === '') throw new ParseError('missing metric name');
  if (!isLegacyMetricName(name) && brace >= 0 && series[0] !== '{') {
    throw new ParseError(`invalid metric name ${JSON.stringify(name)}`);
  }
  pairs.push(['__name__', name]);
  return Labels.fromPairs(pairs);
}

function readQuoted(s: string, start: number): { text: string; end: number } {
  let out = '';
  let i = start + 1;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const e = s[++i];
      if (e === 'n') out += '\n';
      else if (e === '\\' || e === '"') out += e;
      else throw new ParseError(`invalid escape "\\${e ?? ''}" in quoted string`);
    } else if (c === '"') return { text: out, end: i + 1 };
    else out += c;
  }
  throw new ParseError('unterminated quoted string');
}
