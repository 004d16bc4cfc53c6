import { describe, expect, it } from 'vitest';
import { formatSeries } from '../../../../renderer/lib/labels.js';
import { formatRelative, formatSeconds, formatUtc, parseApiTime, parseUtc } from '../../../../renderer/lib/time.js';
import { mergeModules } from '../../../../renderer/lib/cspStyles.js';

describe('time helpers', () => {
  it('print and parse the Prometheus UI URL time format (UTC)', () => {
    const ms = Date.UTC(2024, 1, 29, 23, 5, 9);
    expect(formatUtc(ms)).toBe('2024-02-29 23:05:09');
    expect(parseUtc('2024-02-29 23:05:09')).toBe(ms);
    expect(parseUtc('2024-02-29T23:05')).toBe(Date.UTC(2024, 1, 29, 23, 5));
    expect(parseUtc('1709247909')).toBe(1709247909000);
    expect(parseUtc('garbage')).toBeNull();
  });
  it('reads Go zero times as never', () => {
    expect(parseApiTime('0001-01-01T00:00:00Z')).toBe(0);
    expect(formatRelative(0, 1000)).toBe('never');
    expect(formatRelative(1000, 4500)).toBe('3.5s ago');
    expect(formatRelative(0 + 10, 10 + 125_000)).toBe('2m 5s ago');
  });
  it('formats seconds for humans', () => {
    expect(formatSeconds(0.0123)).toBe('12.3ms');
    expect(formatSeconds(2.5)).toBe('2.5s');
    expect(formatSeconds(90)).toBe('1m 30s');
  });
});

describe('label formatting', () => {
  it('quotes UTF-8 names as Prometheus 3 does', () => {
    expect(formatSeries({ __name__: 'up', 'a.b': 'c' })).toBe('up{"a.b"="c"}');
    expect(formatSeries({ __name__: 'k8s.pod', job: 'j' })).toBe('{"k8s.pod", job="j"}');
  });

  it('quotes values as strconv.Quote does, not as JSON does', () => {
    // JSON.stringify, used before, wrote \u0007 and kept U+0085 and U+2028 raw.
    expect(formatSeries({ a: 'x\x07\u0085\u2028"' })).toBe('{a="x\\a\\u0085\\u2028\\""}');
  });
});

describe('mergeModules (CodeMirror styles under CSP)', () => {
  it('adds new modules at their place and reorders conflicts, as later-wins precedence needs', () => {
    const list: string[] = [];
    expect(mergeModules(list, ['base', 'a'])).toBe(true);
    expect(mergeModules(list, ['base', 'a'])).toBe(false);
    mergeModules(list, ['base', 'b', 'a']);
    expect(list).toEqual(['base', 'b', 'a']);
    mergeModules(list, ['a', 'base']);
    expect(list.indexOf('a')).toBeLessThan(list.indexOf('base'));
  });
});
