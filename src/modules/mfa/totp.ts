import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

/** RFC 6238 as authenticator apps expect it: SHA-1, six digits, 30-second steps. */
const PERIOD_S = 30;
const DIGITS = 6;
/** Clock drift forgiven: one step either side. */
const DRIFT_STEPS = 1;

/** A fresh random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an app scans, labelled with the issuer and the account's email. */
export function totpUri(secretBase32: string, issuer: string, account: string): string {
  return new TOTP({ issuer, label: account, secret: Secret.fromBase32(secretBase32), digits: DIGITS, period: PERIOD_S }).toString();
}

/** The time step a moment falls in. */
export const stepAt = (nowMs: number): number => Math.floor(nowMs / 1000 / PERIOD_S);

/** The code of a time step (tests and the demo print it). */
export function totpCodeAt(secretBase32: string, nowMs: number): string {
  return HOTP.generate({ secret: Secret.fromBase32(secretBase32), counter: stepAt(nowMs), digits: DIGITS });
}

/**
 * The time step `code` belongs to, within the drift and later than `lastStep` (each step
 * is accepted once, so a code seen over a shoulder or replayed fails); null otherwise.
 */
export function matchTotp(secretBase32: string, code: string, nowMs: number, lastStep: number): number | null {
  const secret = Secret.fromBase32(secretBase32);
  const given = Buffer.from(code);
  const now = stepAt(nowMs);
  for (let step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
    if (step <= lastStep) continue;
    const expected = Buffer.from(HOTP.generate({ secret, counter: step, digits: DIGITS }));
    if (expected.length === given.length && timingSafeEqual(expected, given)) return step;
  }
  return null;
}
