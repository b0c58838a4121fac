import { createHmac, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;

// Crockford-style alphabet without look-alikes (0/O, 1/I/L): easy to read off paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten fresh codes of 20 characters (about 99 bits each), grouped as `xxxxx-xxxxx-xxxxx-xxxxx`. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(20);
    const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
    return chars.match(/.{5}/g)!.join('-');
  });
}

/** The form a code is compared in: lower case, no dashes or spaces. */
export const normalizeRecoveryCode = (code: string): string => code.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Keyed SHA-256 (HMAC) of a normalized code. The codes are long and random, so a slow
 * password hash would add nothing against guessing; the key means a copy of the table
 * alone cannot even test candidates.
 */
export function hashRecoveryCode(key: Buffer, code: string): Buffer {
  return createHmac('sha256', key).update(normalizeRecoveryCode(code)).digest();
}
