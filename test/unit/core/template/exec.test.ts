/**
 * Go text/template semantics, case by case (in the spirit of Go's exec_test.go, with Go's
 * outputs and error texts): data access, missingkey, control structures, variables,
 * builtins, constants, trim markers, define/template/block, function calls (sync and
 * async), and errors with Go's positions. Each row: template, data, expected output or
 * `ERR <message>`.
 */

import { describe, expect, test } from 'vitest';
import { GoMap, GoStruct, parseTemplate, type TemplateOptions } from '../../../../electron/core/template/index.js';

type Row = readonly [text: string, data: unknown, expected: string, opts?: TemplateOptions];

async function run(text: string, data: unknown, opts?: TemplateOptions): Promise<string> {
  try {
    return await parseTemplate('t', text, opts).execute(data);
  } catch (e) {
    return 'ERR ' + (e as Error).message;
  }
}

const list = [1n, 2n, 3n];
const nested = { a: { b: { c: 'deep' } }, items: ['x', 'y'], name: 'N', empty: [], zero: 0n, m: { b: 2n, a: 1n, c: 3n } };
const strMap = new GoMap('string', { job: 'node' });
const person = new GoStruct('main.Person', { Name: 'Ann', Age: 30n });
const personPtr = new GoStruct('main.Person', { Name: 'Bob', Age: 40n }, true);

const funcs: TemplateOptions['funcs'] = {
  add: (a: unknown, b: unknown) => (a as bigint) + (b as bigint),
  fail: () => {
    throw new Error('boom');
  },
  later: async (x: unknown) => `later:${String(x)}`,
  laterFail: async () => {
    throw new Error('async boom');
  },
  twice: (s: unknown) => `${String(s)}${String(s)}`,
  // A function value for `call`.
  getFn: () => (x: unknown) => `called ${String(x)}`,
};

const DATA_ACCESS: Row[] = [
  ['{{.}}', 'hello', 'hello'],
  ['{{.}}', 1.5, '1.5'],
  ['{{.}}', 42n, '42'],
  ['{{.}}', true, 'true'],
  ['{{.}}', undefined, '<no value>'],
  ['{{.}}', null, '<no value>'],
  ['{{.}}', list, '[1 2 3]'],
  ['{{.}}', { b: 1n, a: 'x' }, 'map[a:x b:1]'],
  ['{{.a.b.c}}', nested, 'deep'],
  ['{{.a.b}}', nested, 'map[c:deep]'],
  ['{{.name}}', nested, 'N'],
  ['{{.missing}}', nested, '<no value>'],
  ['{{.missing}}', nested, '<no value>', { missingKey: 'zero' }],
  ['{{.missing}}', nested, 'ERR template: t:1:2: executing "t" at <.missing>: map has no entry for key "missing"', { missingKey: 'error' }],
  ['{{.missing.deeper}}', nested, '<no value>'],
  ['{{.missing.deeper}}', nested, 'ERR template: t:1:10: executing "t" at <.missing.deeper>: map has no entry for key "missing"', { missingKey: 'error' }],
  ['{{.job}}|{{.nope}}', strMap, 'node|<no value>'],
  ['{{.job}}|{{.nope}}|', strMap, 'node||', { missingKey: 'zero' }],
  ['{{.Name}} {{.Age}}', person, 'Ann 30'],
  ['{{.Name}}', personPtr, 'Bob'],
  ['{{.}}', person, '{Ann 30}'],
  ['{{.}}', personPtr, '{Bob 40}'],
  ['{{printf "%v|%+v" . .}}', person, '{Ann 30}|{Name:Ann Age:30}'],
  ['{{.Nope}}', person, 'ERR template: t:1:2: executing "t" at <.Nope>: can\'t evaluate field Nope in type main.Person'],
  ['{{.Nope}}', personPtr, 'ERR template: t:1:2: executing "t" at <.Nope>: can\'t evaluate field Nope in type *main.Person'],
  ['{{.zero.x}}', nested, 'ERR template: t:1:7: executing "t" at <.zero.x>: can\'t evaluate field x in type int'],
  ['{{.name.x}}', nested, 'ERR template: t:1:7: executing "t" at <.name.x>: can\'t evaluate field x in type string'],
  ['{{.name 1}}', nested, 'ERR template: t:1:2: executing "t" at <.name>: name is not a method but has arguments'],
  ['{{.Name 1}}', person, 'ERR template: t:1:2: executing "t" at <.Name>: Name has arguments but cannot be invoked as function'],
  ['{{.Foo}}', undefined, 'ERR template: t:1:2: executing "t" at <.Foo>: nil data; no entry for key "Foo"', { missingKey: 'error' }],
  ['{{$}}', 'root', 'root'],
  ['{{range .items}}{{$.name}}{{.}}{{end}}', nested, 'NxNy'],
  ['{{(index .items 1)}}', nested, 'y'],
  ['{{(index . 0).name}}', [{ name: 'first' }], 'first'],
  ['{{.m}}', nested, 'map[a:1 b:2 c:3]'],
  ['{{with $x := .a}}{{$x.b.c}}{{end}}', nested, 'deep'],
  ['{{.a.b.c.d}}', nested, 'ERR template: t:1:4: executing "t" at <.a.b.c.d>: can\'t evaluate field d in type string'],
  ['{{nil}}', null, 'ERR template: t:1:2: executing "t" at <nil>: nil is not a command'],
  ['{{(nil).x}}', null, 'ERR template: t:1:3: executing "t" at <nil>: nil is not a command'],
  ['{{1 2}}', null, 'ERR template: t:1:2: executing "t" at <1>: can\'t give argument to non-function 1'],
  ['{{$x := 1}}{{$x 2}}', null, 'ERR template: t:1:13: executing "t" at <$x>: can\'t give argument to non-function $x'],
  ['{{"a" | "b"}}', null, 'ERR template: t:1: non executable command in pipeline stage 2'],
  ['{{. | getFn}}', null, 'ERR template: t:1:6: executing "t" at <getFn>: wrong number of args for getFn: want 0 got 1', { funcs: { getFn: { fn: () => 1, params: [] } } }],
];

