import { describe, expect, it } from 'vitest';
import {
  formatExpositionFloat,
  formatGoFloatE,
  formatGoFloatF,
  formatGoFloatFixed,
  formatGoFloatG,
  formatOpenMetricsFloat,
  formatSampleValue,
} from '../../../../shared/text/float.js';

// Cases marked [prom] are what the real Prometheus 2.42.0 binary printed for the same float:
// the API's query results (formatSampleValue), /federate (formatExpositionFloat, through
// client_golang), and /api/v1/format_query, which in 2.42 prints number literals with %v
// (formatGoFloatG) and @ timestamps with %.3f. The others follow Go's strconv documentation.

// [input, API value, federate value] from one TSDB block written by promtool and read back.
const prom: ReadonlyArray<readonly [number, string, string]> = [
  [1, '1', '1'],
  [0, '0', '0'],
  [-0, '-0', '0'],
  [-1, '-1', '-1'],
  [0.1, '0.1', '0.1'],
  [1e6, '1000000', '1e+06'],
  [123456, '123456', '123456'],
  [1234567, '1234567', '1.234567e+06'],
  [1e-4, '0.0001', '0.0001'],
  [1e-5, '0.00001', '1e-05'],
  [0.00012345, '0.00012345', '0.00012345'],
  [1e21, '1e+21', '1e+21'],
  [1e22, '1e+22', '1e+22'],
  [1.5e300, '1.5e+300', '1.5e+300'],
  [5e-324, '5e-324', '5e-324'],
  [-2.5e-7, '-2.5e-07', '-2.5e-07'],
  [NaN, 'NaN', 'NaN'],
  [Infinity, '+Inf', '+Inf'],
  [-Infinity, '-Inf', '-Inf'],
  [100, '100', '100'],
  [1e20, '100000000000000000000', '1e+20'],
  [3.14159, '3.14159', '3.14159'],
  [0.1 + 0.2, '0.30000000000000004', '0.30000000000000004'],
  [1.7976931348623157e308, '1.7976931348623157e+308', '1.7976931348623157e+308'],
  [123456.7, '123456.7', '123456.7'],
  [12345678912345678, '12345678912345678', '1.2345678912345678e+16'],
];

describe('formatSampleValue (the API, util/jsonutil.MarshalValue)', () => {
  it.each(prom.map(([v, api]) => [v, api]))('[prom] %s → %s', (v, want) => {
    expect(formatSampleValue(v)).toBe(want);
  });

  it('switches to the e form exactly at 1e-6 and 1e21', () => {
    expect(formatSampleValue(1e-6)).toBe('0.000001');
    expect(formatSampleValue(9.99e-7)).toBe('9.99e-07');
    expect(formatSampleValue(-1.5e-7)).toBe('-1.5e-07');
    expect(formatSampleValue(999999999999999900000)).toBe('999999999999999900000');
  });
});

describe('formatExpositionFloat (client_golang text format)', () => {
  it.each(prom.map(([v, , fed]) => [v, fed]))('[prom] %s → %s', (v, want) => {
    expect(formatExpositionFloat(v)).toBe(want);
  });
});

describe('formatExpositionFloat: more values', () => {
  // Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints, as client_golang writes them.
  it.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [-1, '-1'],
    [100, '100'],
    [123456, '123456'],
    [999999, '999999'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [16777216, '1.6777216e+07'],
    [1.053647872e9, '1.053647872e+09'],
    [403.98, '403.98'],
    [0.0001, '0.0001'],
    [0.00012345, '0.00012345'],
    [0.00001, '1e-05'],
    [0.1 + 0.2, '0.30000000000000004'],
    [45678 * 0.001, '45.678000000000004'],
    [1.7956272361688342e9, '1.7956272361688342e+09'],
    [-2.5, '-2.5'],
    [-1234567.5, '-1.2345675e+06'],
    [2 ** 53, '9.007199254740992e+15'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s → %s', (v, want) => {
    expect(formatExpositionFloat(v)).toBe(want);
  });

  it('round-trips every value it prints', () => {
    for (const v of [Math.PI, 1 / 3, 123.456e-7, 9.999999e5, 1.0000001e6, 2 ** -1074, Number.MAX_SAFE_INTEGER]) {
      expect(Number(formatExpositionFloat(v))).toBe(v);
    }
  });
});

