import { describe, expect, it } from 'vitest';
import { natLess } from '../../../../../electron/core/promql/functions/sort.js';

describe('sort_by_label order', () => {
  it('sorts naturally', () => {
    expect(natLess('4m5', '4m600')).toBe(true);
    expect(natLess('1.2.3', '1.11.3')).toBe(true);
    expect(natLess('cpu10', 'cpu9')).toBe(false);
  });
});
