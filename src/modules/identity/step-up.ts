import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Problem } from '../../platform/errors.js';
import type { Principal } from './identity.types.js';

/** How a session proved a second factor. */
export type StepUpMethod = 'totp' | 'recovery' | 'webauthn';
export const STEP_UP_METHODS: readonly StepUpMethod[] = ['totp', 'recovery'];

/** What needs a fresh step-up, named in `details.reason`. */
export type StepUpReason =
  | 'admin'
  | 'bid'
  | 'buy_now'
  | 'payment_method'
  | 'email'
  | 'password'
  | 'payout'
  | 'mfa_disable'
  | 'recovery_codes'
  | 'risk';

/** The step-up rules, from config. */
export interface StepUpPolicy {
  /** How long a step-up counts (MFA_STEP_UP_MINUTES). */
  windowMs: number;
  /** Admin routes need a fresh step-up, and admins without MFA must enroll (MFA_ADMIN_REQUIRED). */
  adminRequired: boolean;
  now: () => number;
}

/** Where a user without MFA starts enrolling. */
export const ENROLL_START = '/api/v1/me/mfa/totp';

// A step-up challenge lives this long; the client answers it right away.
const CHALLENGE_TTL_MS = 5 * 60_000;

/** True when the session was stepped up within the window. */
export function isSteppedUp(p: Principal, policy: StepUpPolicy): boolean {
  return p.steppedUpAt != null && policy.now() - p.steppedUpAt < policy.windowMs;
}

/**
 * Null when the session may go on; otherwise the problem to answer. A user without MFA
 * passes unless `requireEnrollment` (admins, high bids): then 403 MFA_ENROLLMENT_REQUIRED.
 */
export function stepUpNeeded(p: Principal, reason: StepUpReason, policy: StepUpPolicy, requireEnrollment: boolean): Problem | null {
  if (!p.mfaEnrolled) {
    return requireEnrollment
      ? { code: 'MFA_ENROLLMENT_REQUIRED', message: 'Set up two-factor authentication first', details: { reason, start: ENROLL_START } }
      : null;
  }
  if (isSteppedUp(p, policy)) return null;
  return {
    code: 'MFA_REQUIRED',
    message: 'Confirm with a code from your authenticator app',
    details: { reason, challengeId: mintStepUpChallenge(p.tokenHash, policy.now()), methods: [...STEP_UP_METHODS] },
  };
}

// Step-up challenges carry no server state: the id is bound to the session by an HMAC
// keyed with the session's token hash (which only the server and the token holder can
// derive) and carries its expiry. The proof is the code, which is accepted once.
const mac = (tokenHash: Buffer, body: string) => createHmac('sha256', tokenHash).update(`step-up|${body}`).digest().subarray(0, 16);

/** A challenge id for stepping up this session (`su.<expiry>.<nonce>.<mac>`). */
export function mintStepUpChallenge(tokenHash: Buffer, now: number): string {
  const body = `${(now + CHALLENGE_TTL_MS).toString(36)}.${randomBytes(9).toString('base64url')}`;
  return `su.${body}.${mac(tokenHash, body).toString('base64url')}`;
}

export const isStepUpChallengeId = (id: string): boolean => id.startsWith('su.');

/** True when `id` was minted for this session and has not expired. */
export function checkStepUpChallenge(id: string, tokenHash: Buffer, now: number): boolean {
  const parts = id.split('.');
  if (parts.length !== 4 || parts[0] !== 'su') return false;
  const [, exp = '', nonce = '', sig = ''] = parts;
  const expected = mac(tokenHash, `${exp}.${nonce}`);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
  return Number.parseInt(exp, 36) > now;
}
