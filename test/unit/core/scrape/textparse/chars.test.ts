import { describe, expect, it } from 'vitest';
import { unescapeLabel } from '../../../../../electron/core/scrape/textparse/chars.js';

describe('helpers', () => {
  it('unescapeLabel undoes \\\\, \\" and \\n only', () => {
    expect(unescapeLabel('a\\\\b\\"c\\nd\\te')).toBe('a\\b"c\nd\\te');
  });
});
