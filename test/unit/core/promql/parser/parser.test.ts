import { describe, expect, it } from 'vitest';
import { isValidUtf8 } from '../../../../../shared/text/names.js';
import {
  children,
  exprType,
  formatExpr,
  parseExpr,
  parseMetricSelector,
  walk,
  type BinaryExpr,
  type Expr,
  type MatrixSelector,
  type SubqueryExpr,
  type VectorSelector,
} from '../../../../../electron/core/promql/parser/index.js';

/** A compact view of a tree for assertions: kinds, key fields and positions. */
function shape(e: Expr): unknown {
  switch (e.kind) {
    case 'NumberLiteral':
      return { num: e.value, dur: e.duration || undefined, pos: [e.pos.start, e.pos.end] };
    case 'StringLiteral':
      return { str: e.value, pos: [e.pos.start, e.pos.end] };
    case 'VectorSelector':
      return {
        vs: e.name,
        m: e.matchers.map((m) => `${m.name}${m.type}${m.value}`),
        off: e.offsetMs || undefined,
        at: e.timestampMs ?? e.startOrEnd ?? undefined,
        pos: [e.pos.start, e.pos.end],
      };
    case 'MatrixSelector':
      return { ms: shape(e.vectorSelector), range: e.rangeMs, pos: [e.pos.start, e.pos.end] };
    case 'SubqueryExpr':
      return { sq: shape(e.expr), range: e.rangeMs, step: e.stepMs, off: e.offsetMs || undefined, pos: [e.pos.start, e.pos.end] };
    case 'BinaryExpr':
      return {
        bin: e.op,
        l: shape(e.lhs),
        r: shape(e.rhs),
        bool: e.returnBool || undefined,
        card: e.matching?.card,
        on: e.matching ? (e.matching.on ? 'on' : 'ignoring') + `(${e.matching.matchingLabels.join(',')})` : undefined,
        inc: e.matching?.include.length ? e.matching.include : undefined,
      };
    case 'UnaryExpr':
      return { un: e.op, e: shape(e.expr), pos: [e.pos.start, e.pos.end] };
    case 'ParenExpr':
      return { paren: shape(e.expr), pos: [e.pos.start, e.pos.end] };
    case 'Call':
      return { call: e.func.name, args: e.args.map(shape), pos: [e.pos.start, e.pos.end] };
    case 'AggregateExpr':
      return {
        agg: e.op,
        e: shape(e.expr),
        param: e.param ? shape(e.param) : undefined,
        by: e.grouping.length || e.without ? (e.without ? 'without' : 'by') + `(${e.grouping.join(',')})` : undefined,
        pos: [e.pos.start, e.pos.end],
      };
    default:
      return { kind: e.kind };
  }
}

const n = (v: number, a: number, b: number) => ({ num: v, pos: [a, b] });
const vs = (name: string, a: number, b: number) => ({ vs: name, m: [`__name__=${name}`], pos: [a, b] });

