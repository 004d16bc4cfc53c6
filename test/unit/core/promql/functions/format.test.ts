import { describe, expect, it } from 'vitest';
import { formatFloatF, formatOpenMetricsFloat } from '../../../../../electron/core/promql/functions/format.js';

describe('float formatting', () => {
  it('formats floats like strconv and OpenMetrics', () => {
    expect(formatFloatF(1e21)).toBe('1000000000000000000000');
    expect(formatFloatF(1.5e-7)).toBe('0.00000015');
    expect(formatFloatF(-Infinity)).toBe('-Inf');
    expect(formatOpenMetricsFloat(1)).toBe('1.0');
    expect(formatOpenMetricsFloat(0.25)).toBe('0.25');
    expect(formatOpenMetricsFloat(NaN)).toBe('NaN');
  });
});