const CONTROL: Row[] = [
  ['{{if true}}T{{end}}', null, 'T'],
  ['{{if false}}T{{else}}F{{end}}', null, 'F'],
  ['{{if 0}}T{{else}}F{{end}}', null, 'F'],
  ['{{if 0.0}}T{{else}}F{{end}}', null, 'F'],
  ['{{if ""}}T{{else}}F{{end}}', null, 'F'],
  ['{{if "x"}}T{{else}}F{{end}}', null, 'T'],
  ['{{if .}}T{{else}}F{{end}}', [], 'F'],
  ['{{if .}}T{{else}}F{{end}}', {}, 'F'],
  ['{{if .}}T{{else}}F{{end}}', { a: 1n }, 'T'],
  ['{{if .}}T{{else}}F{{end}}', undefined, 'F'],
  ['{{if .}}T{{else}}F{{end}}', person, 'T'],
  ['{{if .x}}A{{else if .y}}B{{else}}C{{end}}', { y: 1n }, 'B'],
  ['{{if .x}}A{{else if .y}}B{{else}}C{{end}}', {}, 'C'],
  ['{{if .x}}A{{else if .y}}B{{else if .z}}Z{{end}}', { z: true }, 'Z'],
  ['{{with .a}}{{.b.c}}{{end}}', nested, 'deep'],
  ['{{with .missing}}X{{else}}none{{end}}', nested, 'none'],
  ['{{with .x}}A{{else with .y}}B{{.}}{{else}}C{{end}}', { y: 'why' }, 'Bwhy'],
  ['{{with .x}}A{{else with .y}}B{{else}}C{{end}}', {}, 'C'],
  ['{{range .}}{{.}},{{end}}', list, '1,2,3,'],
  ['{{range $i, $v := .}}{{$i}}:{{$v}} {{end}}', ['a', 'b'], '0:a 1:b '],
  ['{{range $v := .}}{{$v}}{{end}}', ['a', 'b'], 'ab'],
  ['{{range $k, $v := .}}{{$k}}={{$v}} {{end}}', { b: 2n, a: 1n, c: 3n }, 'a=1 b=2 c=3 '],
  ['{{range .}}{{.}}{{end}}', { b: 2n, a: 1n }, '12'],
  ['{{range .}}x{{else}}empty{{end}}', [], 'empty'],
  ['{{range .}}x{{else}}empty{{end}}', {}, 'empty'],
  ['{{range .}}x{{else}}empty{{end}}', undefined, 'empty'],
  ['{{range .}}{{.}}{{end}}', 'str', 'ERR template: t:1:8: executing "t" at <.>: range can\'t iterate over str'],
  ['{{range .}}{{.}}{{end}}', true, 'ERR template: t:1:8: executing "t" at <.>: range can\'t iterate over true'],
  ['{{range 3}}{{.}}{{end}}', null, '012'],
  ['{{range $i := 3}}{{$i}}{{end}}', null, '012'],
  ['{{range 0}}x{{else}}none{{end}}', null, 'none'],
  ['{{range .}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}', list, '13'],
  ['{{range .}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}', list, '1'],
  ['{{range .}}{{range .}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}};{{end}}', [[1n, 2n, 3n], [4n]], '1;4;'],
  ['{{range $i, $v := .}}{{if $i}},{{end}}{{$v}}{{end}}', ['a', 'b', 'c'], 'a,b,c'],
  ['{{$x := 0}}{{range .}}{{$x = .}}{{end}}{{$x}}', list, '3'],
  ['{{$i := 9}}{{range $i, $v := .}}{{end}}{{$i}}', list, '9'],
  ['{{range $i, $v = .}}{{end}}', list, 'ERR template: t:1:17: executing "t" at <.>: undefined variable: $i'],
  ['{{$i := 0}}{{$v := 0}}{{range $i, $v = .}}{{end}}{{$i}}{{$v}}', list, '23'],
  ['{{range .}}{{$x := .}}{{end}}{{$x}}', list, 'ERR template: t:1: undefined variable "$x"'],
];

