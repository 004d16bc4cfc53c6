import { describe, expect, it } from 'vitest';
import { ReusedList } from '../../../../electron/core/scrape/reusedList.js';

describe('ReusedList', () => {
  it('refills after clear without showing entries of the earlier fill', () => {
    const l = new ReusedList<string>();
    for (const x of ['a', 'b', 'c']) l.push(x);
    expect(l.n).toBe(3);
    expect(l.at(2)).toBe('c');
    l.clear();
    expect(l.n).toBe(0);
    expect(l.at(0)).toBeUndefined();
    l.push('d');
    expect(l.at(0)).toBe('d');
    expect(l.at(1)).toBeUndefined();
    expect(l.toArray()).toEqual(['d']);
    for (const x of ['e', 'f', 'g']) l.push(x);
    expect(l.toArray()).toEqual(['d', 'e', 'f', 'g']);
  });
});
