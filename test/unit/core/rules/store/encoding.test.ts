import { describe, expect, it } from 'vitest';
import { Labels } from '../../../../../electron/core/model/labels.js';
import { decodeLabels, decodeValue, encodeLabels, encodeValue, stateCode, stateOf } from '../../../../../electron/core/rules/store/encoding.js';

describe('alert table encodings', () => {
  it('round-trips label sets, and makes a hand-edited list canonical again', () => {
    const l = Labels.fromObject({ alertname: 'A', 'ütf.8': 'x"y\n', job: 'node' });
    const text = encodeLabels(l);
    expect(text).toBe('["alertname","A","job","node","ütf.8","x\\"y\\n"]');
    expect(decodeLabels(text, 'here').key).toBe(l.key);
    // Unsorted, duplicated and empty-valued: sorted, last value wins, empty dropped.
    const edited = decodeLabels('["job","b","alertname","A","job","c","x",""]', 'here');
    expect(edited.toObject()).toEqual({ alertname: 'A', job: 'c' });
    expect(edited.key).toBe(Labels.fromObject({ alertname: 'A', job: 'c' }).key);
    expect(decodeLabels('[]', 'here')).toBe(Labels.EMPTY);
    expect(() => decodeLabels('["a",1]', 'row 5')).toThrow('row 5: labels are not a list of name/value pairs');
  });

  it('keeps NaN as NULL and states as codes', () => {
    expect(encodeValue(NaN)).toBeNull();
    expect(decodeValue(null)).toBeNaN();
    expect(decodeValue(encodeValue(-0))).toBe(-0);
    expect(['inactive', 'pending', 'firing'].map((s) => stateOf(stateCode(s as 'firing'), 'x'))).toEqual(['inactive', 'pending', 'firing']);
    expect(() => stateOf(3, 'row 9')).toThrow('row 9: unknown alert state code 3');
  });
});
