import { describe, expect, it } from 'vitest';
import { ipPrefixOf, signalsOf } from './request-signals.js';

describe('request signals', () => {
  it('groups IPv4 by /24 and IPv6 by /48', () => {
    expect(ipPrefixOf('203.0.113.77')).toBe('203.0.113.0/24');
    expect(ipPrefixOf('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(ipPrefixOf('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(ipPrefixOf('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(ipPrefixOf('::1')).toBe('0:0:0::/48');
  });

  it('reads the device cookie and the traits header, ignoring malformed ones', () => {
    const s = signalsOf({ ip: '10.1.2.3', headers: { cookie: 'a=1; gavel_device=AbCdEfGh12345678_x', 'x-gavel-device-traits': 'ab'.repeat(16), 'user-agent': 'UA' } });
    expect(s).toEqual({ ip: '10.1.2.3', ipPrefix: '10.1.2.0/24', userAgent: 'UA', deviceId: 'AbCdEfGh12345678_x', traitsHash: 'ab'.repeat(16) });
    const bad = signalsOf({ ip: '10.1.2.3', headers: { cookie: 'gavel_device=<script>', 'x-gavel-device-traits': 'zz' } });
    expect(bad.deviceId).toBeNull();
    expect(bad.traitsHash).toBeNull();
  });
});
