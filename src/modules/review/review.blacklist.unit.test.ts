import { describe, expect, it } from 'vitest';
import { inRange, normaliseIdentifier } from './review.blacklist.js';

describe('blacklist identifiers', () => {
  it('when values are normalised, then each kind keeps only its own well-formed shape', () => {
    expect(normaliseIdentifier('email_domain', ' @Mail.Example.COM ')).toBe('mail.example.com');
    expect(normaliseIdentifier('ip_range', '203.0.113.0/24')).toBe('203.0.113.0/24');
    expect(normaliseIdentifier('ip_range', '203.0.113.7')).toBe('203.0.113.7/32');
    expect(normaliseIdentifier('ip_range', '2001:DB8:1::/48')).toBe('2001:db8:1::/48');
    expect(normaliseIdentifier('device', 'dev_abcdefghijklmnop')).toBe('dev_abcdefghijklmnop');
    for (const [kind, value] of [
      ['email_domain', 'not a domain'],
      ['ip_range', '300.1.1.1/24'],
      ['ip_range', '10.0.0.0/4'],
      ['ip_range', '10.0.0.0/24/1'],
      ['device', 'short'],
      ['card', 'x'],
    ] as const) {
      expect(() => normaliseIdentifier(kind, value), `${kind} ${value}`).toThrow(/not a valid/);
    }
  });

  it('when an address is checked against a range, then only addresses inside it match', () => {
    expect(inRange('203.0.113.200', '203.0.113.0/24')).toBe(true);
    expect(inRange('::ffff:203.0.113.9', '203.0.113.0/24')).toBe(true);
    expect(inRange('203.0.114.1', '203.0.113.0/24')).toBe(false);
    expect(inRange('10.20.30.40', '10.0.0.0/8')).toBe(true);
    expect(inRange('2001:db8:1:abcd::1', '2001:db8:1::/48')).toBe(true);
    expect(inRange('2001:db8:2::1', '2001:db8:1::/48')).toBe(false);
  });
});
