import { describe, expect, it } from 'vitest';
import { checkStepUpChallenge, mintStepUpChallenge, stepUpNeeded, type StepUpPolicy } from './step-up.js';
import type { Principal } from './identity.types.js';

const T0 = Date.UTC(2026, 0, 1);
let now = T0;
const policy: StepUpPolicy = { windowMs: 600_000, adminRequired: true, now: () => now };
const principal = (over: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  roles: [],
  isAdmin: false,
  tokenHash: Buffer.alloc(32, 1),
  mfaEnrolled: true,
  steppedUpAt: null,
  ...over,
});

describe('step-up', () => {
  it('when the session was stepped up less than the window ago, then it may go on; at the window, it must step up again', () => {
    now = T0 + 599_999;
    expect(stepUpNeeded(principal({ steppedUpAt: T0 }), 'bid', policy, true)).toBeNull();
    now = T0 + 600_000;
    const p = stepUpNeeded(principal({ steppedUpAt: T0 }), 'bid', policy, true);
    expect(p).toMatchObject({ code: 'MFA_REQUIRED', details: { reason: 'bid', methods: ['totp', 'recovery'] } });
  });

  it('when the user has no MFA, then enrollment is demanded only where it is required', () => {
    const p = principal({ mfaEnrolled: false });
    expect(stepUpNeeded(p, 'admin', policy, true)).toMatchObject({ code: 'MFA_ENROLLMENT_REQUIRED', details: { start: '/api/v1/me/mfa/totp' } });
    expect(stepUpNeeded(p, 'email', policy, false)).toBeNull();
  });

  it('when a challenge id is checked, then only the session it was minted for accepts it, and only until it expires', () => {
    now = T0;
    const hash = Buffer.alloc(32, 1);
    const id = mintStepUpChallenge(hash, T0);
    expect(checkStepUpChallenge(id, hash, T0 + 1000)).toBe(true);
    expect(checkStepUpChallenge(id, Buffer.alloc(32, 2), T0 + 1000)).toBe(false);
    expect(checkStepUpChallenge(id, hash, T0 + 5 * 60_000)).toBe(false);
    expect(checkStepUpChallenge(`${id.slice(0, -2)}AA`, hash, T0 + 1000)).toBe(false);
    expect(checkStepUpChallenge('su.zz.nonce.mac', hash, T0)).toBe(false);
  });
});
