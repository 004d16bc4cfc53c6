/**
 * Warnings and infos, worded as Prometheus's util/annotations words them and suffixed with
 * the `(line:col)` of the expression they concern, as Prometheus's API prints them.
 * Deduplicated by text, like Prometheus's annotation map.
 */

import type { PositionRange } from '../parser/ast.js';

export class AnnotationSet {
  readonly warnings = new Set<string>();
  readonly infos = new Set<string>();

  constructor(private readonly query: string) {}

  warn(msg: string, pos: PositionRange | null): void {
    this.warnings.add(`PromQL warning: ${msg}${this.at(pos)}`);
  }

  info(msg: string, pos: PositionRange | null): void {
    this.infos.add(`PromQL info: ${msg}${this.at(pos)}`);
  }

  /** ` (line:col)` of pos.start in the query, 1-based; '' without a position. */
  private at(pos: PositionRange | null): string {
    if (!pos) return '';
    const q = this.query;
    let line = 1;
    let lineStart = 0;
    const end = Math.min(pos.start, q.length);
    for (let i = 0; i < end; i++) {
      if (q.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    return ` (${line}:${pos.start - lineStart + 1})`;
  }
}

/** Go's %q for the strings Prometheus quotes in annotations. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's %g for a float64, as in "got 1.1" / "got NaN". */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    // Go switches to exponent form for exponents < -4 or >= precision; JS's shortest form
    // is the same digits, formatted as e-05 style.
    const [m, e] = v.toExponential().split('e');
    const exp = Number(e);
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${m}e${sign}${digits}`;
  }
  return String(v);
}