const VARIABLES: Row[] = [
  ['{{$x := 5}}{{$x}}', null, '5'],
  ['{{$x := 1}}{{$x = 2}}{{$x}}', null, '2'],
  ['{{$x := 1}}{{$x := 2}}{{$x}}', null, '2'],
  ['{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}', null, '21'],
  ['{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}', null, '2'],
  ['{{if $x := .}}{{$x}}{{end}}', 'v', 'v'],
  ['{{$x := .a}}{{$x.b.c}}', nested, 'deep'],
  ['{{$x}}', null, 'ERR template: t:1: undefined variable "$x"'],
  ['{{$x = 1}}', null, 'ERR template: t:1:7: executing "t" at <1>: undefined variable: $x'],
  ['{{$x, $y := 1}}', null, 'ERR template: t:1: too many declarations in command'],
  ['{{range $a, $b, $c := .}}{{end}}', null, 'ERR template: t:1: too many declarations in range'],
  ['{{define "d"}}{{$}}{{end}}{{template "d" 7}}', null, '7'],
  ['{{$x := 1}}{{define "d"}}{{$x}}{{end}}', null, 'ERR template: t:1: undefined variable "$x"'],
  ['{{ $x := "a" }}{{ $x = printf "%s%s" $x "b" }}{{ $x }}', null, 'ab'],
];

