/** The multi-factor wire contract: TOTP enrollment, recovery codes, challenges and the security page's sessions. */
import { type Static, Type } from 'typebox';
import { IdParam, Nullable, Strict } from './common.js';

/** A six-digit TOTP code (spaces are the client's to strip). */
const TotpCode = Type.String({ pattern: '^[0-9]{6}$', minLength: 6, maxLength: 6 });
/** A recovery code as shown at enrollment (`xxxxx-xxxxx-xxxxx-xxxxx`); case and dashes are forgiven. */
const RecoveryCode = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' });

/** Second-factor state of the caller. */
export const MfaStatusSchema = Type.Object(
  {
    totp: Type.Boolean({ description: 'An authenticator app is set up and confirmed' }),
    enabledAt: Nullable(Type.String({ format: 'date-time' })),
    recoveryCodesLeft: Type.Integer({ minimum: 0 }),
    /** When the current session was last stepped up; null: never. */
    steppedUpAt: Nullable(Type.String({ format: 'date-time' })),
    /** Until when the current step-up counts; null: not stepped up. */
    steppedUpUntil: Nullable(Type.String({ format: 'date-time' })),
  },
  { $id: 'MfaStatus' },
);
export type MfaStatus = Static<typeof MfaStatusSchema>;

/** Enrollment started: the secret to scan (QR) or type, not yet active. */
export const TotpEnrollment = Type.Object({
  secret: Type.String({ description: 'Base32 secret, for typing into the app' }),
  otpauthUri: Type.String({ description: 'otpauth://totp/... for the QR code' }),
  qrSvg: Type.String({ description: 'The otpauth URI as an SVG QR code' }),
});
export type TotpEnrollment = Static<typeof TotpEnrollment>;

export const ConfirmTotpBody = Strict({ code: TotpCode });
export type ConfirmTotpBody = Static<typeof ConfirmTotpBody>;

/** Ten single-use recovery codes, shown this once. */
export const RecoveryCodesResponse = Type.Object({ recoveryCodes: Type.Array(Type.String(), { minItems: 10, maxItems: 10 }) });
export type RecoveryCodesResponse = Static<typeof RecoveryCodesResponse>;

/** The answer to a challenge: a TOTP code or a recovery code (exactly one). */
export const ChallengeAnswerBody = Type.Union([Strict({ code: TotpCode }), Strict({ recoveryCode: RecoveryCode })]);
export type ChallengeAnswerBody = { code: string } | { recoveryCode: string };

export const ChallengeParams = Strict({
  // A sign-in challenge is a UUID; a step-up challenge is `su.<expiry>.<nonce>.<mac>`.
  id: Type.String({ minLength: 1, maxLength: 96, pattern: '^[A-Za-z0-9._-]+$' }),
});

/** A sign-in challenge answered: the session (as at login). A step-up answered: until when it counts. */
export const ChallengeResult = Type.Object({
  kind: Type.Union([Type.Literal('sign_in'), Type.Literal('step_up')]),
  user: Type.Optional(Type.Ref('User')),
  token: Type.Optional(Type.String()),
  steppedUpUntil: Type.String({ format: 'date-time' }),
});
export type ChallengeResult = {
  kind: 'sign_in' | 'step_up';
  user?: import('./identity.js').User;
  token?: string;
  steppedUpUntil: string;
};

/** A live session of the caller, as the security page lists it. */
export const SessionSchema = Type.Object(
  {
    id: Type.String(),
    ip: Nullable(Type.String()),
    userAgent: Nullable(Type.String()),
    createdAt: Type.String({ format: 'date-time' }),
    lastSeenAt: Nullable(Type.String({ format: 'date-time' })),
    steppedUpAt: Nullable(Type.String({ format: 'date-time' })),
    stepUpMethod: Nullable(Type.String()),
    current: Type.Boolean({ description: 'The session making this request' }),
  },
  { $id: 'Session' },
);
export type SessionView = Static<typeof SessionSchema>;

export const SessionsQuery = Strict({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })) });
export const SessionList = Type.Object({ items: Type.Array(Type.Ref('Session')) });
export type SessionList = { items: SessionView[] };
export const SessionIdParams = Strict({ id: IdParam('SESSION_NOT_FOUND') });
export const RevokedResponse = Type.Object({ revoked: Type.Integer({ minimum: 0 }) });
