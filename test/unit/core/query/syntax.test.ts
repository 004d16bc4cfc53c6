/**
 * format_query and parse_query as query-service jobs: long operator chains print and translate
 * without a stack overflow, the quadratic pretty form stops at its cap with a bad_data error,
 * and the capped JSON writer agrees with JSON.stringify.
 */
import { describe, expect, it } from 'vitest';
import { formatExpr, parseExpr, prettify, PrettyTooLarge, type Expr } from '../../../../electron/core/promql/parser/index.js';
import { translateAst } from '../../../../electron/core/query/ast.js';
import { cappedJson, JsonTooLarge } from '../../../../electron/core/query/cappedJson.js';
import { QueryService } from '../../../../electron/core/query/index.js';
import { MAX_SYNTAX_CHARS, syntaxJson } from '../../../../electron/core/query/syntax.js';
import { MemoryStorage } from '../../../../electron/core/storage/memory.js';

const chain = (n: number, op = '+') => Array.from({ length: n }, () => '1').join(op);
const text = (r: { ok: boolean }) => ('data' in r ? new TextDecoder().decode((r as { data: Uint8Array }).data) : r);
const LIMITS = { timeoutMs: 0, maxResponseBytes: 0 };

describe('printing long binary chains', () => {
  it('prints 50,000-term left-deep and right-deep chains on one line', () => {
    expect(formatExpr(parseExpr(chain(50_000)))).toBe(chain(50_000, ' + '));
    const right = parseExpr(chain(2_000, '^'));
    expect(formatExpr(right)).toBe(chain(2_000, ' ^ '));
  });

  it('pretty-prints a chain as Prometheus does: each operand one level deeper than its operator', () => {
    // Prometheus's recursive definition for binary expressions, as the oracle.
    const ref = (e: Expr, level: number): string => {
      const ind = '  '.repeat(level);
      const flat = formatExpr(e);
      if (e.kind !== 'BinaryExpr' || flat.length <= 100) return ind + flat;
      return ref(e.lhs, level + 1) + '\n' + ind + e.op + (e.returnBool ? ' bool' : '') + '\n' + ref(e.rhs, level + 1);
    };
    for (const q of [chain(60), chain(40, '^'), `${chain(30)} * ${chain(30, '/')} - ${chain(30, ' > bool ')}`]) {
      const e = parseExpr(q);
      expect(prettify(e)).toBe(ref(e, 0));
    }
    expect(prettify(parseExpr(chain(60))).split('\n')[0]).toBe('  '.repeat(35) + chain(25, ' + '));
  });

  it('stops the pretty form of an 8,000-term chain at the cap instead of building it', () => {
    const e = parseExpr(chain(8_000));
    const t = Date.now();
    expect(() => prettify(e, 1_000_000)).toThrow(PrettyTooLarge);
    expect(Date.now() - t).toBeLessThan(2_000);
  });
});

describe('the syntax tree of long chains', () => {
  it('translates an 8,000-term chain without recursion, as JSON.stringify would print it', () => {
    const small = translateAst(parseExpr(chain(300)));
    expect(cappedJson(small, Infinity)).toBe(JSON.stringify(small));
    const deep = cappedJson(translateAst(parseExpr(chain(8_000))), Infinity);
    expect(deep.startsWith('{"type":"binaryExpr","op":"+","lhs":{"type":"binaryExpr"')).toBe(true);
    expect(deep.match(/"binaryExpr"/g)).toHaveLength(7_999);
  });

  it('the capped writer agrees with JSON.stringify on plain data and stops at its cap', () => {
    const v = { a: [1, 'two', null, true, { b: undefined, c: -0.5, d: [] }], e: {}, f: 'x"\n', g: undefined, h: [undefined] };
    expect(cappedJson(v, Infinity)).toBe(JSON.stringify(v));
    expect(() => cappedJson(v, 10)).toThrow(JsonTooLarge);
  });
});

describe('the syntax job', () => {
  it('answers a 20 KB chain pretty-printed past the cap with bad_data naming the cap', () => {
    const q = chain(10_000); // 19,999 characters
    const r = syntaxJson({ kind: 'format', query: q }, LIMITS);
    expect(r).toEqual({ ok: false, kind: 'bad_data', message: `formatted query would exceed the limit of ${MAX_SYNTAX_CHARS} characters` });
    const p = syntaxJson({ kind: 'parse', query: q }, LIMITS);
    expect(p.ok).toBe(true);
    expect(JSON.parse(text(p) as string).type).toBe('binaryExpr');
  });

  it('takes the lower of its own cap and the service response limit', () => {
    const r = syntaxJson({ kind: 'parse', query: chain(100) }, { timeoutMs: 0, maxResponseBytes: 1000 });
    expect(r).toEqual({ ok: false, kind: 'bad_data', message: 'syntax tree would exceed the limit of 1000 characters' });
  });

  it('formats what fits as before, and reports parse errors as bad_data', async () => {
    const qs = QueryService.inline(new MemoryStorage());
    expect(text(await qs.syntaxJson({ kind: 'format', query: 'sum(rate(x[5m]))by(a)' }))).toBe('"sum by (a) (rate(x[5m]))"');
    expect(await qs.syntaxJson({ kind: 'parse', query: 'sum(' })).toMatchObject({ ok: false, kind: 'bad_data' });
  });

  it('prints each node at most once: a chain under 1,500 levels of parentheses is refused in well under a second', () => {
    // Asking each level whether it fits on a line used to print the whole chain again (2.5 s here).
    const q = '-('.repeat(1_500) + chain(8_000) + ')'.repeat(1_500);
    const t = Date.now();
    expect(syntaxJson({ kind: 'format', query: q }, LIMITS)).toMatchObject({ ok: false, kind: 'bad_data' });
    expect(Date.now() - t).toBeLessThan(1_000);
  });

  it('refuses an expression nested too deeply with bad_data, not a crash', () => {
    const q = '('.repeat(30_000) + '1' + ')'.repeat(30_000);
    for (const kind of ['format', 'parse'] as const) {
      expect(syntaxJson({ kind, query: q }, LIMITS)).toEqual({ ok: false, kind: 'bad_data', message: expect.stringContaining('nested too deeply') });
    }
  });
});