const BUILTINS: Row[] = [
  ['{{and 1 0 2}}', null, '0'],
  ['{{and 1 2}}', null, '2'],
  ['{{or 0 "" "x"}}', null, 'x'],
  ['{{or 0 ""}}', null, ''],
  ['{{or false (index nil 1)}}', null, 'ERR template: t:1:12: executing "t" at <index nil 1>: error calling index: index of untyped nil'],
  ['{{or true (index nil 1)}}', null, 'true'],
  ['{{and false (index nil 1)}}', null, 'false'],
  ['{{and 1 .}}', 'piped', 'piped'],
  ['{{"x" | and 1}}', null, 'x'],
  ['{{"x" | or 0}}', null, 'x'],
  ['{{not 0}} {{not "x"}} {{not .}}', undefined, 'true false true'],
  ['{{not}}', null, 'ERR template: t:1:2: executing "t" at <not>: wrong number of args for not: want 1 got 0'],
  ['{{eq 2 1 2 3}} {{eq 2 1 3}}', null, 'true false'],
  ['{{eq "a" "a"}} {{eq "a" "b"}} {{eq true true}} {{eq 1.5 1.5}}', null, 'true false true true'],
  ['{{eq 1 1.0}}', null, 'ERR template: t:1:2: executing "t" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64'],
  ['{{eq "1" 1}}', null, 'ERR template: t:1:2: executing "t" at <eq "1" 1>: error calling eq: incompatible types for comparison: string and int'],
  ['{{eq 1}}', null, 'ERR template: t:1:2: executing "t" at <eq 1>: error calling eq: missing argument for comparison'],
  ['{{eq .missing 1}}', {}, 'false'],
  ['{{eq .missing .other}}', {}, 'true'],
  ['{{ne 1 2}} {{ne "a" "a"}}', null, 'true false'],
  ['{{lt 1 2}} {{lt 2 1}} {{lt 1.5 2.5}} {{lt "a" "b"}}', null, 'true false true true'],
  ['{{le 2 2}} {{gt 3 2}} {{ge 2 3}} {{gt "b" "a"}}', null, 'true true false true'],
  ['{{lt true false}}', null, 'ERR template: t:1:2: executing "t" at <lt true false>: error calling lt: invalid type for comparison'],
  ['{{lt 1 1.5}}', null, 'ERR template: t:1:2: executing "t" at <lt 1 1.5>: error calling lt: incompatible types for comparison: int and float64'],
  ['{{lt . 1}}', list, 'ERR template: t:1:2: executing "t" at <lt . 1>: error calling lt: invalid type for comparison'],
  ['{{gt .Value 0.5}}', { Value: 0.7 }, 'true'],
  ['{{len .}}', list, '3'],
  ['{{len .}}', { a: 1n, b: 2n }, '2'],
  ['{{len "héllo"}}', null, '6'],
  ['{{len 3}}', null, 'ERR template: t:1:2: executing "t" at <len 3>: error calling len: len of type int'],
  ['{{len .}}', undefined, 'ERR template: t:1:2: executing "t" at <len .>: error calling len: len of nil pointer'],
  ['{{index . 1}}', ['a', 'b'], 'b'],
  ['{{index . 0 1}}', [['a', 'b']], 'b'],
  ['{{index .m "b"}}', nested, '2'],
  ['{{index .m "zz"}}', nested, '<no value>'],
  ['{{index . "zz"}}|', strMap, '|'],
  ['{{index . 5}}', list, 'ERR template: t:1:2: executing "t" at <index . 5>: error calling index: index out of range: 5'],
  ['{{index . -1}}', list, 'ERR template: t:1:2: executing "t" at <index . -1>: error calling index: index out of range: -1'],
  ['{{index . "a"}}', list, 'ERR template: t:1:2: executing "t" at <index . "a">: error calling index: cannot index slice/array with type string'],
  ['{{index . 1}}', 5n, 'ERR template: t:1:2: executing "t" at <index . 1>: error calling index: can\'t index item of type int'],
  ['{{index "abc" 1}}', null, '98'],
  ['{{index .}}', 'same', 'same'],
  ['{{slice "abcde" 1 3}}', null, 'bc'],
  ['{{slice "abcde" 2}}', null, 'cde'],
  ['{{slice .}}|{{slice . 1}}|{{slice . 1 2}}', list, '[1 2 3]|[2 3]|[2]'],
  ['{{slice . 2 1}}', list, 'ERR template: t:1:2: executing "t" at <slice . 2 1>: error calling slice: invalid slice index: 2 > 1'],
  ['{{slice . 1 5}}', list, 'ERR template: t:1:2: executing "t" at <slice . 1 5>: error calling slice: index out of range: 5'],
  ['{{slice "abc" 0 1 2}}', null, 'ERR template: t:1:2: executing "t" at <slice "abc" 0 1 2>: error calling slice: cannot 3-index slice a string'],
  ['{{slice 3 1}}', null, 'ERR template: t:1:2: executing "t" at <slice 3 1>: error calling slice: can\'t slice item of type int'],
  ['{{print "a" 1 2 "b" 3.5 true}}', null, 'a1 2b3.5 true'],
  ['{{print}}', null, ''],
  ['{{print .missing}}', {}, '<nil>'],
  ['{{println 1 "a"}}', null, '1 a\n'],
  ['{{printf "%d-%s" 1 "x"}}', null, '1-x'],
  ['{{"x" | printf "%s-%s" "a"}}', null, 'a-x'],
  ['{{printf}}', null, 'ERR template: t:1:2: executing "t" at <printf>: wrong number of args for printf: want at least 1 got 0'],
  ['{{printf 1}}', null, 'ERR template: t:1:9: executing "t" at <1>: expected string; found 1'],
  ['{{printf .}}', 5n, 'ERR template: t:1:9: executing "t" at <.>: wrong type for value; expected string; got int'],
  ['{{html "<a href=\'x\'>&\\"\\x00"}}', null, '&lt;a href=&#39;x&#39;&gt;&amp;&#34;\ufffd'],
  ['{{html 1 2}} {{html .x}}', {}, '1 2 &lt;no value&gt;'],
  ['{{js "it\'s <b>=\\"&\\"\\n\\u2028é"}}', null, "it\\'s \\u003Cb\\u003E\\u003D\\\"\\u0026\\\"\\u000A\\u2028é"],
  ['{{urlquery "a b&c/d?é"}}', null, 'a+b%26c%2Fd%3F%C3%A9'],
  ['{{call .f 2}}', { f: (x: unknown) => `f(${String(x)})` }, 'f(2)'],
  ['{{call (getFn) "x"}}', null, 'called x', { funcs }],
  ['{{call .x}}', { x: 1n }, 'ERR template: t:1:2: executing "t" at <call .x>: error calling call: non-function .x of type int'],
  ['{{call .nope}}', {}, 'ERR template: t:1:2: executing "t" at <call .nope>: error calling call: call of nil'],
];

