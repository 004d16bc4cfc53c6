import { describe, expect, it } from 'vitest';
import { parseCoreMessage, parseShellMessage } from '../../../shared/shellMessages.js';

describe('shell messages', () => {
  it('accepts the messages each side sends', () => {
    expect(parseCoreMessage({ type: 'hearth:ready', url: 'http://127.0.0.1:9190' })).toEqual({ type: 'hearth:ready', url: 'http://127.0.0.1:9190' });
    expect(parseShellMessage({ type: 'hearth:stop' })).toEqual({ type: 'hearth:stop' });
  });

  it('refuses what is not a message of this version, or has the wrong shape', () => {
    for (const m of [null, undefined, 'hearth:ready', 42, [], {}, { type: 1 }, { type: 'other' }, { type: 'hearth:ready' }, { type: 'hearth:ready', url: 1 }, { type: 'toString' }, { type: '__proto__' }]) {
      expect(parseCoreMessage(m), JSON.stringify(m)).toBeNull();
    }
    for (const m of [null, { type: 'toString' }, { type: 'hearth:ready', url: 'u' }, { type: 'hearth:stopp' }]) {
      expect(parseShellMessage(m), JSON.stringify(m)).toBeNull();
    }
  });

  it('keeps the directions apart', () => {
    expect(parseCoreMessage({ type: 'hearth:stop' })).toBeNull();
    expect(parseShellMessage({ type: 'hearth:ready', url: 'u' })).toBeNull();
  });
});
