/**
 * Serialises engine results into the API's JSON by hand: a range query can return hundreds
 * of thousands of points, and building an object per point only to stringify it doubles the
 * cost. With a size budget, the text is counted as it grows and given up once past the limit,
 * so that a result too large to send is refused before it is built.
 */

import { formatSampleValue } from '../../../shared/text/float.js';
import type { Labels } from '../model/labels.js';
import type { Value } from '../promql/value.js';

export function labelsJson(l: Labels): string {
  let s = '{';
  const f = l.pairs;
  for (let i = 0; i < f.length; i += 2) {
    if (i > 0) s += ',';
    s += JSON.stringify(f[i]) + ':' + JSON.stringify(f[i + 1]);
  }
  return s + '}';
}

function pointJson(t: number, v: number): string {
  return `[${t / 1000},"${formatSampleValue(v)}"]`;
}

/** Counts characters as they are produced; throws once past a limit (see Budget). */
export interface SizeBudget {
  add(n: number): void;
}

const UNLIMITED: SizeBudget = { add() {} };
/** Points serialised between two reports to the budget: one series may hold millions. */
const REPORT_EVERY = 1024;

/**
 * A lower bound on valueJson's length that costs no serialising: each point is at least
 * `[0,"0"]` with a comma between two, and each series at least `{"metric":{},"values":[]},`
 * (the envelope's own characters pay for the last series' comma). A result already past the
 * limit by this count is refused before any of its text is built.
 */
export function minValueJsonLength(value: Value): number {
  if (value.type === 'vector') return value.samples.length * '{"metric":{},"value":[0,"0"]},'.length;
  if (value.type !== 'matrix') return 0;
  let n = 0;
  for (const s of value.series) n += '{"metric":{},"values":[]},'.length + (s.length > 0 ? s.length * '[0,"0"],'.length - 1 : 0);
  return n;
}

/** Points serialised to estimate the average length of one (see estimateValueJsonLength). */
const ESTIMATE_SAMPLE_POINTS = 4096;

/**
 * valueJson's length, estimated without serialising it: the labels and punctuation exactly,
 * the points from the average length of a sample of them spread over the result. A streamed
 * answer is judged against the response limit by this before its first byte leaves (after that
 * it can only be cut), so a result far too large is refused with a clear error, not truncated.
 */
export function estimateValueJsonLength(value: Value): number {
  if (value.type !== 'vector' && value.type !== 'matrix') return 0;
  let fixed = 0;
  let points = 0;
  if (value.type === 'vector') {
    for (const s of value.samples) fixed += labelsJson(s.labels).length + '{"metric":,"value":},'.length;
    points = value.samples.length;
  } else {
    for (const s of value.series) {
      fixed += labelsJson(s.labels).length + '{"metric":,"values":[]},'.length;
      points += s.length;
    }
  }
  if (points === 0) return fixed;
  return fixed + Math.ceil(points * averagePointLength(value, points));
}

/** The mean length of a point and its comma, over up to ESTIMATE_SAMPLE_POINTS evenly spaced ones. */
function averagePointLength(value: Value, points: number): number {
  const every = Math.max(1, Math.floor(points / ESTIMATE_SAMPLE_POINTS));
  let chars = 0;
  let seen = 0;
  let index = 0;
  const visit = (t: number, v: number) => {
    if (index++ % every !== 0) return;
    chars += pointJson(t, v).length + 1;
    seen++;
  };
  if (value.type === 'vector') for (const s of value.samples) visit(s.t, s.v);
  else if (value.type === 'matrix') for (const s of value.series) for (let i = 0; i < s.length; i++) visit(s.t[i]!, s.v[i]!);
  return seen === 0 ? 0 : chars / seen;
}

/** Where serialised text goes: collected whole, or cut into chunks and streamed (evaluate.ts). */
export interface TextSink {
  write(s: string): void;
}

export function valueJson(value: Value, budget: SizeBudget = UNLIMITED): string {
  const parts: string[] = [];
  writeValueJson(value, budget, { write: (s) => void parts.push(s) });
  return parts.join('');
}

/**
 * valueJson's text, written piece by piece: a large matrix reaches the sink a series (or 1,024
 * points) at a time, so a streaming sink never holds more than a chunk of it.
 */
export function writeValueJson(value: Value, budget: SizeBudget, out: TextSink): void {
  switch (value.type) {
    case 'scalar':
      out.write(`{"resultType":"scalar","result":${pointJson(value.t, value.v)}}`);
      return;
    case 'string':
      out.write(`{"resultType":"string","result":[${value.t / 1000},${JSON.stringify(value.v)}]}`);
      return;
    case 'vector': {
      out.write('{"resultType":"vector","result":[');
      let first = true;
      for (const s of value.samples) {
        const part = `${first ? '' : ','}{"metric":${labelsJson(s.labels)},"value":${pointJson(s.t, s.v)}}`;
        budget.add(part.length);
        out.write(part);
        first = false;
      }
      out.write(']}');
      return;
    }
    case 'matrix': {
      out.write('{"resultType":"matrix","result":[');
      let first = true;
      for (const s of value.series) {
        const head = `${first ? '' : ','}{"metric":${labelsJson(s.labels)},"values":[`;
        budget.add(head.length);
        out.write(head);
        first = false;
        // Points are joined a block at a time: one string per point, then one join, is far
        // cheaper in V8 than growing a string point by point.
        const block: string[] = [];
        for (let i = 0; i < s.length; i++) {
          block.push(pointJson(s.t[i]!, s.v[i]!));
          if (block.length === REPORT_EVERY && i < s.length - 1) {
            const piece = block.join(',') + ',';
            budget.add(piece.length);
            out.write(piece);
            block.length = 0;
          }
        }
        const piece = block.join(',') + ']}';
        budget.add(piece.length);
        out.write(piece);
      }
      out.write(']}');
      return;
    }
  }
}
