/** Go's strconv as template literals and Prometheus's number parsing need it. */

import { describe, expect, test } from 'vitest';
import { parseFloat64, parseInt64, parseUint64, unquote, unquoteRune } from '../../../../electron/core/template/strconv.js';

describe('unquote', () => {
  test.each([
    ['"a\\tb"', 'a\tb'],
    ['"\\u00e9\\x41\\101\\U0001F600"', 'éAA😀'],
    ['`raw\\n`', 'raw\\n'],
    ['`a\rb`', 'ab'],
    ['"\\""', '"'],
    ['"\\xff"', '\udcff'],
  ])('%j', (lit, expected) => {
    expect(unquote(lit)).toBe(expected);
  });

  test.each(['"\\q"', '"a', "'ab'", '"\\x4"', '"\\400"', '"a\nb"', '`a`b`', '"\\\'"'])('%j is invalid', (lit) => {
    expect(unquote(lit)).toBeNull();
  });

  test('rune literals', () => {
    expect(unquoteRune("'a'")).toBe(97);
    expect(unquoteRune("'\\n'")).toBe(10);
    expect(unquoteRune("'\\''")).toBe(39);
    expect(unquoteRune("'ab'")).toBe('malformed');
    expect(unquoteRune("''")).toBe('syntax');
  });
});

describe('numbers', () => {
  test('ParseInt and ParseUint with base 0', () => {
    expect(parseInt64('0x1F')).toBe(31n);
    expect(parseInt64('-0b101')).toBe(-5n);
    expect(parseInt64('017')).toBe(15n);
    expect(parseInt64('0o17')).toBe(15n);
    expect(parseInt64('1_000')).toBe(1000n);
    expect(parseInt64('08')).toBeNull();
    expect(parseInt64('1__0')).toBeNull();
    expect(parseInt64('9223372036854775808')).toBeNull();
    expect(parseUint64('18446744073709551615')).toBe(18446744073709551615n);
    expect(parseUint64('-1')).toBeNull();
  });

  test('ParseFloat, with Go’s error text', () => {
    expect(parseFloat64('1.5e3')).toBe(1500);
    expect(parseFloat64('.5')).toBe(0.5);
    expect(parseFloat64('0x1p-2')).toBe(0.25);
    expect(parseFloat64('+Inf')).toBe(Infinity);
    expect(parseFloat64('-infinity')).toBe(-Infinity);
    expect(parseFloat64('nan')).toBeNaN();
    expect(() => parseFloat64('one')).toThrow('strconv.ParseFloat: parsing "one": invalid syntax');
    expect(() => parseFloat64('1e400')).toThrow('strconv.ParseFloat: parsing "1e400": value out of range');
    expect(() => parseFloat64('')).toThrow('strconv.ParseFloat: parsing "": invalid syntax');
  });
});
