import { describe, expect, it } from 'vitest';
import { decodeHistoryToken, encodeHistoryToken } from '../../../../../electron/core/rules/store/historyQuery.js';

describe('history tokens', () => {
  it('round-trip positions and refuse anything else', () => {
    for (const p of [{ timeMs: 0, id: 0 }, { timeMs: 1_733_000_000_123, id: 987_654 }, { timeMs: -5, id: 1 }]) expect(decodeHistoryToken(encodeHistoryToken(p))).toEqual(p);
    for (const bad of ['', 'abc', '!!', encodeHistoryToken({ timeMs: 1, id: 1 }) + '=', Buffer.from('1:2:3').toString('base64url'), Buffer.from('99999999999999999:1').toString('base64url'), 'x'.repeat(100)]) {
      expect(() => decodeHistoryToken(bad), bad).toThrow(/not a token of this endpoint/);
    }
  });
});
