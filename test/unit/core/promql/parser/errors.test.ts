import { describe, expect, it } from 'vitest';
import { ParseError, parseExpr } from '../../../../../electron/core/promql/parser/index.js';

/** [query, first message, start, end] — messages and positions as Prometheus reports them. */
const CASES: [string, string, number, number][] = [
  ['', 'no expression found in input', 0, 0],
  ['# just a comment\n\n', 'no expression found in input', 0, 0],
  ['1+', 'unexpected end of input', 2, 2],
  ['.', "unexpected character: '.'", 0, 1],
  ['2.5.', 'bad number or duration syntax: "2.5."', 0, 4],
  ['100..4', 'bad number or duration syntax: "100.."', 0, 6],
  ['0deadbeef', 'bad number or duration syntax: "0de"', 0, 9],
  ['1 /', 'unexpected end of input', 3, 3],
  ['*1', 'unexpected <op:*>', 0, 1],
  ['(1))', "unexpected right parenthesis ')'", 4, 4],
  ['((1)', 'unclosed left parenthesis', 4, 4],
  ['(', 'unclosed left parenthesis', 1, 1],
  ['1 and 1', 'set operator "and" not allowed in binary scalar expression', 0, 7],
  ['1 == 1', 'comparisons between scalars must use BOOL modifier', 2, 3],
  ['1 or 1', 'set operator "or" not allowed in binary scalar expression', 0, 6],
  ['1 unless 1', 'set operator "unless" not allowed in binary scalar expression', 0, 10],
  ['1 !~ 1', "unexpected character after '!': '~'", 2, 6],
  ['1 =~ 1', "unexpected character after '=': '~'", 2, 6],
  ['-"string"', 'unary expression only allowed on expressions of type scalar or instant vector, got "string"', 0, 9],
  ['-test[5m]', 'unary expression only allowed on expressions of type scalar or instant vector, got "range vector"', 0, 9],
  ['*test', 'unexpected <op:*>', 0, 1],
  ['@@', 'unexpected <op:@>', 0, 1],
  ['1 offset 1d', 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 1],
  ['foo offset 1s offset 2s', 'offset may not be set multiple times', 0, 13],
  ['a - on(b) ignoring(c) d', 'unexpected <ignoring>', 10, 18],
  ['foo and 1', 'set operator "and" not allowed in binary scalar expression', 0, 9],
  ['1 or on(bar) foo', 'vector matching only allowed between instant vectors', 0, 16],
  ['foo == on(bar) 10', 'vector matching only allowed between instant vectors', 0, 17],
  ['foo + group_left(baz) bar', 'unexpected <group_left>', 6, 16],
  ['foo and on(bar) group_left(baz) bar', 'no grouping allowed for "and" operation', 0, 35],
  ['foo or on(bar) group_right(baz) bar', 'no grouping allowed for "or" operation', 0, 35],
  ['foo unless on(bar) group_left(baz) bar', 'no grouping allowed for "unless" operation', 0, 38],
  [
    'http_requests{group="production"} + on(instance) group_left(job,instance) cpu_count{type="smp"}',
    'label "instance" must not occur in ON and GROUP clause at once',
    34,
    72,
  ],
  ['foo + bool bar', 'bool modifier can only be used on comparison operators', 4, 9],
  ['foo + bool 10', 'bool modifier can only be used on comparison operators', 4, 9],
  ['foo and bool 10', 'bool modifier can only be used on comparison operators', 4, 11],
  ['foo @ +Inf', 'timestamp out of bounds for @ modifier: +Inf', 0, 3],
  ['foo @ -Inf', 'timestamp out of bounds for @ modifier: -Inf', 0, 3],
  ['foo @ NaN', 'timestamp out of bounds for @ modifier: NaN', 0, 3],
  ['foo @ 9223372036854775808.000000', 'timestamp out of bounds for @ modifier: 9223372036854775808.000000', 0, 3],
  ['{', 'unexpected end of input inside braces', 1, 1],
  ['}', "unexpected character: '}'", 0, 1],
  ['some{', 'unexpected end of input inside braces', 5, 5],
  ['some}', "unexpected character: '}'", 4, 5],
  ['some_metric{a=b}', 'unexpected identifier "b" in label matching, expected string', 14, 15],
  ['some_metric{a:b="b"}', "unexpected character inside braces: ':'", 13, 20],
  ['foo{a*"b"}', "unexpected character inside braces: '*'", 5, 10],
  ['foo{a>="b"}', "unexpected character inside braces: '>'", 5, 11],
  ['foo{gibberish}', 'unexpected "}" in label matching, expected label matching operator', 13, 14],
  ['foo{1}', "unexpected character inside braces: '1'", 4, 6],
  ['{}', 'vector selector must contain at least one non-empty matcher', 0, 2],
  ['{x=""}', 'vector selector must contain at least one non-empty matcher', 0, 6],
  ['{x=~".*"}', 'vector selector must contain at least one non-empty matcher', 0, 9],
  ['{x!~".+"}', 'vector selector must contain at least one non-empty matcher', 0, 9],
  ['{x!="a"}', 'vector selector must contain at least one non-empty matcher', 0, 8],
  ['foo{__name__="bar"}', 'metric name must not be set twice: "foo" or "bar"', 0, 19],
  ['foo{__name__= =}', 'unexpected "=" in label matching, expected string', 14, 15],
  ['foo{,}', 'unexpected "," in label matching, expected identifier or "}"', 4, 5],
  ['foo{__name__ == "bar"}', 'unexpected "=" in label matching, expected string', 14, 15],
  ['foo{__name__="bar" lol}', 'unexpected identifier "lol" in label matching, expected "," or "}"', 19, 22],
  ['foo{"a"=}', 'unexpected "}" in label matching, expected string', 8, 9],
  ['foo[5mm]', 'bad number or duration syntax: "5mm"', 4, 8],
  ['foo[5m1]', 'bad number or duration syntax: "5m1"', 4, 8],
  ['foo[5m:1m1]', 'bad number or duration syntax: "1m1"', 7, 11],
  ['foo[5y1hs]', 'unknown unit "hs" in duration "5y1hs"', 4, 9],
  ['foo[5m1h]', 'not a valid duration string: "5m1h"', 4, 8],
  ['foo[5m1m]', 'not a valid duration string: "5m1m"', 4, 8],
  ['foo[0m]', 'duration must be greater than 0', 4, 6],
  ['foo["5m"]', `unexpected character in duration expression: '"'`, 4, 9],
  ['foo[]', 'unexpected "]" in subquery or range selector, expected number, duration, step(), or range()', 4, 5],
  ['foo[-1]', 'duration must be greater than 0', 4, 6],
  ['some_metric[5m] OFFSET 1mm', 'bad number or duration syntax: "1mm"', 23, 26],
  ['some_metric[5m] OFFSET', 'unexpected end of input in offset, expected number, duration, step(), or range()', 22, 22],
  ['some_metric OFFSET 1m[5m]', 'no offset modifiers allowed before range', 21, 25],
  ['some_metric[5m] @', 'unexpected end of input in @, expected timestamp', 17, 17],
  ['some_metric @ 1234 [5m]', 'no @ modifiers allowed before range', 19, 23],
  ['some_metric @ start() [5m]', 'no @ modifiers allowed before range', 22, 26],
  ['some_metric @ end()[5m]', 'no @ modifiers allowed before range', 19, 23],
  ['some_metric offset step()[5m]', 'no offset modifiers allowed before range', 25, 29],
  ['(foo + bar)[5m]', 'ranges only allowed for vector selectors', 11, 15],
  ['sum by ("foo)(some_metric{})', 'unterminated quoted string', 8, 28],
  ['sum without(==)(some_metric)', 'unexpected <op:==> in grouping opts, expected label', 12, 14],
  ['sum without(,)(some_metric)', 'unexpected "," in grouping opts, expected label', 12, 13],
  ['sum without(foo,,)(some_metric)', 'unexpected "," in grouping opts, expected label', 16, 17],
  ['sum some_metric by (test)', 'unexpected identifier "some_metric"', 4, 15],
  ['sum (some_metric) by test', 'unexpected identifier "test" in grouping opts, expected "("', 21, 25],
  ['sum () by (test)', 'no arguments for aggregate expression provided', 0, 16],
  ['MIN keep_common (some_metric)', 'unexpected identifier "keep_common"', 4, 15],
  ['MIN (some_metric) keep_common', 'unexpected identifier "keep_common"', 18, 29],
  ['sum (some_metric) without (test) by (test)', 'unexpected <by>', 33, 35],
  ['sum without (test) (some_metric) by (test)', 'unexpected <by>', 33, 35],
  ['topk(some_metric)', 'wrong number of arguments for aggregate expression provided, expected 2, got 1', 0, 17],
  ['topk(some_metric,)', 'trailing commas not allowed in function call args', 16, 17],
  ['topk(some_metric, other_metric)', 'expected type scalar in aggregation parameter, got instant vector', 5, 16],
  ['count_values(5, other_metric)', 'expected type string in aggregation parameter, got scalar', 13, 14],
  ['rate(some_metric[5m]) @ 1234', '@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', 0, 21],
  ['floor()', 'expected 1 argument(s) in call to "floor", got 0', 0, 7],
  ['floor(some_metric, other_metric)', 'expected 1 argument(s) in call to "floor", got 2', 0, 32],
  ['floor(some_metric, 1)', 'expected 1 argument(s) in call to "floor", got 2', 0, 21],
  ['floor(1)', 'expected type instant vector in call to function "floor", got scalar', 6, 7],
  ['hour(some_metric, some_metric, some_metric)', 'expected at most 1 argument(s) in call to "hour", got 3', 0, 43],
  ['time(some_metric)', 'expected 0 argument(s) in call to "time", got 1', 0, 17],
  ['non_existent_function_far_bar()', 'unknown function with name "non_existent_function_far_bar"', 0, 29],
  ['rate(some_metric)', 'expected type range vector in call to function "rate", got instant vector', 5, 16],
  ['label_join(a)', 'expected at least 3 argument(s) in call to "label_join", got 1', 0, 13],
  ['-=', 'unexpected "="', 1, 2],
  ['++-++-+-+-<', 'unexpected <op:<>', 10, 11],
  ['e-+=/(0)', 'unexpected "="', 3, 4],
  ['a>b()', 'unknown function with name "b"', 2, 3],
  ['rate(avg)', 'expected type range vector in call to function "rate", got instant vector', 5, 8],
  ['`\\``', 'unterminated raw string', 3, 4],
  ['"\\', 'escape sequence not terminated', 0, 2],
  ['"\\c"', "unknown escape sequence U+0063 'c'", 0, 4],
  ['"\\x."', "illegal character U+002E '.' in escape sequence", 0, 5],
  ['"\\ud800"', 'escape sequence is an invalid Unicode code point', 0, 8],
  ['foo{bar="baz"}[', 'unexpected end of input in duration expression', 15, 15],
  ['test[5d] OFFSET 10s [10m:5s]', 'subquery is only allowed on instant vector, got matrix instead', 0, 28],
  ['(foo + bar{nm="val"})[5m:][10m:5s]', 'subquery is only allowed on instant vector, got matrix instead', 0, 34],
  ['rate(food[1m])[1h] offset 1h', 'ranges only allowed for vector selectors', 14, 18],
  ['rate(food[1m])[1h] @ 100', 'ranges only allowed for vector selectors', 14, 18],
  [
    'info(rate(http_request_counter_total{}[5m]), target_info{foo="bar"})',
    'expected label selectors only, got vector selector instead',
    45,
    67,
  ],
  ['info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1)', 'expected label selectors only', 50, 66],
  ['foo[step]', 'unexpected "]" in subquery or range selector, expected number, duration, step(), or range()', 8, 9],
  ['foo[step()/0d]', 'division by zero', 10, 11],
  ['foo[5s/0d]', 'division by zero', 6, 7],
  ['foo offset (4d/0)', 'division by zero', 14, 15],
  ['foo[5s%0d]', 'modulo by zero', 6, 7],
  ['foo offset 9.5e10', 'duration out of range', 11, 17],
  ['foo[9.5e10]', 'duration out of range', 4, 10],
  ['sum(', 'unclosed left parenthesis', 4, 4],
  ['sum(rate(', 'unclosed left parenthesis', 9, 9],
  ['foo[5s x 5s]', "unexpected character: 'x', expected ':'", 7, 12],
  ['foo[5s s 5s]', "unexpected character: 's', expected ':'", 7, 12],
  ['1[5m] smoothed', 'ranges only allowed for vector selectors', 1, 5],
  ['1[5m] anchored', 'ranges only allowed for vector selectors', 1, 5],
  ['foo[5m:1m] anchored', 'anchored modifier is not supported for subqueries', 0, 10],
  ['foo[5m] anchored smoothed', 'anchored and smoothed modifiers cannot be used together', 0, 16],
  [
    '999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999',
    'error parsing number: strconv.ParseFloat: parsing "999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999": value out of range',
    0,
    309,
  ],
  ['a + fill(0) 1', 'filling in missing series only allowed between instant vectors', 0, 13],
  ['a and fill(0) b', 'filling in missing series not allowed for set operators', 0, 15],
  ['foo[1m] offset 1m offset 2m', 'offset may not be set multiple times', 0, 17],
  ['foo @ 1 @ 2', '@ <timestamp> may not be set multiple times', 0, 7],
  ['foo{a=~"(.*"}', 'error parsing regexp', 4, 12],
];

