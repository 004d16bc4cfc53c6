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
