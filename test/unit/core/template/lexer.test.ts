/** The lexer: Go's tokens, trim markers, comments, and where each token starts. */

import { describe, expect, test } from 'vitest';
import { lex, Tok, tokenString } from '../../../../electron/core/template/lexer.js';

const OPTS = { breakOK: true, continueOK: true };

function kinds(text: string): string[] {
  return lex(text, OPTS).map((t) => `${Tok[t.typ]}:${JSON.stringify(t.val)}@${t.pos}`);
}

describe('lexer', () => {
  test('text, delimiters, fields, variables, strings, numbers', () => {
    expect(kinds('a{{ .x.y $v := "s" 1.5 }}b')).toEqual([
      'Text:"a"@0',
      'LeftDelim:"{{"@1',
      'Space:" "@3',
      'Field:".x"@4',
      'Field:".y"@6',
      'Space:" "@8',
      'Variable:"$v"@9',
      'Space:" "@11',
      'Declare:":="@12',
      'Space:" "@14',
      'String:"\\"s\\""@15',
      'Space:" "@18',
      'Number:"1.5"@19',
      'Space:" "@22',
      'RightDelim:"}}"@23',
      'Text:"b"@25',
      'EOF:""@26',
    ]);
  });

  test('trim markers eat the space beside them; `{{-3}}` is a number', () => {
    expect(kinds('a \n{{- 1 -}}\t b')).toEqual(['Text:"a"@0', 'LeftDelim:"{{"@3', 'Number:"1"@7', 'RightDelim:"}}"@10', 'Text:"b"@14', 'EOF:""@15']);
    expect(kinds('{{-3}}')).toEqual(['LeftDelim:"{{"@0', 'Number:"-3"@2', 'RightDelim:"}}"@4', 'EOF:""@6']);
  });

  test('comments vanish, with their trim markers', () => {
    expect(kinds('a {{- /* c */ -}} b')).toEqual(['Text:"a"@0', 'Text:"b"@18', 'EOF:""@19']);
  });

  test('keywords; break and continue only when no function takes the names', () => {
    expect(lex('{{break}}', OPTS)[1]!.typ).toBe(Tok.Break);
    expect(lex('{{break}}', { breakOK: false, continueOK: true })[1]!.typ).toBe(Tok.Identifier);
    expect(lex('{{ if else end range with define template block nil . }}', OPTS).filter((t) => t.typ > Tok.Keyword).map((t) => t.val)).toEqual([
      'if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'nil', '.',
    ]);
  });

  test('an error ends the stream, at the offending token', () => {
    const toks = lex('ok {{ "open', OPTS);
    expect(toks.at(-1)).toEqual({ typ: Tok.Error, pos: 6, val: 'unterminated quoted string' });
  });

  test("tokens print as Go's item.String()", () => {
    const [a, b] = lex('{{ "a long string value" if }}', OPTS).filter((t) => t.typ === Tok.String || t.typ === Tok.If);
    expect(tokenString(a!)).toBe('"\\"a long st"...');
    expect(tokenString(b!)).toBe('<if>');
    expect(tokenString({ typ: Tok.EOF, pos: 0, val: '' })).toBe('EOF');
  });

  test('non-ASCII letters make identifiers; other characters are Go’s errors', () => {
    expect(kinds('{{ .héllo }}')[2]).toBe('Field:".héllo"@3');
    expect(lex('{{ € }}', OPTS).at(-1)!.val).toBe("unrecognized character in action: U+20AC '€'");
  });
});
