/**
 * Go text/template semantics, case by case (in the spirit of Go's exec_test.go, with Go's
 * outputs and error texts): data access, missingkey, control structures, variables,
 * builtins, constants, trim markers, define/template/block, function calls (sync and
 * async), and errors with Go's positions. Each row: template, data, expected output or
 * `ERR <message>`.
 */

import { describe, expect, test } from 'vitest';
import { GoMap, GoSlice, GoStruct, parseTemplate, type TemplateOptions } from '../../../../electron/core/template/index.js';
import { AM_DATA, AM_DATA_CASES, BUILTINS, CHECKED_WITH_GO, CONSTANTS, CONTROL, DATA_ACCESS, funcs, SYNTAX, VARIABLES, type Row } from './execCases.js';

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

describe('typed Go data with methods (what Alertmanager’s data needs)', () => {
  test('a map type with methods: methods first, then keys, with Go’s argument checks', async () => {
    const { GoMap: Map_, GoSlice } = await import('../../../../electron/core/template/index.js');
    const entries = { b: '2', a: '1' };
    const kv = new Map_('string', entries, 'template.KV', {
      Names: { fn: () => new GoSlice('[]string', Object.keys(entries).sort()), params: [] },
      Get: { fn: (k: string) => entries[k as keyof typeof entries] ?? '', params: ['string'] },
    });
    const run1 = (text: string) => parseTemplate('t', text).execute({ Labels: kv });
    expect(await run1('{{ .Labels.Names }}|{{ range .Labels.Names }}{{ . }};{{ end }}|{{ .Labels.a }}|{{ .Labels.Get "b" }}|{{ "a" | .Labels.Get }}')).toBe('[a b]|a;b;|1|2|1');
    expect(await run1('{{ .Labels }}|{{ printf "%T" .Labels }}|{{ len .Labels }}')).toBe('map[a:1 b:2]|template.KV|2');
    await expect(run1('{{ .Labels.Get }}')).rejects.toThrow('template: t:1:10: executing "t" at <.Labels.Get>: wrong number of args for Get: want 1 got 0');
    await expect(run1('{{ .Labels.Get 1 }}')).rejects.toThrow('template: t:1:15: executing "t" at <1>: expected string; found 1');
    await expect(run1('{{ .Labels.a 1 }}')).rejects.toThrow('a is not a method but has arguments');
  });

  test('a struct with fields and methods; a method error is an error calling it', async () => {
    const alert = new GoStruct('template.Alert', { Status: 'firing', Labels: new GoMap('string', { job: 'node' }) }, false, {
      Fail: {
        fn: () => {
          throw new Error('no');
        },
        params: [],
      },
      Upper: { fn: (s: string) => s.toUpperCase(), params: ['string'] },
    });
    const t = (text: string) => parseTemplate('t', text).execute({ Alerts: new GoSlice('template.Alerts', [alert, alert]) });
    expect(await t('{{ range .Alerts }}{{ .Status }}:{{ .Labels.job }}:{{ .Upper .Status }};{{ end }}')).toBe('firing:node:FIRING;firing:node:FIRING;');
    expect(await t('{{ len .Alerts }} {{ printf "%T" .Alerts }} {{ (index .Alerts 0).Status }}')).toBe('2 template.Alerts firing');
    await expect(t('{{ (index .Alerts 0).Fail }}')).rejects.toThrow('template: t:1:20: executing "t" at <(index .Alerts 0).Fail>: error calling Fail: no');
  });
});

describe('Alertmanager-shaped data, as Go renders it (amtool)', () => {
  test.each(AM_DATA_CASES.map((c) => [c[0], c[1]] as const))('%j', async (text, expected) => {
    expect(await run(text, AM_DATA, { missingKey: 'zero' })).toBe(expected);
  });
});

describe('plain data is never mistaken for engine values', () => {
  test('keys named like the engine’s own properties are just keys', async () => {
    const data = { goType: 'x', goMethods: { length: 1 }, goString: 'y', fields: 'f', entries: 'e' };
    expect(await parseTemplate('t', '{{ .goType }}|{{ .goMethods.length }}|{{ .goString }}|{{ printf "%T" . }}|{{ .constructor }}|{{ .toString }}').execute(data)).toBe(
      'x|1|y|map[string]interface {}|<no value>|<no value>',
    );
  });

  test('cyclic data printed is an error, not a crash', async () => {
    const cyclic: Record<string, unknown> = { a: 1n };
    cyclic['self'] = cyclic;
    const err = await parseTemplate('t', '{{ . }}').execute(cyclic).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^template: t: execution nested too deeply/);
  });
});