describe('parseExpr: tree shape and positions', () => {
  it('number literals: decimal, hex, octal, exponent, Inf/NaN, underscores', () => {
    expect(shape(parseExpr('1'))).toEqual(n(1, 0, 1));
    expect(shape(parseExpr('+Inf'))).toEqual(n(Infinity, 0, 4));
    expect(shape(parseExpr('-Inf'))).toEqual(n(-Infinity, 0, 4));
    expect(shape(parseExpr('.5'))).toEqual(n(0.5, 0, 2));
    expect(shape(parseExpr('5.'))).toEqual(n(5, 0, 2));
    expect(shape(parseExpr('123.4567'))).toEqual(n(123.4567, 0, 8));
    expect(shape(parseExpr('5e-3'))).toEqual(n(0.005, 0, 4));
    expect(shape(parseExpr('5e3'))).toEqual(n(5000, 0, 3));
    expect(shape(parseExpr('0xc'))).toEqual(n(12, 0, 3));
    expect(shape(parseExpr('0755'))).toEqual(n(493, 0, 4));
    expect(shape(parseExpr('+5.5e-3'))).toEqual(n(0.0055, 0, 7));
    expect(shape(parseExpr('-0755'))).toEqual(n(-493, 0, 5));
    expect(shape(parseExpr('1_000_000'))).toEqual(n(1e6, 0, 9));
    expect(shape(parseExpr('0x_1F'))).toEqual(n(31, 0, 5));
    expect(shape(parseExpr('iNf'))).toEqual(n(Infinity, 0, 3));
    const nan = parseExpr('NaN');
    expect(nan.kind === 'NumberLiteral' && Number.isNaN(nan.value)).toBe(true);
  });

  it('durations as numbers', () => {
    expect(shape(parseExpr('1h30m'))).toEqual({ num: 5400, dur: true, pos: [0, 5] });
    expect(shape(parseExpr('5m + 1'))).toMatchObject({ bin: '+', l: { num: 300, dur: true }, r: n(1, 5, 6) });
  });

  it('unary minus folds into number literals, binds like * and looser than ^', () => {
    expect(shape(parseExpr('-1^2'))).toEqual({ un: '-', e: { bin: '^', l: n(1, 1, 2), r: n(2, 3, 4) }, pos: [0, 4] });
    expect(shape(parseExpr('-1*2'))).toEqual({ bin: '*', l: n(-1, 0, 2), r: n(2, 3, 4) });
    expect(shape(parseExpr('-1^-2'))).toEqual({ un: '-', e: { bin: '^', l: n(1, 1, 2), r: n(-2, 3, 5) }, pos: [0, 5] });
    expect(shape(parseExpr('+1 + -2 * 1'))).toEqual({ bin: '+', l: n(1, 0, 2), r: { bin: '*', l: n(-2, 5, 7), r: n(1, 10, 11) } });
    expect(shape(parseExpr(' +some_metric'))).toEqual({ un: '+', e: vs('some_metric', 2, 13), pos: [1, 13] });
    expect(shape(parseExpr('-a * b'))).toMatchObject({ bin: '*', l: { un: '-' } });
    expect(shape(parseExpr('a ^ -b * c'))).toMatchObject({ bin: '*', l: { bin: '^', r: { un: '-' } } });
  });

  it('precedence: or < and/unless < comparisons < +,- < *,/,%,atan2 < ^ (right-associative)', () => {
    expect(shape(parseExpr('1 + 2/(3*1)'))).toEqual({
      bin: '+',
      l: n(1, 0, 1),
      r: { bin: '/', l: n(2, 4, 5), r: { paren: { bin: '*', l: n(3, 7, 8), r: n(1, 9, 10) }, pos: [6, 11] } },
    });
    expect(shape(parseExpr('1 < bool 2 - 1 * 2'))).toMatchObject({ bin: '<', bool: true, r: { bin: '-', r: { bin: '*' } } });
    expect(shape(parseExpr('foo + bar or bla and blub'))).toMatchObject({
      bin: 'or',
      card: 'many-to-many',
      l: { bin: '+', card: 'one-to-one' },
      r: { bin: 'and', card: 'many-to-many' },
    });
    expect(shape(parseExpr('foo and bar unless baz or qux'))).toMatchObject({ bin: 'or', l: { bin: 'unless', l: { bin: 'and' } } });
    expect(shape(parseExpr('2 ^ 3 ^ 2'))).toMatchObject({ bin: '^', l: { num: 2 }, r: { bin: '^' } });
    expect(shape(parseExpr('a atan2 b * c'))).toMatchObject({ bin: '*', l: { bin: 'atan2' } });
    expect(shape(parseExpr('2 * 3 % 2'))).toMatchObject({ bin: '%', l: { bin: '*' } });
  });

  it('vector matching: on/ignoring, group_left/right, set operators', () => {
    expect(shape(parseExpr('bar + on(foo) bla / on(baz, buz) group_right(test) blub'))).toMatchObject({
      bin: '+',
      on: 'on(foo)',
      card: 'one-to-one',
      r: { bin: '/', card: 'one-to-many', on: 'on(baz,buz)', inc: ['test'], r: vs('blub', 51, 55) },
    });
    expect(shape(parseExpr('foo * on(test,blub) group_left bar'))).toMatchObject({ card: 'many-to-one', on: 'on(test,blub)' });
    expect(shape(parseExpr('foo and ignoring() bar'))).toMatchObject({ card: 'many-to-many', on: 'ignoring()' });
    expect(shape(parseExpr('foo / ignoring(test,blub) group_left(blub) bar'))).toMatchObject({
      card: 'many-to-one',
      on: 'ignoring(test,blub)',
      inc: ['blub'],
    });
    // Matching is only kept between two instant vectors.
    expect((parseExpr('foo == 1') as BinaryExpr).matching).toBeNull();
    expect((parseExpr('2.5 / bar') as BinaryExpr).matching).toBeNull();
  });

  it('fill modifiers, and fill as a metric name when no "(" follows', () => {
    const b = parseExpr('a + on(job) group_left fill_left(5) fill_right(-Inf) b') as BinaryExpr;
    expect(b.matching!.fillValues).toEqual({ lhs: 5, rhs: -Infinity });
    const f = parseExpr('a == bool fill(NaN) b') as BinaryExpr;
    expect(Number.isNaN(f.matching!.fillValues.lhs!) && Number.isNaN(f.matching!.fillValues.rhs!)).toBe(true);
    expect(shape(parseExpr('fill + fill(0) other'))).toMatchObject({ bin: '+', l: vs('fill', 0, 4), r: vs('other', 15, 20) });
    expect(shape(parseExpr('other + fill_left(0) fill_left'))).toMatchObject({ r: vs('fill_left', 21, 30) });
  });

  it('vector selectors: matchers, quoted UTF-8 names, trailing comma, keywords as names', () => {
    expect(shape(parseExpr('foo:bar{a="bc"}'))).toEqual({ vs: 'foo:bar', m: ['a=bc', '__name__=foo:bar'], pos: [0, 15] });
    expect(shape(parseExpr('{"foo"}'))).toEqual({ vs: '', m: ['__name__=foo'], pos: [0, 7] });
    expect(shape(parseExpr(`{'foo\\'bar', 'a\\\\dos\\\\path'='boo\\\\urns'}`))).toMatchObject({
      m: ["__name__=foo'bar", 'a\\dos\\path=boo\\urns'],
    });
    expect(shape(parseExpr('{"my.metric", "a.b"="x"}'))).toMatchObject({ vs: '', m: ['__name__=my.metric', 'a.b=x'] });
    expect(shape(parseExpr('foo{a="b", foo!="bar", test=~"test", bar!~"baz",}'))).toMatchObject({
      m: ['a=b', 'foo!=bar', 'test=~test', 'bar!~baz', '__name__=foo'],
      pos: [0, 49],
    });
    expect(shape(parseExpr('{__name__="bar", __name__="baz"}'))).toMatchObject({ m: ['__name__=bar', '__name__=baz'] });
    expect(shape(parseExpr('foo{NaN="bc"}'))).toMatchObject({ m: ['NaN=bc', '__name__=foo'] });
    expect(shape(parseExpr("foo{bar='}'}"))).toMatchObject({ m: ['bar=}', '__name__=foo'] });
    for (const kw of ['offset', 'step', 'anchored', 'smoothed', 'start', 'end', 'min', 'sum', 'by', 'and']) {
      expect((parseExpr(`${kw}{job="x"}`) as VectorSelector).name).toBe(kw);
    }
    expect(shape(parseExpr('foo * sum'))).toMatchObject({ r: vs('sum', 6, 9) });
    expect(shape(parseExpr('sum(sum)'))).toMatchObject({ agg: 'sum', e: vs('sum', 4, 7), pos: [0, 8] });
  });

  it('compiles regex matchers through model/regex (anchored, dot matches newline)', () => {
    const v = parseExpr('foo{a=~"b.c", d!~"x|y"}') as VectorSelector;
    expect(v.matchers[0]!.matches('b\nc')).toBe(true);
    expect(v.matchers[0]!.matches('xb.c')).toBe(false);
    expect(v.matchers[1]!.setValues).toEqual(['x', 'y']);
  });

  it('strings: double, single, raw; Go escapes', () => {
    expect(shape(parseExpr(`"double-quoted string \\" with escaped quote"`))).toEqual({
      str: 'double-quoted string " with escaped quote',
      pos: [0, 44],
    });
    expect(shape(parseExpr("`backtick-quoted string`"))).toEqual({ str: 'backtick-quoted string', pos: [0, 24] });
    const s = parseExpr(`"\\a\\b\\f\\n\\r\\t\\v\\\\\\" - \\u1234\\U00010111\\U0001011111☺\\x41\\101\\xe2\\x98\\xba"`);
    expect(s.kind === 'StringLiteral' && s.value).toBe('\x07\b\f\n\r\t\v\\" - \u1234\u{10111}\u{10111}11☺AA☺');
    // Bytes that are not UTF-8 survive as lone surrogates, print back as \xNN, and fail UTF-8 checks.
    const bad = parseExpr('count_values("a\\xc5z", x)');
    const name = bad.kind === 'AggregateExpr' && bad.param?.kind === 'StringLiteral' ? bad.param.value : '';
    expect(isValidUtf8(name)).toBe(false);
    expect(formatExpr(bad)).toBe('count_values("a\\xc5z", x)');
    expect(isValidUtf8('a\u00c5z☺\u{1F600}')).toBe(true);
    const raw = parseExpr('`\\a\\n`');
    expect(raw.kind === 'StringLiteral' && raw.value).toBe('\\a\\n');
  });

  it('range selectors, offsets (also negative), @ with numbers and start()/end()', () => {
    expect(shape(parseExpr('test[5h] OFFSET 5m'))).toEqual({
      ms: { vs: 'test', m: ['__name__=test'], off: 300000, pos: [0, 4] },
      range: 5 * 3600000,
      pos: [0, 18],
    });
    expect(shape(parseExpr('foo offset -7m'))).toEqual({ vs: 'foo', m: ['__name__=foo'], off: -420000, pos: [0, 14] });
    expect(shape(parseExpr('test{a="b"}[5m] OFFSET 3600'))).toMatchObject({ ms: { off: 3600000 }, range: 300000, pos: [0, 27] });
    expect((parseExpr('foo[4.018] @ 2.345') as MatrixSelector).rangeMs).toBe(4018);
    // 1.001 s * 1000 is 1000.9999999999999 in floating point: ranges round to the nearest ms.
    for (const ms of [1001, 1003, 2002, 4018, 1]) {
      expect((parseExpr(`foo[${ms}ms]`) as MatrixSelector).rangeMs).toBe(ms);
      expect((parseExpr(`foo offset -${ms}ms`) as VectorSelector).offsetMs).toBe(-ms);
      expect((parseExpr(`foo[5m:${ms}ms]`) as SubqueryExpr).stepMs).toBe(ms);
    }
    expect((parseExpr('foo[4.018] @ 2.345') as MatrixSelector).vectorSelector.timestampMs).toBe(2345);
    expect((parseExpr('foo @ 3.3335') as VectorSelector).timestampMs).toBe(3334);
    expect((parseExpr('foo @ -3.3e1') as VectorSelector).timestampMs).toBe(-33000);
    expect((parseExpr('foo @ 0xA') as VectorSelector).timestampMs).toBe(10000);
    expect((parseExpr('some_metric[5m] @ 1m') as MatrixSelector).vectorSelector.timestampMs).toBe(60000);
    expect(shape(parseExpr('foo @ start()'))).toEqual({ vs: 'foo', m: ['__name__=foo'], at: 'start', pos: [0, 13] });
    expect((parseExpr('test[5y] @ end()') as MatrixSelector).vectorSelector.startOrEnd).toBe('end');
    expect(shape(parseExpr('start()'))).toEqual({ call: 'start', args: [], pos: [0, 7] });
    expect(shape(parseExpr('end'))).toEqual(vs('end', 0, 3));
  });

  it('subqueries with and without step, with modifiers before and after', () => {
    expect(shape(parseExpr('foo{bar="baz"}[10m5s:1h6ms]'))).toMatchObject({ range: 605000, step: 3600006, pos: [0, 27] });
    expect(shape(parseExpr('foo[10m:]'))).toMatchObject({ range: 600000, step: 0, pos: [0, 9] });
    expect(shape(parseExpr('min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]'))).toMatchObject({
      sq: { call: 'min_over_time', args: [{ sq: { call: 'rate' }, off: 240000, pos: [14, 53] }], pos: [0, 54] },
      pos: [0, 61],
    });
    expect(shape(parseExpr('some_metric OFFSET 1m [10m:5s]'))).toMatchObject({ sq: { off: 60000, pos: [0, 21] }, pos: [0, 30] });
    const sq = parseExpr('some_metric[10m:5s] offset 1m @ 123') as SubqueryExpr;
    expect([sq.offsetMs, sq.timestampMs, sq.pos.end]).toEqual([60000, 123000, 35]);
  });

  it('aggregations: by/without before or after, parameters, keywords as label names', () => {
    expect(shape(parseExpr('sum by (foo)(some_metric)'))).toEqual({ agg: 'sum', e: vs('some_metric', 13, 24), by: 'by(foo)', pos: [0, 25] });
    expect(shape(parseExpr('sum (some_metric) without (foo)'))).toMatchObject({ by: 'without(foo)', pos: [0, 31] });
    expect(shape(parseExpr('sum by (foo,bar,)(some_metric)'))).toMatchObject({ by: 'by(foo,bar)' });
    expect(shape(parseExpr('sum by ("foo bar")({"some.metric"})'))).toMatchObject({ by: 'by(foo bar)' });
    expect(shape(parseExpr('topk(5, some_metric)'))).toMatchObject({ agg: 'topk', param: n(5, 5, 6), pos: [0, 20] });
    expect(shape(parseExpr('count_values("value", some_metric)'))).toMatchObject({ param: { str: 'value', pos: [13, 20] } });
    expect(shape(parseExpr('sum without(and, by, avg, count, alert, annotations)(some_metric)'))).toMatchObject({
      by: 'without(and,by,avg,count,alert,annotations)',
      pos: [0, 65],
    });
    for (const op of ['avg', 'min', 'max', 'group', 'stddev', 'stdvar', 'count']) {
      expect(shape(parseExpr(`${op}(x)`))).toMatchObject({ agg: op });
    }
    for (const [op, p] of [
      ['bottomk', '2'],
      ['quantile', '0.9'],
      ['limitk', '1'],
      ['limit_ratio', '0.5'],
    ] as const) {
      expect(shape(parseExpr(`${op} by (a) (${p}, x)`))).toMatchObject({ agg: op, by: 'by(a)' });
    }
    expect(shape(parseExpr('MAX(x)'))).toMatchObject({ agg: 'max' });
  });

  it('function calls and their types', () => {
    expect(shape(parseExpr('rate(some_metric[5m])'))).toEqual({
      call: 'rate',
      args: [{ ms: vs('some_metric', 5, 16), range: 300000, pos: [5, 20] }],
      pos: [0, 21],
    });
    expect(exprType(parseExpr('time()'))).toBe('scalar');
    expect(exprType(parseExpr('round(x, 5)'))).toBe('vector');
    expect(exprType(parseExpr('label_join(x, "d", ",", "a", "b", "c")'))).toBe('vector');
    expect(exprType(parseExpr('histogram_quantiles(x, "q", 0.1, 0.5, 0.9)'))).toBe('vector');
    expect(exprType(parseExpr('min_of(3, 5)'))).toBe('scalar');
    expect(exprType(parseExpr('1 + 2 * 3'))).toBe('scalar');
    expect(exprType(parseExpr('1 + x'))).toBe('vector');
    expect(exprType(parseExpr('x[5m]'))).toBe('matrix');
    expect(exprType(parseExpr('"s"'))).toBe('string');
  });

  it('info() marks its label-selector argument as exempt from the empty-matcher check', () => {
    const c = parseExpr('info(http_request_counter_total{namespace="zzz"}, {foo=~".*"})');
    expect(c.kind).toBe('Call');
    const arg = (c as { args: Expr[] }).args[1] as VectorSelector;
    expect(arg.bypassEmptyMatcherCheck).toBe(true);
  });

  it('duration expressions in ranges, steps and offsets', () => {
    const m = parseExpr('foo[11s+10s-5*2^2]') as MatrixSelector;
    expect(m.rangeExpr).not.toBeNull();
    expect(m.rangeMs).toBe(1000); // folded: 21s - 20s
    expect(m.rangeExpr!.op).toBe('-');
    const neg = parseExpr('foo[-10s+15s]') as MatrixSelector;
    expect(neg.rangeExpr!.lhs).toMatchObject({ kind: 'NumberLiteral', value: -10, pos: { start: 4, end: 8 } });
    const st = parseExpr('foo[step()]') as MatrixSelector;
    expect(st.rangeExpr).toMatchObject({ op: 'step', pos: { start: 4, end: 10 } });
    expect(st.rangeMs).toBe(0);
    expect((parseExpr('foo[  -  step  (  )  ]') as MatrixSelector).rangeExpr).toMatchObject({ op: '-', rhs: { op: 'step' } });
    expect((parseExpr('foo offset -min_of(5s,step()+8s)') as VectorSelector).offsetExpr).toMatchObject({
      op: '-',
      rhs: { op: 'min', lhs: { value: 5 }, rhs: { op: '+', lhs: { op: 'step' } } },
    });
    const sq = parseExpr('foo[4s+4s:1s*2] offset (5s-8)') as SubqueryExpr;
    expect([sq.rangeMs, sq.stepMs, sq.offsetMs]).toEqual([8000, 2000, -3000]);
    expect(sq.offsetExpr).toMatchObject({ op: '-', wrapped: true });
    // After offset only a single term is the duration: the rest is ordinary arithmetic.
    expect(shape(parseExpr('foo offset 5s-8'))).toMatchObject({ bin: '-', l: { vs: 'foo', off: 5000, pos: [0, 13] }, r: n(8, 14, 15) });
    expect(shape(parseExpr('foo offset -1^1'))).toMatchObject({ bin: '^', l: { off: -1000 } });
    expect((parseExpr('foo offset -(1^2)') as VectorSelector).offsetExpr).toMatchObject({ op: '-', rhs: { op: '^', wrapped: true } });
    expect((parseExpr('foo offset (5)') as VectorSelector).offsetExpr).toMatchObject({ op: '+', lhs: null, wrapped: true });
    expect((parseExpr('foo[-2^2]') as MatrixSelector).rangeExpr).toMatchObject({ op: '-', lhs: null, rhs: { op: '^' } });
    expect((parseExpr('x[1+(STep()-5)*2]') as MatrixSelector).rangeExpr).toMatchObject({ op: '+' });
    expect((parseExpr('x offset STEP()') as VectorSelector).offsetExpr).toMatchObject({ op: 'step' });
    expect((parseExpr('x[((max_of(min_of((step()+1),((1h))),1ms)))]') as MatrixSelector).rangeExpr).toMatchObject({ op: 'max', wrapped: true });
    expect((parseExpr('x offset range()') as VectorSelector).offsetExpr).toMatchObject({ op: 'range' });
  });

  it('extended range selectors', () => {
    const a = parseExpr('increase(metric[1m] anchored)') as { args: Expr[] };
    expect((a.args[0] as MatrixSelector).vectorSelector.anchored).toBe(true);
    const s = parseExpr('rate(metric[1m] smoothed offset 1m)') as { args: Expr[] };
    const ms = s.args[0] as MatrixSelector;
    expect([ms.vectorSelector.smoothed, ms.vectorSelector.offsetMs]).toEqual([true, 60000]);
  });

  it('trim operators parse with comparison precedence', () => {
    expect(shape(parseExpr('h </ 2 + 1'))).toMatchObject({ bin: '</', r: { bin: '+' } });
    expect(shape(parseExpr('h >/ -Inf'))).toMatchObject({ bin: '>/', r: n(-Infinity, 5, 9) });
  });

  it('comments are ignored', () => {
    expect(shape(parseExpr('foo # comment\n + 1 # another'))).toMatchObject({ bin: '+', l: vs('foo', 0, 3) });
    expect(shape(parseExpr('foo{a="b", # why\n c="d"}'))).toMatchObject({ m: ['a=b', 'c=d', '__name__=foo'] });
  });

  it('experimental syntax can be switched off', () => {
    expect(() => parseExpr('x[step()]', { durationExpressions: false })).toThrow('experimental duration expression is not enabled');
    expect(() => parseExpr('a + fill(0) b', { binopFillModifiers: false })).toThrow('binop fill modifiers are experimental and not enabled');
    expect(() => parseExpr('rate(x[1m] anchored)', { extendedRangeSelectors: false })).toThrow('anchored modifier is experimental and not enabled');
    expect(() => parseExpr('sort_by_label(x, "a")', { experimentalFunctions: false })).toThrow('function "sort_by_label" is not enabled');
    expect(() => parseExpr('limitk(1, x)', { experimentalFunctions: false })).toThrow(
      'limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions',
    );
  });
});

