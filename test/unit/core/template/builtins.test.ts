/** The escapers of Go's text/template (html, js, urlquery) and net/url's escaping. */

import { describe, expect, test } from 'vitest';
import { htmlEscape, jsEscape, pathEscape, queryEscape } from '../../../../electron/core/template/builtins.js';

describe('escapers', () => {
  test('html', () => {
    expect(htmlEscape(`<a href="x" title='y'>&</a>\0`)).toBe('&lt;a href=&#34;x&#34; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;\ufffd');
    expect(htmlEscape('plain')).toBe('plain');
  });

  test('js', () => {
    expect(jsEscape(`'"\\<>&=\n\t`)).toBe("\\'\\\"\\\\\\u003C\\u003E\\u0026\\u003D\\u000A\\u0009");
    expect(jsEscape('é\u2028😀')).toBe('é\\u2028😀');
  });

  test('url.QueryEscape and url.PathEscape', () => {
    expect(queryEscape('a b&c=d/e?f~g.h_i-j')).toBe('a+b%26c%3Dd%2Fe%3Ff~g.h_i-j');
    expect(queryEscape('é')).toBe('%C3%A9');
    expect(pathEscape('a b&c=d/e?f')).toBe('a%20b&c=d%2Fe%3Ff');
  });
});
