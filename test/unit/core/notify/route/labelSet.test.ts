/**
 * model.LabelSet's Fingerprint and String. The fingerprints were read from Debian's
 * Alertmanager 0.25 (`fingerprint` of GET /api/v2/alerts after POSTing the alert); the
 * alertmanager.test.ts beside this file checks more of them live.
 */

import { describe, expect, it } from 'vitest';
import { compareGoStrings, labelSetFingerprint, labelSetString } from '../../../../../electron/core/notify/route/labelSet.js';

const KNOWN: Array<[labels: Record<string, string>, fingerprint: string]> = [
  [{}, 'cbf29ce484222325'],
  [{ a: 'y', a1: 'x', alertname: 'A', severity: 'page', team: 'a' }, '51969f50857e5967'],
  [{ alertname: 'B', v: 'ü"\n\\\\' }, '5691168c2c313b19'],
];

describe('labelSetFingerprint', () => {
  it.each(KNOWN)('%j is %s, as Alertmanager computes it', (labels, fp) => {
    expect(labelSetFingerprint(labels)).toBe(fp);
  });

  it('does not depend on the order the labels were given in', () => {
    expect(labelSetFingerprint({ team: 'a', severity: 'page', alertname: 'A', a1: 'x', a: 'y' })).toBe('51969f50857e5967');
  });

  it('separates names from values, so moving a character across changes it', () => {
    expect(labelSetFingerprint({ ab: 'c' })).not.toBe(labelSetFingerprint({ a: 'bc' }));
  });

  it('always has 16 hex digits', () => {
    for (let i = 0; i < 200; i++) expect(labelSetFingerprint({ n: String(i) })).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes astral characters as their 4 UTF-8 bytes', () => {
    // U+1F600 then U+E000: in UTF-16 the surrogate pair sorts first, in UTF-8 the other way.
    const a = labelSetFingerprint({ '\u{1F600}': '1' });
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).not.toBe(labelSetFingerprint({ '\uFFFD': '1' }));
  });
});

describe('labelSetString', () => {
  it('sorts names, separates with ", " and quotes values as Go', () => {
    expect(labelSetString({})).toBe('{}');
    expect(labelSetString({ b: '2', a: 'x"y\n', c: 'é\u0007' })).toBe('{a="x\\"y\\n", b="2", c="é\\a"}');
  });
});

describe('compareGoStrings', () => {
  it('orders by UTF-8 bytes, not UTF-16 units', () => {
    const names = ['\uE000', '\u{1F600}', 'b', 'a', 'a1', 'ab'];
    expect(names.sort(compareGoStrings)).toEqual(['a', 'a1', 'ab', 'b', '\uE000', '\u{1F600}']);
  });
});
