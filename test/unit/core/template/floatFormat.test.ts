/** strconv.FormatFloat with a precision: Go's digits, round half to even on exact ties. */

import { describe, expect, test } from 'vitest';
import { formatFloat } from '../../../../electron/core/template/floatFormat.js';

describe('formatFloat', () => {
  test.each([
    [0.125, 'f', 2, '0.12'],
    [0.375, 'f', 2, '0.38'],
    [2.5, 'f', 0, '2'],
    [3.5, 'f', 0, '4'],
    [-0.5, 'f', 0, '-0'],
    [1e-10, 'f', 3, '0.000'],
    [0.0005, 'f', 3, '0.001'],
    [123456789.987654321, 'f', 4, '123456789.9877'],
    [1e22, 'f', 1, '10000000000000000000000.0'],
    [1.25, 'e', 1, '1.2e+00'],
    [1.35, 'e', 1, '1.4e+00'],
    [9.995, 'e', 2, '9.99e+00'],
    [99999, 'e', 2, '1.00e+05'],
    [5e-324, 'e', 3, '4.941e-324'],
    [1.7976931348623157e308, 'e', 16, '1.7976931348623157e+308'],
    [1234.5678, 'g', 6, '1234.57'],
    [0.000012345, 'g', 3, '1.23e-05'],
    [123456, 'g', 6, '123456'],
    [1234567, 'g', 6, '1.23457e+06'],
    [100, 'g', 1, '1e+02'],
    [0, 'g', 4, '0'],
    [0, 'e', 2, '0.00e+00'],
    [1, 'g', 6, '1'],
    [NaN, 'f', 2, 'NaN'],
    [-Infinity, 'g', 3, '-Inf'],
    [0.1, 'g', -1, '0.1'],
    [1e21, 'f', -1, '1000000000000000000000'],
    [1.5e-7, 'e', -1, '1.5e-07'],
  ] as const)('%d %s %d → %s', (v, fmt, prec, expected) => {
    expect(formatFloat(v, fmt, prec)).toBe(expected);
  });

  test('%#g keeps trailing zeros', () => {
    expect(formatFloat(1, 'g', 6, true)).toBe('1.00000');
    expect(formatFloat(1.5, 'g', 3, true)).toBe('1.50');
  });
});
