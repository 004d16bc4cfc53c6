import { describe, expect, it } from 'vitest';
import * as L from '../../../../../electron/core/promql/parser/lexer.js';

const NAMES: Record<number, string> = {};
for (const [k, v] of Object.entries(L)) if (typeof v === 'number') NAMES[v] = k;

function toks(input: string, seriesDesc = false): string[] {
  const t = L.lex(input, seriesDesc);
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) {
    const ty = t.types[i]!;
    out.push(ty === L.ERROR ? `ERROR(${t.errorMessage})` : `${NAMES[ty]}:${input.slice(t.starts[i], t.ends[i])}`);
  }
  return out;
}

describe('lexer', () => {
  it('numbers, durations and identifiers', () => {
    expect(toks('1 0x1F .5 5. 1e-3 1_000 Inf nan 5m 1h30m 1m30ms foo foo:bar')).toEqual([
      'NUMBER:1',
      'NUMBER:0x1F',
      'NUMBER:.5',
      'NUMBER:5.',
      'NUMBER:1e-3',
      'NUMBER:1_000',
      'NUMBER:Inf',
      'NUMBER:nan',
      'DURATION:5m',
      'DURATION:1h30m',
      'DURATION:1m30ms',
      'IDENTIFIER:foo',
      'METRIC_IDENTIFIER:foo:bar',
      'EOF:',
    ]);
  });

  it('operators and keywords, case-insensitively', () => {
    expect(toks('a AND b == c != d <= e >= f < g > h ^ i % j atan2 k </ l >/ m')).toEqual([
      'IDENTIFIER:a',
      'LAND:AND',
      'IDENTIFIER:b',
      'EQLC:==',
      'IDENTIFIER:c',
      'NEQ:!=',
      'IDENTIFIER:d',
      'LTE:<=',
      'IDENTIFIER:e',
      'GTE:>=',
      'IDENTIFIER:f',
      'LSS:<',
      'IDENTIFIER:g',
      'GTR:>',
      'IDENTIFIER:h',
      'POW:^',
      'IDENTIFIER:i',
      'MOD:%',
      'IDENTIFIER:j',
      'ATAN2:atan2',
      'IDENTIFIER:k',
      'TRIM_UPPER:</',
      'IDENTIFIER:l',
      'TRIM_LOWER:>/',
      'IDENTIFIER:m',
      'EOF:',
    ]);
    expect(toks('Sum By (x) offset bool')).toEqual(['SUM:Sum', 'BY:By', 'LEFT_PAREN:(', 'IDENTIFIER:x', 'RIGHT_PAREN:)', 'OFFSET:offset', 'BOOL:bool', 'EOF:']);
  });

  it('keywords are plain identifiers inside braces', () => {
    expect(toks('{by="x", offset!~"y"}')).toEqual([
      'LEFT_BRACE:{',
      'IDENTIFIER:by',
      'EQL:=',
      'STRING:"x"',
      'COMMA:,',
      'IDENTIFIER:offset',
      'NEQ_REGEX:!~',
      'STRING:"y"',
      'RIGHT_BRACE:}',
      'EOF:',
    ]);
  });

  it('fill words are keywords only before "("', () => {
    expect(toks('fill + fill (0) x')).toEqual(['IDENTIFIER:fill', 'ADD:+', 'FILL:fill', 'LEFT_PAREN:(', 'NUMBER:0', 'RIGHT_PAREN:)', 'IDENTIFIER:x', 'EOF:']);
  });

  it('duration expressions inside brackets', () => {
    expect(toks('x[step()+1m:min_of(2m, range())]')).toEqual([
      'IDENTIFIER:x',
      'LEFT_BRACKET:[',
      'STEP:step',
      'LEFT_PAREN:(',
      'RIGHT_PAREN:)',
      'ADD:+',
      'DURATION:1m',
      'COLON::',
      'MIN_OF:min_of',
      'LEFT_PAREN:(',
      'DURATION:2m',
      'COMMA:,',
      'RANGE:range',
      'LEFT_PAREN:(',
      'RIGHT_PAREN:)',
      'RIGHT_PAREN:)',
      'RIGHT_BRACKET:]',
      'EOF:',
    ]);
  });

  it('strings with escapes; comments are skipped', () => {
    expect(toks('"a\\"b" \'c\\\'d\' `e\\f` # comment\n1')).toEqual([
      'STRING:"a\\"b"',
      "STRING:'c\\'d'",
      'STRING:`e\\f`',
      'NUMBER:1',
      'EOF:',
    ]);
  });

  it('stops at the first error, which spans to the end of input', () => {
    const t = L.lex('foo{a="b"} ! 1');
    expect(t.types[t.count - 1]).toBe(L.ERROR);
    expect(t.starts[t.count - 1]).toBe(11);
    expect(t.ends[t.count - 1]).toBe(14);
    expect(t.errorMessage).toBe("unexpected character after '!': ' '");
    // Prometheus quotes the end of input as U+FFFD (checked with Prometheus 2.42); it read '\x00' before.
    expect(L.lex('a !').errorMessage).toBe("unexpected character after '!': '\ufffd'");
    expect(L.lex('{a!').errorMessage).toBe("unexpected character after '!' inside braces: '\ufffd'");
    expect(toks('"\\q"')).toEqual(["ERROR(unknown escape sequence U+0071 'q')"]);
    expect(toks('"abc')).toEqual(['ERROR(unterminated quoted string)']);
    expect(toks('"a\nb"')).toEqual(['ERROR(unterminated quoted string)']);
    expect(toks('x[5m')).toEqual(['IDENTIFIER:x', 'LEFT_BRACKET:[', 'DURATION:5m', 'ERROR(unclosed left bracket)']);
    expect(toks('x]')).toEqual(['IDENTIFIER:x', "ERROR(unexpected right bracket ']')"]);
    expect(toks('x[1m[')).toEqual(['IDENTIFIER:x', 'LEFT_BRACKET:[', 'DURATION:1m', "ERROR(unexpected left bracket '[')"]);
    expect(toks('x[:1m]')).toEqual(['IDENTIFIER:x', 'LEFT_BRACKET:[', 'COLON::', 'ERROR(unexpected colon before duration in duration expression)']);
    expect(toks('"\uFFFD"')).toEqual(['ERROR(invalid UTF-8 rune)']);
    expect(toks('§')).toEqual(["ERROR(unexpected character: '§')"]);
  });

  it('series descriptions: spaces, repetitions, blanks; no hex', () => {
    expect(toks('m{a="b"} 1+2x3 _x2 stale', true)).toEqual([
      'IDENTIFIER:m',
      'LEFT_BRACE:{',
      'IDENTIFIER:a',
      'EQL:=',
      'STRING:"b"',
      'RIGHT_BRACE:}',
      'SPACE: ',
      'NUMBER:1',
      'ADD:+',
      'NUMBER:2',
      'TIMES:x',
      'NUMBER:3',
      'SPACE: ',
      'BLANK:_',
      'TIMES:x',
      'NUMBER:2',
      'SPACE: ',
      'IDENTIFIER:stale',
      'EOF:',
    ]);
  });

  it('describes tokens the way Prometheus messages do', () => {
    expect(L.describeToken(L.ADD, '+')).toBe('<op:+>');
    expect(L.describeToken(L.LAND, 'and')).toBe('<op:and>');
    expect(L.describeToken(L.SUM, 'sum')).toBe('<aggr:sum>');
    expect(L.describeToken(L.BY, 'by')).toBe('<by>');
    expect(L.describeToken(L.LEFT_PAREN, '(')).toBe('"("');
    expect(L.describeToken(L.IDENTIFIER, 'foo')).toBe('identifier "foo"');
    expect(L.describeToken(L.NUMBER, '1')).toBe('number "1"');
    expect(L.describeToken(L.STRING, '"a"')).toBe('string "\\"a\\""');
    expect(L.describeToken(L.STRING, '"abcdefghijklmn"')).toBe('string "\\"abcdefghi"...');
    expect(L.describeToken(L.EOF, '')).toBe('end of input');
  });
});
