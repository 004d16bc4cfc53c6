import { describe, expect, it } from 'vitest';
import { unescapeLabelName } from '../../../../electron/core/api/v1/labels.js';

describe('label names in API paths', () => {
  it('unescapes Prometheus 3 U__ escaping and leaves plain names alone', () => {
    expect(unescapeLabelName('job')).toBe('job');
    expect(unescapeLabelName('U__a_2e_b')).toBe('a.b');
    expect(unescapeLabelName('U__my__label')).toBe('my_label');
    expect(unescapeLabelName('U__caf_e9_')).toBe('café');
    expect(unescapeLabelName('U__bad_zz_')).toBe('U__bad_zz_');
  });
});
