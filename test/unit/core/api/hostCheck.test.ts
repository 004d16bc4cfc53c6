import { describe, expect, it, vi } from 'vitest';
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

  it('on every interface accepts loopback, the machine name and interface addresses, nothing else', () => {
    let addrs = ['127.0.0.1', '::1', '192.168.1.20', 'fe80::1c2:3ff:fe4:5'];
    const ok = hostChecker('0.0.0.0', 9190, { hostname: 'My-Box', interfaceAddresses: () => addrs });
    expect(ok('localhost:9190')).toBe(true);
    expect(ok('127.0.0.1:9190')).toBe(true);
    expect(ok('my-box:9190')).toBe(true);
    expect(ok('192.168.1.20:9190')).toBe(true);
    expect(ok('[fe80::1c2:3ff:fe4:5]:9190')).toBe(true);
    expect(ok('[::1]:9190')).toBe(true);
    // DNS rebinding: a name the attacker controls, resolving to one of the addresses above.
    expect(ok('rebind.evil.example:9190')).toBe(false);
    expect(ok('my-box.evil.example:9190')).toBe(false);
    expect(ok('192.168.1.20.nip.io:9190')).toBe(false);
    expect(ok('192.168.1.20:9191')).toBe(false);
    expect(ok('192.168.1.20')).toBe(false);
    expect(ok(undefined)).toBe(false);
    // A new address (the machine joined another network) is found without a restart.
    addrs = [...addrs, '10.0.0.7'];
    expect(ok('10.0.0.7:9190')).toBe(false);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 1100);
      expect(ok('10.0.0.7:9190')).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('on :: (IPv6 wildcard) is the same allow-list', () => {
    const ok = hostChecker('::', 9190, { hostname: 'box', interfaceAddresses: () => ['2001:db8::5'] });
    expect(ok('[2001:db8::5]:9190')).toBe(true);
    expect(ok('box:9190')).toBe(true);
    expect(ok('[::1]:9190')).toBe(true);
    expect(ok('evil.example:9190')).toBe(false);
  });

  it('on one network address accepts that address and the machine name only', () => {
    const ok = hostChecker('192.168.1.20', 9190, { hostname: 'box', interfaceAddresses: () => ['10.0.0.7'] });
    expect(ok('192.168.1.20:9190')).toBe(true);
    expect(ok('box:9190')).toBe(true);
    expect(ok('10.0.0.7:9190')).toBe(false);
    expect(ok('evil.example:9190')).toBe(false);
    const v6 = hostChecker('2001:db8::5', 9190, { hostname: 'box' });
    expect(v6('[2001:db8::5]:9190')).toBe(true);
    expect(v6('[2001:db8::6]:9190')).toBe(false);
    const named = hostChecker('hearth.lan', 9190, { hostname: 'box' });
    expect(named('HEARTH.lan:9190')).toBe(true);
    expect(named('evil.example:9190')).toBe(false);
  });

  it('takes a missing port as 443 over TLS', () => {
    const ok = hostChecker('192.168.1.20', 443, { tls: true, hostname: 'box' });
    expect(ok('192.168.1.20')).toBe(true);
    expect(hostChecker('192.168.1.20', 443, { hostname: 'box' })('192.168.1.20')).toBe(false);
  });
});
