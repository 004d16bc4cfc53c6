/**
 * Go text/template semantics, case by case (in the spirit of Go's exec_test.go, with Go's
 * outputs and error texts): data access, missingkey, control structures, variables,
 * builtins, constants, trim markers, define/template/block, function calls (sync and
 * async), and errors with Go's positions. Each row: template, data, expected output or
 * `ERR <message>`.
 */

import { describe, expect, test } from 'vitest';
import { parseTemplate, type TemplateOptions } from '../../../../electron/core/template/index.js';
import { BUILTINS, CHECKED_WITH_GO, CONSTANTS, CONTROL, DATA_ACCESS, funcs, PARSE_ERRORS, SYNTAX, VARIABLES, type Row } from './execCases.js';

async function run(text: string, data: unknown, opts?: TemplateOptions): Promise<string> {
  try {
    return await parseTemplate('t', text, opts).execute(data);
  } catch (e) {
    return 'ERR ' + (e as Error).message;
  }
}

describe('Go text/template semantics', () => {
  const tables: [string, Row[]][] = [
    ['data access', DATA_ACCESS],
    ['control', CONTROL],
    ['variables', VARIABLES],
    ['builtins', BUILTINS],
    ['constants', CONSTANTS],
    ['syntax, define, block, calls', SYNTAX],
    ['parse errors', PARSE_ERRORS],
    ['corners checked with Go', CHECKED_WITH_GO],
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
