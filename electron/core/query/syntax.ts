/**
 * The work behind /api/v1/format_query and /api/v1/parse_query, run in the query service like
 * any read: parsing a long query, printing it and serialising its tree take time and memory
 * that grow with the query (the pretty form of an n-term chain with n²), so they run off the
 * event loop and stop at a cap instead of building an answer of any size.
 */

import { parseExpr, prettify, PrettyTooLarge } from '../promql/parser/index.js';
import { translateAst } from './ast.js';
import { cappedJson, JsonTooLarge } from './cappedJson.js';
import type { JobLimits, SyntaxReply, SyntaxRequest } from './request.js';

/**
 * Largest format_query or parse_query answer, characters (the service's response limit, when
 * lower, wins). A 64 KiB query's tree fits several times over; the pretty form of a
 * `1+1+…` chain of a few thousand terms does not.
 */
export const MAX_SYNTAX_CHARS = 4 * 1024 * 1024;

const utf8 = new TextEncoder();

export function syntaxJson(req: SyntaxRequest, limits: JobLimits): SyntaxReply {
  const max = limits.maxResponseBytes > 0 ? Math.min(MAX_SYNTAX_CHARS, limits.maxResponseBytes) : MAX_SYNTAX_CHARS;
  try {
    // ParseError carries Prometheus's message; the parser reports a too-deep tree as one too.
    const expr = parseExpr(req.query);
    const json = req.kind === 'format' ? cappedJson(prettify(expr, max), max) : cappedJson(translateAst(expr), max);
    return { ok: true, data: utf8.encode(json) };
  } catch (e) {
    if (e instanceof PrettyTooLarge || e instanceof JsonTooLarge) {
      const what = req.kind === 'format' ? 'formatted query' : 'syntax tree';
      return { ok: false, kind: 'bad_data', message: `${what} would exceed the limit of ${max} characters` };
    }
    // Printing recurses into nested calls and parentheses; past the stack it is refused like a
    // tree too deep to parse.
    if (e instanceof RangeError) return { ok: false, kind: 'bad_data', message: 'expression nested too deeply' };
    return { ok: false, kind: 'bad_data', message: e instanceof Error ? e.message : String(e) };
  }
}
