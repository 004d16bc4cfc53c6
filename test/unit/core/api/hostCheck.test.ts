import { describe, expect, it } from 'vitest';
import { hostChecker } from '../../../../electron/core/api/hostCheck.js';

describe('DNS-rebinding protection', () => {
  it('on loopback accepts only loopback names on the right port', () => {
    const ok = hostChecker('127.0.0.1', 9190);
    expect(ok('127.0.0.1:9190')).toBe(true);
    expect(ok('localhost:9190')).toBe(true);
    expect(ok('LOCALHOST:9190')).toBe(true);
    expect(ok('[::1]:9190')).toBe(true);
    expect(ok('evil.example:9190')).toBe(false);
    expect(ok('127.0.0.1.nip.io:9190')).toBe(false);
    expect(ok('localhost:9191')).toBe(false);
    expect(ok(undefined)).toBe(false);
    expect(ok('localhost')).toBe(false);
  });

  it('is off when listening on a network address', () => {
    expect(hostChecker('0.0.0.0', 9190)('my-box.lan:9190')).toBe(true);
  });
});
