/**
 * Go's fmt verbs, flags, width and precision as printf gives them (cases in the manner of
 * Go's fmt_test.go, with Go's outputs): ints (bigint), float64 (number) with Go's
 * round-half-even on exact ties, strings, bools, nil, slices and maps, and fmt's error
 * notations. Through the template's printf too, where constants get Go's types.
 */

import { describe, expect, test } from 'vitest';
import { parseTemplate, sprint, sprintf, sprintln } from '../../../../electron/core/template/index.js';

const CASES: readonly (readonly [string, readonly unknown[], string])[] = [
  ['%d', [12345n], '12345'],
  ['%v', [-12345n], '-12345'],
  ['%+d', [12n], '+12'],
  ['% d', [12n], ' 12'],
  ['%5d', [12n], '   12'],
  ['%-5d|', [12n], '12   |'],
  ['%05d', [-12n], '-0012'],
  ['%-05d|', [3n], '3    |'],
  ['%x', [255n], 'ff'],
  ['%X', [255n], 'FF'],
  ['%#x', [255n], '0xff'],
  ['%x', [-255n], '-ff'],
  ['%o', [8n], '10'],
  ['%#o', [8n], '010'],
  ['%O', [8n], '0o10'],
  ['%b', [5n], '101'],
  ['%c', [65n], 'A'],
  ['%c', [0x1f600n], '😀'],
  ['%q', [65n], "'A'"],
  ['%q', [10n], "'\\n'"],
  ['%U', [0x1f600n], 'U+1F600'],
  ['%#U', [0x41n], "U+0041 'A'"],
  ['%.3d', [7n], '007'],
  ['%8.3d', [7n], '     007'],
  ['%d', [9223372036854775807n], '9223372036854775807'],
  ['%f', [3.14159], '3.141590'],
  ['%.2f', [3.14159], '3.14'],
  ['%8.3f', [3.14159], '   3.142'],
  ['%-8.3f|', [3.14159], '3.142   |'],
  ['%08.3f', [-3.14159], '-003.142'],
  ['%+.1f', [2.0], '+2.0'],
  ['% .1f', [2.0], ' 2.0'],
  ['%e', [1234.5678], '1.234568e+03'],
  ['%E', [1234.5678], '1.234568E+03'],
  ['%.2e', [0.000123], '1.23e-04'],
  ['%e', [0], '0.000000e+00'],
  ['%e', [1e100], '1.000000e+100'],
  ['%g', [1234.5678], '1234.5678'],
  ['%g', [1e21], '1e+21'],
  ['%g', [1e-7], '1e-07'],
  ['%g', [0], '0'],
  ['%.3g', [1234.5678], '1.23e+03'],
  ['%.3g', [0.0001234], '0.000123'],
  ['%.4g', [100000], '1e+05'],
  ['%.4g', [1234.5], '1234'],
  ['%.4g', [0], '0'],
  ['%.4g', [1.0], '1'],
  ['%.10g', [1 / 3], '0.3333333333'],
  ['%G', [1e-7], '1E-07'],
  ['%v', [0.1], '0.1'],
  ['%v', [1e6], '1e+06'],
  ['%v', [100000], '100000'],
  ['%v', [123456789], '1.23456789e+08'],
  ['%v', [1.5e-7], '1.5e-07'],
  ['%v', [-0], '-0'],
  ['%v', [2 ** 53], '9.007199254740992e+15'],
  ['%.0f', [0.5], '0'],
  ['%.0f', [1.5], '2'],
  ['%.0f', [2.5], '2'],
  ['%.2f', [0.125], '0.12'],
  ['%.2f', [0.375], '0.38'],
  ['%.2f', [1.005], '1.00'],
  ['%.1e', [1.25], '1.2e+00'],
  ['%.0e', [2.5], '2e+00'],
  ['%.2g', [0.125], '0.12'],
  ['%012.3e', [-1234.5], '-001.234e+03'],
  ['%6.2f%%', [12.345], ' 12.35%'],
  ['%.3f', [1e21], '1000000000000000000000.000'],
  ['%.1f', [1e-10], '0.0'],
  ['%5.1f', [Infinity], ' +Inf'],
  ['%f', [-Infinity], '-Inf'],
  ['%f', [NaN], 'NaN'],
  ['%+f', [NaN], '+NaN'],
  ['%05.1f', [Infinity], ' +Inf'],
  ['%s', ['hi'], 'hi'],
  ['%v', ['hi'], 'hi'],
  ['%q', ['hi\n"x"'], '"hi\\n\\"x\\""'],
  ['%#q', ['hi'], '`hi`'],
  ['%#q', ['a`b'], '"a`b"'],
  ['%q', ['é\u0007'], '"é\\a"'],
  ['%x', ['hi'], '6869'],
  ['% x', ['hi'], '68 69'],
  ['%X', ['é'], 'C3A9'],
  ['%5s|', ['hi'], '   hi|'],
  ['%-5s|', ['hi'], 'hi   |'],
  ['%.1s', ['héllo'], 'h'],
  ['%.2s', ['héllo'], 'hé'],
  ['%5.1s|', ['abc'], '    a|'],
  ['%t', [true], 'true'],
  ['%v', [false], 'false'],
  ['%d', ['x'], '%!d(string=x)'],
  ['%s', [1n], '%!s(int=1)'],
  ['%d', [1.5], '%!d(float64=1.5)'],
  ['%t', [1n], '%!t(int=1)'],
  ['%z', [1n], '%!z(int=1)'],
  ['%f', [true], '%!f(bool=true)'],
  ['%d %d', [1n], '1 %!d(MISSING)'],
  ['%d', [1n, 2n], '1%!(EXTRA int=2)'],
  ['%d', [1n, 'x', true], '1%!(EXTRA string=x, bool=true)'],
  ['%', [], '%!(NOVERB)'],
  ['%%', [], '%'],
  ['100%%', [], '100%'],
  ['no verbs', ['x'], 'no verbs%!(EXTRA string=x)'],
  ['%v', [undefined], '<nil>'],
  ['%d', [undefined], '%!d(<nil>)'],
  ['%s', [null], '%!s(<nil>)'],
  ['%T', [1n], 'int'],
  ['%T', [1.5], 'float64'],
  ['%T', ['x'], 'string'],
  ['%T', [[1n]], '[]interface {}'],
  ['%T', [{}], 'map[string]interface {}'],
  ['%T', [undefined], '<nil>'],
  ['%v', [[1n, 2n]], '[1 2]'],
  ['%d', [[1n, 2n]], '[1 2]'],
  ['%x', [[10n, 11n]], '[a b]'],
  ['%q', [['a', 'b']], '["a" "b"]'],
  ['%s', [[1n]], '[%!s(int=1)]'],
  ['%v', [[]], '[]'],
  ['%v', [{}], 'map[]'],
  ['%v', [{ b: 1n, a: 'x' }], 'map[a:x b:1]'],
  ['%v', [[undefined, 'a']], '[<nil> a]'],
  ['%v', [{ a: [1n, { b: 2.5 }] }], 'map[a:[1 map[b:2.5]]]'],
  ['%*d', [5n, 1n], '    1'],
  ['%-*d|', [3n, 1n], '1  |'],
  ['%*d', [-3n, 1n], '1  '],
  ['%.*f', [2n, 3.14159], '3.14'],
  ['%*d', ['x', 1n], '%!(BADWIDTH)1'],
  ['%.*d', ['x', 1n], '%!(BADPREC)1'],
  ['%[2]d %[1]d', [1n, 2n], '2 1'],
  ['%[1]d %d', [5n, 6n], '5 6'],
  ['%[3]d', [1n], '%!d(BADINDEX)'],
  ['%[2]*[1]d', [12n, 5n], '   12'],
];