const CONSTANTS: Row[] = [
  ['{{1.5}} {{-2}} {{+3}} {{1e3}} {{1.0}} {{0.1}}', null, '1.5 -2 3 1000 1 0.1'],
  ['{{0x10}} {{0X1f}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{0x_ff}}', null, '16 31 15 15 5 1000 255'],
  ['{{0x1p4}} {{1e-7}} {{1e21}} {{123456789.0}} {{100000.0}}', null, '16 1e-07 1e+21 1.23456789e+08 100000'],
  ["{{'a'}} {{'\\n'}} {{'\\u00e9'}} {{'\\x41'}} {{'\\''}}", null, '97 10 233 65 39'],
  ['{{printf "%T %T %T %T %T" 1 1.0 \'a\' "s" true}}', null, 'int float64 int string bool'],
  ['{{"a\\tb\\n\\"q\\"\\\\"}}', null, 'a\tb\n"q"\\'],
  ['{{`a\\tb`}}', null, 'a\\tb'],
  ['{{"\\u00e9\\x41\\101\\U0001F600"}}', null, 'éAA😀'],
  ['{{"multi\nline"}}', null, 'ERR template: t:1: unterminated quoted string'],
  ['{{`multi\nline`}}', null, 'multi\nline'],
  ['{{true}} {{false}}', null, 'true false'],
  ['{{9223372036854775807}}', null, '9223372036854775807'],
  ['{{9223372036854775808}}', null, 'ERR template: t:1:2: executing "t" at <9223372036854775808>: 9223372036854775808 overflows int'],
  ['{{99999999999999999999}}', null, 'ERR template: t:1: integer overflow: "99999999999999999999"'],
  ["{{'ab'}}", null, "ERR template: t:1: malformed character constant: 'ab'"],
  ['{{"\\q"}}', null, 'ERR template: t:1: invalid syntax'],
  ['{{3k}}', null, 'ERR template: t:1: bad number syntax: "3k"'],
  ['{{1+2i}}', null, 'ERR template: t:1: complex constants are not supported: "1+2i"'],
  ['{{.5}}', null, '0.5'],
];

