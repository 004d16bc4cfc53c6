import { describe, expect, it } from 'vitest';
import { Matcher } from '../../../../electron/core/model/matcher.js';
import { compileAnchoredRegex, RegexError } from '../../../../electron/core/model/regex.js';

describe('Matcher', () => {
  it('matches equality and inequality, with absent labels as empty', () => {
    expect(new Matcher('=', 'job', 'api').matches('api')).toBe(true);
    expect(new Matcher('!=', 'job', 'api').matches('')).toBe(true);
    expect(new Matcher('=', 'job', '').matchesEmpty()).toBe(true);
  });

  it('anchors regexes at both ends and lets . match newlines (Prometheus 3)', () => {
    const m = new Matcher('=~', 'path', '/api/.*');
    expect(m.matches('/api/v1')).toBe(true);
    expect(m.matches('x/api/v1')).toBe(false);
    expect(new Matcher('=~', 'a', 'foo.bar').matches('foo\nbar')).toBe(true);
    expect(new Matcher('!~', 'a', 'b|c').matches('bc')).toBe(true);
    expect(new Matcher('=~', 'a', 'b|c').matches('bc')).toBe(false);
  });

  it('recognises literal alternations for index lookups', () => {
    expect(new Matcher('=~', 'a', 'x|y|z').setValues).toEqual(['x', 'y', 'z']);
    expect(new Matcher('=~', 'a', 'x.*').setValues).toBeNull();
  });

  it('translates RE2 constructs JavaScript lacks', () => {
    expect(compileAnchoredRegex('(?i)abc').test('ABC')).toBe(true);
    expect(compileAnchoredRegex('[[:digit:]]+').test('123')).toBe(true);
    expect(compileAnchoredRegex('(?P<x>a)b').test('ab')).toBe(true);
    expect(compileAnchoredRegex('\\Qa.b\\E').test('axb')).toBe(false);
    expect(compileAnchoredRegex('\\Qa.b\\E').test('a.b')).toBe(true);
  });

  it('rejects invalid regexes with an RE2-style error', () => {
    expect(() => compileAnchoredRegex('a(b')).toThrow(RegexError);
    expect(() => compileAnchoredRegex('a(b')).toThrow(/error parsing regexp/);
  });

  it('prints as PromQL', () => {
    expect(new Matcher('=~', 'job', 'a"b').toString()).toBe('job=~"a\\"b"');
  });
});

describe('RE2 inline flags', () => {
  const re = (s: string) => compileAnchoredRegex(s);
  it('scopes (?i:…) and ((?i)…) to their group', () => {
    expect(re('(?i:PRO).*').test('production')).toBe(true);
    expect(re('.*?(?i:PRO).*').test('production')).toBe(true);
    expect(re('((?i)PRO).*').test('production')).toBe(true);
    expect(re('((?i)p)RO.*').test('pRODUCTION')).toBe(true);
    expect(re('((?i)p)RO.*').test('production')).toBe(false);
    expect(re('(?i)[a-c]x').test('BX')).toBe(true);
    expect(re('(?i)[[:lower:]]+').test('AbC')).toBe(true);
    expect(re('.*(?i:C).*').test('canary')).toBe(true);
  });

  it('lets (?-s) make . stop at newlines, and (?m) anchor at lines', () => {
    expect(re('a.b').test('a\nb')).toBe(true);
    expect(re('(?-s)a.b').test('a\nb')).toBe(false);
    expect(re('(?m)a$\\nb').test('a\nb')).toBe(true);
  });

  it('refuses Perl syntax RE2 lacks', () => {
    expect(() => re('a(?=b)')).toThrow(/invalid or unsupported Perl syntax/);
    expect(() => re('(a')).toThrow(RegexError);
    expect(() => re('a)')).toThrow(RegexError);
  });

  it('treats unicode letters and escaped punctuation as literals', () => {
    expect(re('(?i)café').test('CAFÉ')).toBe(true);
    expect(re('a\\-b').test('a-b')).toBe(true);
    expect(re('a{').test('a{')).toBe(true);
  });
});
