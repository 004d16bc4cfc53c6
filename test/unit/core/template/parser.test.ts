/**
 * The parser: Go's parse errors (`template: NAME:LINE: MSG`, the line of the token where
 * parsing stopped), the trees it builds (printed back as Go's Node.String() prints them),
 * define/block bookkeeping and the nesting bounds.
 */

import { describe, expect, test } from 'vitest';
import { nodeString } from '../../../../electron/core/template/ast.js';
import { TemplateError } from '../../../../electron/core/template/errors.js';
import { MAX_CONTROL_DEPTH, MAX_PAREN_DEPTH, parseTrees } from '../../../../electron/core/template/parser.js';
import { PARSE_ERRORS } from './execCases.js';

const FUNCS = new Set(['printf', 'print', 'len', 'eq', 'and', 'or', 'not', 'index', 'slice', 'html', 'js', 'urlquery', 'call', 'lt', 'le', 'gt', 'ge', 'ne', 'println', 'up']);
const has = (f: string): boolean => FUNCS.has(f);

function parseError(text: string): string {
  try {
    parseTrees('t', text, has);
    return 'OK';
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return 'ERR ' + e.message;
  }
}

describe('parse errors as Go words them', () => {
  test.each(PARSE_ERRORS.filter((r) => r[2].startsWith('ERR template: t:') && !/executing/.test(r[2])).map((r) => [r[0], r[2]] as const))('%j', (text, expected) => {
    expect(parseError(text)).toBe(expected);
  });

  test('the line is where parsing stopped', () => {
    expect(parseError('a\nb\n{{ if true }}\nc')).toBe('ERR template: t:4: unexpected EOF');
    expect(parseError('{{ define "x" }}\n\n{{ nope }}{{ end }}')).toBe('ERR template: t:3: function "nope" not defined');
    expect(parseError('{{ printf "a"\n | up\n | nope }}')).toBe('ERR template: t:3: function "nope" not defined');
  });
});

describe('trees', () => {
  test.each([
    ['{{ .a.b | printf "%s" 1 }}', '{{.a.b | printf "%s" 1}}'],
    ['{{ $x := (len "ab") }}{{ $x = 2 }}', '{{$x := (len "ab")}}{{$x = 2}}'],
    ['{{ if eq 1 2 }}a{{ else if true }}b{{ else }}c{{ end }}', '{{if eq 1 2}}a{{else}}{{if true}}b{{else}}c{{end}}{{end}}'],
    ['{{ range $i, $e := . }}{{ $i }}{{ break }}{{ end }}', '{{range $i, $e := .}}{{$i}}{{break}}{{end}}'],
    ['{{ with $ }}{{ . }}{{ else with nil }}x{{ end }}', '{{with $}}{{.}}{{else}}{{with nil}}x{{end}}{{end}}'],
    ['{{ template "x" . }}{{ (index . 0).Name }}', '{{template "x" .}}{{(index . 0).Name}}'],
    ["{{ 0x1F }} {{ 'a' }} {{ `raw` }} {{ true }} {{ nil | print }}", "{{0x1F}} {{'a'}} {{`raw`}} {{true}} {{nil | print}}"],
    ['a {{- /* gone */ -}} b', 'ab'],
  ])('%j prints as %j', (text, printed) => {
    const trees = parseTrees('t', text, has);
    expect(nodeString(trees.get('t')!.root)).toBe(printed);
  });

  test('define and block add templates; an empty redefinition keeps the first', () => {
    const trees = parseTrees('t', '{{ define "a" }}A{{ end }}{{ block "b" . }}B{{ end }}{{ define "a" }} {{ end }}main', has);
    expect([...trees.keys()].sort()).toEqual(['a', 'b', 't']);
    expect(nodeString(trees.get('a')!.root)).toBe('A');
    expect(nodeString(trees.get('t')!.root)).toBe('{{template "b" .}}main');
    expect(trees.get('a')!.parseName).toBe('t');
  });

  test('nesting is bounded below the stack', () => {
    expect(parseError('{{' + '('.repeat(MAX_PAREN_DEPTH) + '1' + ')'.repeat(MAX_PAREN_DEPTH) + '}}')).toBe('OK');
    expect(parseError('{{' + '('.repeat(MAX_PAREN_DEPTH + 1) + '1' + ')'.repeat(MAX_PAREN_DEPTH + 1) + '}}')).toBe('ERR template: t:1: max expression depth exceeded');
    expect(parseError('{{ if 1 }}'.repeat(MAX_CONTROL_DEPTH - 1) + '{{ end }}'.repeat(MAX_CONTROL_DEPTH - 1))).toBe('OK');
    expect(parseError('{{ if 1 }}'.repeat(MAX_CONTROL_DEPTH + 1) + '{{ end }}'.repeat(MAX_CONTROL_DEPTH + 1))).toBe(`ERR template: t:1: control structures nest deeper than ${MAX_CONTROL_DEPTH}`);
  });
});
