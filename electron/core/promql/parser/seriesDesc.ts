/**
 * Series descriptions of the promqltest `load` blocks: `metric{labels} <values>` with the
 * expanding notation `1+2x3`, `1-2x3`, `3x4`, `_`, `_x3`, `stale`, `Inf`, `NaN`.
 *
 * Native histogram samples (`{{…}}`) are not supported: they fail with a ParseError whose
 * message says "native histogram", so a test runner can count them as skipped.
 * Hearth extension: a value may be a duration (`-30s-1mx2`), read as seconds.
 */

import { Labels } from '../../model/labels.js';
import { ParseError } from './errors.js';
import * as T from './lexer.js';
import { Parser } from './parser.js';
import { unquoteLiteral } from './quote.js';

export interface SequenceValue {
  /** `_`: no sample at this step. */
  readonly omitted: boolean;
  /** NaN when stale. */
  readonly value: number;
  /** `stale`: a staleness marker. */
  readonly stale: boolean;
}

export interface SeriesDesc {
  readonly labels: Labels;
  readonly values: SequenceValue[];
}

const OMITTED: SequenceValue = Object.freeze({ omitted: true, value: 0, stale: false });

export function parseSeriesDesc(input: string): SeriesDesc {
  const p = new Parser(input, {}, true);
  return p.run(() => new SeriesParser(p).parse());
}

class SeriesParser {
  constructor(private readonly p: Parser) {}

  parse(): SeriesDesc {
    const p = this.p;
    if (p.peek() === T.EOF) return { labels: Labels.EMPTY, values: [] };
    const pairs: [string, string][] = [];
    const t = p.peek();
    if (t === T.LEFT_BRACE) this.labelSet(pairs);
    else if (t !== T.STRING && t !== T.NUMBER && t !== T.DURATION && (t === T.IDENTIFIER || t === T.METRIC_IDENTIFIER || t >= 30)) {
      pairs.push(['__name__', p.text()]);
      p.advance();
      if (p.peek() === T.LEFT_BRACE) this.labelSet(pairs);
    } else p.unexpected();
    const values: SequenceValue[] = [];
    for (;;) {
      let k = p.peek();
      if (k === T.EOF) break;
      if (k !== T.SPACE) p.unexpected('series values');
      p.advance();
      k = p.peek();
      if (k === T.EOF) break;
      this.item(values);
    }
    return { labels: Labels.fromPairs(pairs), values };
  }

  private labelSet(out: [string, string][]): void {
    const p = this.p;
    p.advance(); // {
    for (;;) {
      let t = p.peek();
      if (t === T.RIGHT_BRACE) {
        p.advance();
        return;
      }
      if (t === T.IDENTIFIER || t === T.STRING) {
        const name = t === T.STRING ? unquoteLiteral(p.text()) : p.text();
        p.advance();
        if (p.peek() === T.EQL) {
          p.advance();
          if (p.peek() !== T.STRING) p.unexpected('label set', 'string');
          out.push([name, unquoteLiteral(p.text())]);
          p.advance();
        } else if (t === T.STRING) out.push(['__name__', name]);
        else p.unexpected('label set', '"="');
      } else p.unexpected('label set', 'identifier or "}"');
      t = p.peek();
      if (t === T.COMMA) p.advance();
      else if (t !== T.RIGHT_BRACE) p.unexpected('label set', '"," or "}"');
    }
  }

  private item(out: SequenceValue[]): void {
    const p = this.p;
    let t = p.peek();
    if (t === T.OPEN_HIST) {
      p.addError({ start: p.start(), end: p.end() }, 'native histogram samples are not supported');
      throw new ParseError(p.input, p.errors);
    }
    if (t === T.BLANK) {
      p.advance();
      if (p.peek() === T.TIMES) {
        p.advance();
        const n = this.repetitions();
        for (let i = 0; i < n; i++) out.push(OMITTED);
      } else out.push(OMITTED);
      return;
    }
    let stale = false;
    let v: number;
    if (t === T.IDENTIFIER) {
      if (p.text() !== 'stale') p.unexpected('series values', 'number or "stale"');
      p.advance();
      stale = true;
      v = NaN;
    } else v = this.signedValue();
    t = p.peek();
    if (t === T.TIMES) {
      p.advance();
      const n = this.repetitions();
      const sv: SequenceValue = { omitted: false, value: v, stale };
      for (let i = 0; i <= n; i++) out.push(sv);
      return;
    }
    if (t === T.ADD || t === T.SUB) {
      const sign = t === T.SUB ? -1 : 1;
      p.advance();
      const inc = sign * this.unsignedValue();
      if (p.peek() !== T.TIMES) p.unexpected('series values', '"x"');
      p.advance();
      const n = this.repetitions();
      out.push({ omitted: false, value: v, stale });
      // Accumulate as Prometheus does (repeated addition, not v + i*inc), so values match exactly.
      for (let i = 1; i <= n; i++) {
        v += inc;
        out.push({ omitted: false, value: v, stale: false });
      }
      return;
    }
    out.push({ omitted: false, value: v, stale });
  }

  private signedValue(): number {
    const p = this.p;
    const t = p.peek();
    if (t === T.ADD || t === T.SUB) {
      p.advance();
      const v = this.unsignedValue();
      return t === T.SUB ? -v : v;
    }
    return this.unsignedValue();
  }

  private unsignedValue(): number {
    const p = this.p;
    const t = p.peek();
    let v: number;
    if (t === T.NUMBER) v = p.parseNumber(p.advance());
    else if (t === T.DURATION) v = p.durationSeconds(p.advance());
    else return p.unexpected('series values', 'number');
    return v;
  }

  private repetitions(): number {
    const p = this.p;
    if (p.peek() !== T.NUMBER || !/^[0-9]+$/.test(p.text())) p.unexpected('series values', 'number of repetitions');
    const n = Number(p.text());
    p.advance();
    return n;
  }
}