const SYNTAX: Row[] = [
  ['a{{/* comment */}}b', null, 'ab'],
  ['a {{- /* comment */ -}} b', null, 'ab'],
  ['a{{/* multi\nline */}}b', null, 'ab'],
  ['{{23 -}} < {{- 45}}', null, '23<45'],
  ['{{-3}}', null, '-3'],
  ['a  \n {{- "b" -}} \n\t c', null, 'abc'],
  ['a {{- "b"}} c', null, 'ab c'],
  ['a {{"b" -}} c', null, 'a bc'],
  ['{{- "only" -}}', null, 'only'],
  ['x {{-\n"nl"\n-}} y', null, 'xnly'],
  ['{{ 1\n }}', null, '1'],
  ['{{(print "a" "b") | len}}', null, '2'],
  ['{{((1))}}', null, '1'],
  ['{{print (print 1 (print 2 (print 3)))}}', null, '123'],
  ['{{print 1 (print 2) 3}}', null, '123'],
  ['{{print 1 2.5 (len "ab") true}}', null, '1 2.5 2 true'],
  ['{{"ab" | twice | twice}}', null, 'abababab', { funcs }],
  ['{{add 1 2 | add 3}}', null, '6', { funcs }],
  ['{{later 5}}', null, 'later:5', { funcs }],
  ['{{range .}}{{later .}};{{end}}', list, 'later:1;later:2;later:3;', { funcs }],
  ['{{fail}}', null, 'ERR template: t:1:2: executing "t" at <fail>: error calling fail: boom', { funcs }],
  ['{{laterFail}}', null, 'ERR template: t:1:2: executing "t" at <laterFail>: error calling laterFail: async boom', { funcs }],
  ['{{len "x"}}', null, 'mine', { funcs: { len: () => 'mine' } }],
  ['{{break}}', null, 'user break', { funcs: { break: () => 'user break' } }],
  ['{{define "a"}}A{{.}}{{end}}{{template "a" 1}}{{template "a" "z"}}', null, 'A1Az'],
  ['{{define "a"}}A{{end}}x{{template "a"}}', null, 'xA'],
  ['{{template "a" .}}{{define "a"}}[{{.}}]{{end}}', 'dot', '[dot]'],
  ['{{block "b" .}}default {{.}}{{end}}', 'v', 'default v'],
  ['{{define "b"}}over{{end}}{{block "b" .}}default{{end}}', null, 'ERR template: t:1: template: multiple definition of template "b"'],
  ['{{define "a"}}1{{end}}{{define "a"}}2{{end}}', null, 'ERR template: t:1: template: multiple definition of template "a"'],
  ['{{define "a"}}  {{end}}{{define "a"}}2{{end}}{{template "a"}}', null, '2'],
  ['{{define "list"}}{{range .}}<{{template "item" .}}>{{end}}{{end}}{{define "item"}}{{.}}{{end}}{{template "list" .}}', list, '<1><2><3>'],
  ['{{define `raw`}}R{{end}}{{template `raw`}}', null, 'R'],
  ['{{template "nope"}}', null, 'ERR template: t:1:11: executing "t" at <{{template "nope"}}>: template "nope" not defined'],
  ['{{define "d"}}{{.x.y}}{{end}}{{template "d" .}}', { x: 1n }, 'ERR template: t:1:18: executing "d" at <.x.y>: can\'t evaluate field y in type int'],
  ['line1\n{{.a}}\n  {{.a.b}}', { a: 'str' }, 'ERR template: t:3:6: executing "t" at <.a.b>: can\'t evaluate field b in type string'],
  ['é{{.a.b}}', { a: 1n }, 'ERR template: t:1:6: executing "t" at <.a.b>: can\'t evaluate field b in type int'],
];

