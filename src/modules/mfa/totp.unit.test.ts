import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes.js';
import { matchTotp, newTotpSecret, stepAt, totpCodeAt } from './totp.js';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('TOTP codes', () => {
  it('when the code of the current step is given, then its step is matched; the same step again is not', () => {
    const secret = newTotpSecret();
    const step = matchTotp(secret, totpCodeAt(secret, T0), T0, 0);
    expect(step).toBe(stepAt(T0));
    expect(matchTotp(secret, totpCodeAt(secret, T0), T0, step!)).toBeNull();
  });

  it('when the code is one step off either way, then it is accepted; two steps off, not', () => {
    const secret = newTotpSecret();
    expect(matchTotp(secret, totpCodeAt(secret, T0 - 30_000), T0, 0)).toBe(stepAt(T0) - 1);
    expect(matchTotp(secret, totpCodeAt(secret, T0 + 30_000), T0, 0)).toBe(stepAt(T0) + 1);
    expect(matchTotp(secret, totpCodeAt(secret, T0 - 60_000), T0, 0)).toBeNull();
    expect(matchTotp(secret, totpCodeAt(secret, T0 + 60_000), T0, 0)).toBeNull();
  });

  it('when the RFC 6238 test secret is used, then the code matches the published SHA-1 vector', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s -> 94287082 (8 digits); six digits: 287082.
    const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totpCodeAt(base32, 59_000)).toBe('287082');
  });
});

describe('recovery codes', () => {
  it('when ten are made, then they differ, read as four groups of five, and hash the same in any case or grouping', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const key = Buffer.alloc(32, 7);
    const c = codes[0]!;
    expect(hashRecoveryCode(key, c.toUpperCase().replace(/-/g, ' '))).toEqual(hashRecoveryCode(key, c));
    expect(hashRecoveryCode(Buffer.alloc(32, 8), c)).not.toEqual(hashRecoveryCode(key, c));
    expect(normalizeRecoveryCode('AB-cd 12')).toBe('abcd12');
  });
});
