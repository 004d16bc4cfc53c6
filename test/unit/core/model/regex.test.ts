/**
 * Regexes match with RE2's semantics in linear time (issue #15): the fast paths give exactly
 * what RE2 gives, the RE2 engine takes over for the rest, and invalid regexes keep Go's wording.
 */
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { fastMatch } from '../../../../electron/core/model/fastRegex.js';
import { compileAnchoredRegex, compileSearchRegex, RegexError } from '../../../../electron/core/model/regex.js';

/** RE2 itself, compiled as Prometheus compiles a matcher: `^(?s:…)$`. */
const re2 = (p: string) => RE2JS.compile(`(?s:${p})`);

const FAST = ['', 'foo', 'foo|bar|', 'a|b|c', '.*', '.+', '(.*)', '(.+)', 'foo.*', '.*foo', '.*foo.*', 'fo.+', '.*.*', 'é|日本'];

describe('fast paths', () => {
  it('are taken for the shapes they cover, and not for what only looks alike', () => {
    for (const p of FAST.filter((p) => p !== 'fo.+')) expect(fastMatch(p), p).not.toBeNull();
    for (const p of ['foo\\.*', '.*?foo', 'f.o', '(foo)', '(?i)foo', 'a|b.*', '.*a|b', 'fo.+', 'a{2}']) expect(fastMatch(p), p).toBeNull();
  });

  it('agree with RE2 on random strings (fixed seed)', () => {
    const text = fc.string({ unit: fc.constantFrom('f', 'o', 'b', 'a', 'r', 'c', '\n', 'é', '日本', '😀'), maxLength: 12 });
    for (const p of FAST) {
      const ours = compileAnchoredRegex(p);
      const theirs = re2(p);
      fc.assert(
        fc.property(text, (s) => ours.test(s) === theirs.matches(s)),
        { seed: 15, numRuns: 400 },
      );
    }
  });

  it('capture what RE2 captures for the relabel defaults', () => {
    expect([...compileAnchoredRegex('(.*)').exec('a\nb')!]).toEqual(['a\nb', 'a\nb']);
    expect(compileAnchoredRegex('(.+)').exec('')).toBeNull();
    expect([...compileAnchoredRegex('foo.*').exec('foobar')!]).toEqual(['foobar']);
  });
});

describe('RE2 engine', () => {
  it('is anchored and lets . match newlines (Prometheus 3)', () => {
    expect(compileAnchoredRegex('b[a-z]').test('abc')).toBe(false);
    expect(compileAnchoredRegex('a.c').test('a\nc')).toBe(true);
    expect(compileAnchoredRegex('(?-s)a.c').test('a\nc')).toBe(false);
  });

  it('has RE2 semantics where JavaScript differs', () => {
    // \s is [\t\n\f\r ] in RE2: no vertical tab, no no-break space.
    expect(compileAnchoredRegex('a\\sb').test('a\u00a0b')).toBe(false);
    expect(compileAnchoredRegex('a\\sb').test('a\vb')).toBe(false);
    expect(compileAnchoredRegex('a\\sb').test('a\tb')).toBe(true);
    // Ungreedy mode and negated POSIX classes exist in RE2.
    expect([...compileAnchoredRegex('(?U)(a+)(a*)').exec('aaa')!]).toEqual(['aaa', 'a', 'aa']);
    expect(compileAnchoredRegex('[[:^digit:]]+').test('abc')).toBe(true);
    // One . per code point, as RE2 reads runes.
    expect(compileAnchoredRegex('a.b').test('a😀b')).toBe(true);
    // Case folding as RE2 folds: the Kelvin sign is a k.
    expect(compileAnchoredRegex('(?i)k+').test('k\u212aK')).toBe(true);
  });

  it('gives submatches as Go does: leftmost-first, unset groups undefined, named groups', () => {
    const m = compileAnchoredRegex('(?P<host>[^:]+):(\\d+)(/x)?').exec('node-1:9100')!;
    expect([...m]).toEqual(['node-1:9100', 'node-1', '9100', undefined]);
    expect(m.groups).toEqual({ host: 'node-1' });
    expect([...compileAnchoredRegex('(a|ab)(c|bcd)(d*)').exec('abcd')!]).toEqual(['abcd', 'a', 'bcd', '']);
  });

  it('matches the review pathological patterns in linear time', () => {
    const long = 'a'.repeat(100_000);
    for (const p of ['(.*.*)*X', '(.*){6}X', '(a+)+b', '(a|aa)+$b', '(a*)*c']) {
      const t0 = performance.now();
      expect(compileAnchoredRegex(p).test(long), p).toBe(false);
      expect(performance.now() - t0, p).toBeLessThan(1_000);
    }
    expect(compileAnchoredRegex('(a+)+').test(long)).toBe(true);
  });
});

describe('invalid regexes', () => {
  it("keep today's Go wording", () => {
    expect(() => compileAnchoredRegex('a[')).toThrow('error parsing regexp: missing closing ]: `a[`');
    expect(() => compileAnchoredRegex('abc(def')).toThrow('error parsing regexp: missing closing ): `abc(def`');
    expect(() => compileAnchoredRegex('a(?=b)')).toThrow(/invalid or unsupported Perl syntax/);
  });

  it('refuse what RE2 refuses though JavaScript would take it, in RE2 (Go) words', () => {
    expect(() => compileAnchoredRegex('(a)\\1')).toThrow(new RegexError('invalid escape sequence', '\\1'));
    expect(() => compileAnchoredRegex('x{1001}')).toThrow(new RegexError('invalid repeat count', '{1001}'));
    expect(() => compileAnchoredRegex('a**')).toThrow(RegexError);
    // Text that would close the `(?s:…)` wrapper around it is refused, not matched unanchored.
    expect(() => compileAnchoredRegex('a)|(b')).toThrow(RegexError);
  });
});

describe('compileSearchRegex (Go MatchString, unanchored)', () => {
  it.each([
    ['^(dev|proc|sys)($|/)', '/proc/1', false],
    ['^/(dev|proc|sys)($|/)', '/proc/1', true],
    ['^(dev|proc|sys)($|/)', '/home', false],
    ['^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+)($|/)', '/var/lib/docker/overlay2/x', true],
    ['^(ram|loop|fd)\\d+$', 'loop12', true],
    ['^(ram|loop|fd)\\d+$', 'sda', false],
    ['lo', 'veth-lo-x', true],
    ['(a+)+b', 'a'.repeat(5000), false],
  ])('%s on %s', (src, text, want) => {
    expect(compileSearchRegex(src).test(text)).toBe(want);
  });

  it('refuses what RE2 refuses, naming the pattern', () => {
    expect(() => compileSearchRegex('a)|(b')).toThrow(RegexError);
    expect(() => compileSearchRegex('(?<=x)y')).toThrow(RegexError);
  });
});
