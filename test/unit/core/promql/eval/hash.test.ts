import { describe, expect, it } from 'vitest';
import { xxhash64 } from '../../../../../electron/core/promql/eval/hash.js';

describe('xxhash64', () => {
  it('hashes like xxHash64', () => {
    expect(xxhash64(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
    expect(xxhash64(new TextEncoder().encode('a'))).toBe(0xd24ec4f1a98c6e5bn);
  });
});