describe('parse errors (messages and positions as Prometheus reports them)', () => {
  it.each(CASES)('%j', (query, message, start, end) => {
    let err: unknown;
    try {
      parseExpr(query);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.errors[0]!.message.startsWith(message)).toBe(true);
    if (!message.startsWith('error parsing regexp')) expect(pe.errors[0]!.message).toBe(message);
    expect(pe.positionRange).toEqual({ start, end });
  });

  it('formats "line:col: parse error: msg" with the column in UTF-8 bytes', () => {
    expect(() => parseExpr('foo + *')).toThrow('1:7: parse error: unexpected <op:*>');
    expect(() => parseExpr('sum(\n  rate(x[5m])\n) +')).toThrow('3:4: parse error: unexpected end of input');
    // "é" is two bytes in UTF-8, so the error column is one more than the UTF-16 offset suggests.
    expect(() => parseExpr('{a="é"} + *')).toThrow('1:12: parse error: unexpected <op:*>');
  });

  it('keeps every error when type checks find several, first one in the message', () => {
    try {
      parseExpr('foo and on(bar) group_left(baz) bar');
      expect.unreachable();
    } catch (e) {
      const pe = e as ParseError;
      expect(pe.errors.map((x) => x.message)).toEqual([
        'no grouping allowed for "and" operation',
        'set operations must always be many-to-many',
      ]);
    }
  });

  it('reports every empty selector in a long chain without overflowing the stack', () => {
    const q = '(' + '-{}-1'.repeat(10000) + ')' + '[1m:]'.repeat(1000);
    try {
      parseExpr(q);
      expect.unreachable();
    } catch (e) {
      const pe = e as ParseError;
      const empty = pe.errors.filter((x) => x.message === 'vector selector must contain at least one non-empty matcher');
      const sub = pe.errors.filter((x) => x.message === 'subquery is only allowed on instant vector, got matrix instead');
      expect(empty.length).toBe(10000);
      expect(empty[0]!.positionRange).toEqual({ start: 2, end: 4 });
      expect(empty[1]!.positionRange).toEqual({ start: 7, end: 9 });
      expect(sub.length).toBe(999);
      expect(sub[0]!.positionRange).toEqual({ start: 0, end: 50012 });
    }
  });

  it('names the division operator position when a duration divides by zero, then rejects the zero range', () => {
    try {
      parseExpr('foo[5s/0d]');
      expect.unreachable();
    } catch (e) {
      expect((e as ParseError).errors.map((x) => x.message)).toEqual(['division by zero', 'duration must be greater than 0']);
    }
  });
});