describe('formatGoFloatG (strconv g -1, fmt %v)', () => {
  it.each([
    // [prom] format_query of number literals.
    [1000000, '1e+06'],
    [123456, '123456'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [1e20, '1e+20'],
    [-2.5e-7, '-2.5e-07'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [Infinity, '+Inf'],
    [NaN, 'NaN'],
    [16, '16'],
    // Go documentation: the shortest repr, two exponent digits at least, three when needed.
    [0, '0'],
    [-0, '-0'],
    [999999, '999999'],
    [16777216, '1.6777216e+07'],
    [1e100, '1e+100'],
    [2.5e-100, '2.5e-100'],
    [-Infinity, '-Inf'],
  ])('%s → %s', (v, want) => {
    expect(formatGoFloatG(v)).toBe(want);
  });
});

describe('formatGoFloatF and formatGoFloatE (strconv f -1 and e -1)', () => {
  it.each([
    // [prom] count_values label values (2.42 formats them with 'f' -1): -0, 1e21, 1e-7.
    [-0, '-0', '-0e+00'],
    [1e-7, '0.0000001', '1e-07'],
    [0, '0', '0e+00'],
    [1, '1', '1e+00'],
    [123.456, '123.456', '1.23456e+02'],
    [1e21, '1000000000000000000000', '1e+21'],
    [1.5e-7, '0.00000015', '1.5e-07'],
    [-2.5e-10, '-0.00000000025', '-2.5e-10'],
    [1.2345e25, '12345000000000000000000000', '1.2345e+25'],
    [0.1, '0.1', '1e-01'],
    [NaN, 'NaN', 'NaN'],
    [Infinity, '+Inf', '+Inf'],
    [-Infinity, '-Inf', '-Inf'],
  ])('%s → %s and %s', (v, f, e) => {
    expect(formatGoFloatF(v)).toBe(f);
    expect(formatGoFloatE(v)).toBe(e);
  });
});

describe('formatGoFloatFixed (strconv f with a precision, fmt %.Nf)', () => {
  it.each([
    // [prom] format_query of `x @ 1.5` and `x @ 1.0000005` (%.3f).
    [1.5, 3, '1.500'],
    [1.0000005, 3, '1.000'],
    [1.5, 6, '1.500000'],
    [0, 6, '0.000000'],
    [-0, 2, '-0.00'],
    // Exact halves round to even; toFixed alone would round them away from zero.
    [0.5, 0, '0'],
    [1.5, 0, '2'],
    [2.5, 0, '2'],
    [-2.5, 0, '-2'],
    [0.125, 2, '0.12'],
    [0.375, 2, '0.38'],
    [0.0078125, 6, '0.007812'],
    // Not exact halves: the binary value decides.
    [1.005, 2, '1.00'],
    [2.675, 2, '2.67'],
    [1e22, 2, '10000000000000000000000.00'],
    [NaN, 6, 'NaN'],
    [-Infinity, 6, '-Inf'],
  ])('%s with %s decimals → %s', (v, n, want) => {
    expect(formatGoFloatFixed(v, n)).toBe(want);
  });
});

describe('formatOpenMetricsFloat (labels.FormatOpenMetricsFloat)', () => {
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.5, '0.5'],
    [100, '100.0'],
    [123456, '123456.0'],
    // The 'g' form switches to an exponent at 1e6, and then needs no ".0".
    [1e6, '1e+06'],
    [2.5e6, '2.5e+06'],
    [1e-5, '1e-05'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('%s → %s', (v, want) => {
    expect(formatOpenMetricsFloat(v)).toBe(want);
  });
});

describe('formatOpenMetricsFloat: more values', () => {
  it.each([
    [1, '1.0'],
    [0, '0.0'],
    [0.005, '0.005'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [100000, '100000.0'],
    [1e6, '1e+06'],
    [1234567, '1.234567e+06'],
    [-2.5, '-2.5'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [NaN, 'NaN'],
  ])('%d → %s', (f, want) => {
    expect(formatOpenMetricsFloat(f)).toBe(want);
  });
});