describe('walk and children', () => {
  it('visits every node depth-first with its ancestors, and can skip subtrees', () => {
    const e = parseExpr('sum by (a) (rate(x[5m])) / on(a) group_left count(y)');
    const seen: string[] = [];
    walk(e, (node, path) => {
      seen.push(`${path.length}:${node.kind}`);
    });
    expect(seen).toEqual([
      '0:BinaryExpr',
      '1:AggregateExpr',
      '2:Call',
      '3:MatrixSelector',
      '4:VectorSelector',
      '1:AggregateExpr',
      '2:VectorSelector',
    ]);
    const pruned: string[] = [];
    walk(e, (node) => {
      pruned.push(node.kind);
      return node.kind !== 'AggregateExpr';
    });
    expect(pruned).toEqual(['BinaryExpr', 'AggregateExpr', 'AggregateExpr']);
    expect(children(parseExpr('topk(3, x)')).map((c) => c.kind)).toEqual(['VectorSelector', 'NumberLiteral']);
  });
});

describe('parseMetricSelector', () => {
  it('returns the matchers of a lone selector, name matcher last', () => {
    expect(parseMetricSelector('up{job="x"}').map(String)).toEqual(['job="x"', '__name__="up"']);
    expect(parseMetricSelector('{__name__=~".+",}').map(String)).toEqual(['__name__=~".+"']);
    expect(parseMetricSelector('{"my.metric"}').map(String)).toEqual(['__name__="my.metric"']);
  });

  it('rejects anything but a selector, with Prometheus wording', () => {
    expect(() => parseMetricSelector('up + 1')).toThrow('1:4: parse error: unexpected <op:+>');
    expect(() => parseMetricSelector('rate(x[5m])')).toThrow('unexpected "("');
    expect(() => parseMetricSelector('up{')).toThrow('unexpected end of input inside braces');
  });
});
