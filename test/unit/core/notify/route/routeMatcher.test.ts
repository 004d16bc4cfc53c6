import { describe, expect, it } from 'vitest';
import { CompiledMatcher, compareMatchers, matchersString } from '../../../../../electron/core/notify/route/routeMatcher.js';

describe('CompiledMatcher', () => {
  it('prints as Alertmanager prints matchers in route keys', () => {
    expect(new CompiledMatcher('env', '=', 'prod').toString()).toBe('env="prod"');
    expect(new CompiledMatcher('env', '!~', 'a|b').toString()).toBe('env!~"a|b"');
    // Values escape only backslash, newline and double quote (OpenMetrics style).
    expect(new CompiledMatcher('msg', '=', 'a\\b\n"ü\t').toString()).toBe('msg="a\\\\b\\n\\"ü\t"');
    // A name the classic parser could not read is quoted, and then the value as Go quotes it.
    expect(new CompiledMatcher('my label', '=', 'x\ty').toString()).toBe('"my label"="x\\ty"');
    expect(new CompiledMatcher('a=b', '!=', '1').toString()).toBe('"a=b"!="1"');
  });

  it('matches the four operators, a missing label reading as the empty string', () => {
    const labels = { a: '1', e: '' };
    expect(new CompiledMatcher('a', '=', '1').matches(labels)).toBe(true);
    expect(new CompiledMatcher('a', '!=', '1').matches(labels)).toBe(false);
    expect(new CompiledMatcher('missing', '=', '').matches(labels)).toBe(true);
    expect(new CompiledMatcher('missing', '!=', '').matches(labels)).toBe(false);
    expect(new CompiledMatcher('a', '=~', '1|2').matches(labels)).toBe(true);
    expect(new CompiledMatcher('a', '=~', '1|2').matches({ a: '12' })).toBe(false);
    expect(new CompiledMatcher('a', '!~', '.*').matches({ a: 'x\ny' })).toBe(true);
    expect(new CompiledMatcher('missing', '=~', '.*').matches(labels)).toBe(true);
    expect(new CompiledMatcher('toString', '=', '').matches(labels)).toBe(true);
  });
});

describe('compareMatchers', () => {
  it('sorts by name, then value, then type', () => {
    const ms = [
      new CompiledMatcher('b', '=', '1'),
      new CompiledMatcher('a', '!~', 'x'),
      new CompiledMatcher('a', '=', 'x'),
      new CompiledMatcher('a', '=', 'w'),
    ].sort(compareMatchers);
    expect(matchersString(ms)).toBe('{a="w",a="x",a!~"x",b="1"}');
  });
});
