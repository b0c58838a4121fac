import type { Problem } from '../../platform/errors.js';
import type { Level } from './domain/index.js';

/** The route that starts each level (what a refusal points to). */
export const START_ROUTES: Readonly<Record<Level, string>> = {
  email: '/api/v1/me/verification/email',
  identity: '/api/v1/me/verification/identity',
  business: '/api/v1/me/verification/business',
};

const WHAT: Readonly<Record<Level, string>> = {
  email: 'Confirm your email address first',
  identity: 'Verify your identity first',
  business: 'Verify your business first',
};

/** 403 VERIFICATION_REQUIRED with the level and the route that starts it. */
export function verificationRequired(level: Level, reason: 'amount' | 'category' | 'payout' | 'representative'): Problem {
  return { code: 'VERIFICATION_REQUIRED', message: WHAT[level], details: { level, start: START_ROUTES[level], reason } };
}
