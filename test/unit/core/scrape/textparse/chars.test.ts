import { describe, expect, it } from 'vitest';
import { goQuoteBytes, unescapeLabel } from '../../../../../electron/core/scrape/textparse/chars.js';

describe('helpers', () => {
  it('goQuoteBytes escapes like %q', () => {
    const b = Buffer.from([0x61, 0x0a, 0x22, 0x5c, 0x00, 0xff, 0xc3, 0xa9, 0x09]);
    expect(goQuoteBytes(b, 0, b.length)).toBe('"a\\n\\"\\\\\\x00\\xffé\\t"');
  });

  it('unescapeLabel undoes \\\\, \\" and \\n only', () => {
    expect(unescapeLabel('a\\\\b\\"c\\nd\\te')).toBe('a\\b"c\nd\\te');
  });
});