const PARSE_ERRORS: Row[] = [
  ['{{', null, 'ERR template: t:1: unclosed action'],
  ['{{ .x', null, 'ERR template: t:1: unclosed action'],
  ['{{ .x\n\n', null, 'ERR template: t:3: unclosed action started at t:1'],
  ['{{foo}}', null, 'ERR template: t:1: function "foo" not defined'],
  ['{{end}}', null, 'ERR template: t:1: unexpected {{end}}'],
  ['{{else}}', null, 'ERR template: t:1: unexpected {{else}}'],
  ['{{if true}}x', null, 'ERR template: t:1: unexpected EOF'],
  ['{{range}}{{end}}', null, 'ERR template: t:1: missing value for range'],
  ['{{if}}{{end}}', null, 'ERR template: t:1: missing value for if'],
  ['{{}}', null, 'ERR template: t:1: missing value for command'],
  ['{{break}}', null, 'ERR template: t:1: {{break}} outside {{range}}'],
  ['{{continue}}', null, 'ERR template: t:1: {{continue}} outside {{range}}'],
  ['{{range .}}{{break 1}}{{end}}', null, 'ERR template: t:1: unexpected "1" in {{break}}'],
  ['{{"unterminated}}', null, 'ERR template: t:1: unterminated quoted string'],
  ['{{`raw', null, 'ERR template: t:1: unterminated raw quoted string'],
  ["{{'a", null, 'ERR template: t:1: unterminated character constant'],
  ['{{/* x', null, 'ERR template: t:1: unclosed comment'],
  ['{{/* x */ y}}', null, 'ERR template: t:1: comment ends before closing delimiter'],
  ['{{ ) }}', null, 'ERR template: t:1: unexpected right paren'],
  ['{{ ( }}', null, 'ERR template: t:1: unclosed left paren'],
  ['{{ .a-b }}', null, "ERR template: t:1: bad character U+002D '-'"],
  ['{{ a$ }}', null, "ERR template: t:1: bad character U+0024 '$'"],
  ['{{ .x = 1 }}', null, 'ERR template: t:1: unexpected "=" in operand'],
  ['{{ : }}', null, 'ERR template: t:1: expected :='],
  ['{{ 1. }}', null, '1'],
  ['{{ "a".x }}', null, 'ERR template: t:1: unexpected . after term "\\"a\\""'],
  // Go's parser accepts a trailing pipe symbol.
  ['{{ .x | }}', null, '<no value>'],
  ['{{if true}}{{else}}{{else}}{{end}}', null, 'ERR template: t:1: expected end; found {{else}}'],
  ['{{define "x"}}', null, 'ERR template: t:1: unexpected EOF'],
  ['{{define x}}{{end}}', null, 'ERR template: t:1: unexpected "x" in define clause'],
  ['{{define 1}}{{end}}', null, 'ERR template: t:1: unexpected "1" in define clause'],
  ['{{template}}', null, 'ERR template: t:1: unexpected "}}" in template clause'],
  ['{{with}}{{end}}', null, 'ERR template: t:1: missing value for with'],
  ['a\nb\n{{if}}', null, 'ERR template: t:3: missing value for if'],
  ['{{range $i, 1 := .}}{{end}}', null, 'ERR template: t:1: range can only initialize variables'],
  ['{{\u00a0}}', null, 'ERR template: t:1: unrecognized character in action: U+00A0'],
];

describe('Go text/template semantics', () => {
  const tables: [string, Row[]][] = [
    ['data access', DATA_ACCESS],
    ['control', CONTROL],
    ['variables', VARIABLES],
    ['builtins', BUILTINS],
    ['constants', CONSTANTS],
    ['syntax, define, block, calls', SYNTAX],
    ['parse errors', PARSE_ERRORS],
  ];
  for (const [name, rows] of tables) {
    describe(name, () => {
      test.each(rows.map((r) => [r[0], r] as const))('%j', async (_t, [text, data, expected, opts]) => {
        expect(await run(text, data, { funcs, ...opts })).toBe(expected);
      });
    });
  }
});

describe('template sets (ExecuteTemplate, ParseFiles)', () => {
  test('executeTemplate runs a define by name; an unknown name is Go’s error', async () => {
    const t = parseTemplate('main', '{{define "title"}}T:{{.}}{{end}}{{define "body"}}B{{end}}main');
    expect(await t.executeTemplate('title', 'x')).toBe('T:x');
    expect(await t.execute(null)).toBe('main');
    expect(t.templateNames()).toEqual(['body', 'main', 'title']);
    await expect(t.executeTemplate('nope', null)).rejects.toThrow('template: no template "nope" associated with template "main"');
  });

  test('a set joins the defines of several texts; later definitions win, empty ones do not', async () => {
    const { parseTemplateSet } = await import('../../../../electron/core/template/index.js');
    const set = parseTemplateSet([
      { name: 'default.tmpl', text: '{{define "slack.title"}}[{{.Status}}] {{.Name}}{{end}}{{define "slack.text"}}default{{end}}' },
      { name: 'custom.tmpl', text: '{{define "slack.text"}}custom {{template "slack.title" .}}{{end}}{{define "slack.title"}}  {{end}}' },
    ]);
    expect(await set.executeTemplate('slack.text', { Status: 'firing', Name: 'HostDown' })).toBe('custom [firing] HostDown');
    expect(() => parseTemplateSet([])).toThrow('template: no files named in call to ParseFiles');
    expect(() => parseTemplateSet([{ name: 'bad.tmpl', text: '{{ nope }}' }])).toThrow('template: bad.tmpl:1: function "nope" not defined');
  });
});