describe('printf (fmt.Sprintf)', () => {
  test.each(CASES.map((c) => [c[0], c] as const))('%j', (_f, [format, args, expected]) => {
    expect(sprintf(format, args)).toBe(expected);
  });
});

describe('print and println (fmt.Sprint, fmt.Sprintln)', () => {
  test.each([
    [['a', 'b'], 'ab', 'a b\n'],
    [[1n, 2n], '1 2', '1 2\n'],
    [[1n, 'a', 2n], '1a2', '1 a 2\n'],
    [['a', 1.5, true, 'b'], 'a1.5 trueb', 'a 1.5 true b\n'],
    [[undefined, 1n], '<nil> 1', '<nil> 1\n'],
    [[], '', '\n'],
  ] as const)('%$', (args, printed, printedLn) => {
    expect(sprint(args)).toBe(printed);
    expect(sprintln(args)).toBe(printedLn);
  });
});

describe('printf in templates: constants have Go types', () => {
  test.each([
    ['{{printf "%d %v %T" 3 3 3}}', '3 3 int'],
    ['{{printf "%d" 3.0}}', '%!d(float64=3)'],
    ['{{printf "%.2f" 3}}', '%!f(int=3)'],
    ['{{printf "%.2f" 3.0}}', '3.00'],
    ['{{printf "%c%c" \'h\' \'i\'}}', 'hi'],
    ['{{printf "%5.1f|%-6s|%03d" 2.25 "ab" 7}}', '  2.2|ab    |007'],
    ['{{printf "%s is %d years" .name .age}}', 'Ann is 30 years'],
    ['{{printf "%v" .}}', 'map[age:30 name:Ann]'],
    ['{{printf "%q" .name}}', '"Ann"'],
    ['{{printf "%x" "Ann"}}', '416e6e'],
  ])('%s', async (text, expected) => {
    expect(await parseTemplate('t', text).execute({ name: 'Ann', age: 30n })).toBe(expected);
  });
});

/** fmt features not reproduced, each with the reason. */
export const SKIPPED: readonly { format: string; reason: string }[] = [
  { format: '%x / %X / %b of a float64 (hex and binary floats)', reason: 'not implemented: prints %!x(float64=…) instead of 0x1.8p+00' },
  { format: '%p, and %v of a pointer nested in a slice or map', reason: 'addresses have no meaning here; a nested *T prints as 0xc000000000' },
  { format: '%#v (Go-syntax representation)', reason: 'not implemented; prints as %v' },
  { format: '%05s (zero-padded strings)', reason: 'pads with spaces; Go versions differ on zero-padding strings' },
];
