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
