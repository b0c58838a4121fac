/** The verification (KYC) wire contract: levels and their status, starting each, the sandbox's hosted step, webhooks. */
import { type Static, Type } from 'typebox';
import { IsoTime, Nullable, Strict } from './common.js';

export const VerificationLevel = Type.Union([Type.Literal('email'), Type.Literal('identity'), Type.Literal('business')]);
export type VerificationLevel = Static<typeof VerificationLevel>;

export const LevelState = Type.Union([
  Type.Literal('none'),
  Type.Literal('pending'),
  Type.Literal('verified'),
  Type.Literal('rejected'),
  Type.Literal('requires_input'),
]);
export type LevelState = Static<typeof LevelState>;

/** One level as its holder sees it. */
export const LevelStatusSchema = Type.Object(
  {
    level: VerificationLevel,
    status: LevelState,
    /** Why a check was rejected or needs input (`document_expired`, ...); null otherwise. */
    reason: Nullable(Type.String()),
    updatedAt: Nullable(IsoTime()),
    /** The route that starts (or resumes) this level. */
    start: Type.String(),
    /** The sandbox's hosted step while a check waits for the person's input; null otherwise. */
    hostedUrl: Nullable(Type.String()),
  },
  { $id: 'VerificationLevelStatus' },
);
export type LevelStatusView = Static<typeof LevelStatusSchema>;

/** Every level, and the thresholds in force (minor units of the auction's or payout's currency). */
export const VerificationStatusResponse = Type.Object({
  levels: Type.Array(Type.Ref('VerificationLevelStatus')),
  identityAbove: Type.Integer({ description: 'Bids and buy-now prices above this need identity (0: no amount threshold)' }),
  payoutAbove: Type.Integer({ description: 'Payouts above this need identity (0: none)' }),
});
export type VerificationStatusView = Omit<Static<typeof VerificationStatusResponse>, 'levels'> & { levels: LevelStatusView[] };

export const ConfirmEmailBody = Strict({ token: Type.String({ minLength: 20, maxLength: 200 }) });
export type ConfirmEmailBody = Static<typeof ConfirmEmailBody>;

export const StartBusinessBody = Strict({
  companyName: Type.String({ maxLength: 200 }),
  registrationNumber: Type.String({ maxLength: 40 }),
  vatId: Type.String({ maxLength: 40 }),
  country: Type.String({ maxLength: 2, description: 'ISO 3166-1 alpha-2 (EU, GB, CH, NO)' }),
});
export type StartBusinessBody = Static<typeof StartBusinessBody>;

export const SandboxRefParams = Type.Object({ ref: Type.String({ pattern: '^vs_[0-9a-f]{24}$', 'x-not-found': 'VERIFICATION_SESSION_NOT_FOUND' }) });

/** The sandbox's hosted step as its page shows it. */
export const SandboxSessionResponse = Type.Object({
  ref: Type.String(),
  status: Type.Union([Type.Literal('requires_input'), Type.Literal('verified'), Type.Literal('rejected')]),
  /** True while the page accepts the test data. */
  awaitingInput: Type.Boolean(),
});
export type SandboxSessionView = Static<typeof SandboxSessionResponse>;

/** What a person types on the sandbox's hosted step (test data only; see docs/TRUST_AND_SAFETY.md). */
export const SandboxSubmitBody = Strict({
  firstName: Type.String({ minLength: 1, maxLength: 100 }),
  lastName: Type.String({ minLength: 1, maxLength: 100 }),
  dateOfBirth: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  country: Type.String({ minLength: 2, maxLength: 2 }),
  documentNumber: Type.String({ minLength: 4, maxLength: 40, pattern: '^[A-Za-z0-9]+$' }),
});
export type SandboxSubmitBody = Static<typeof SandboxSubmitBody>;

export const VerificationWebhookHeaders = Type.Object({ 'gavel-signature': Type.Optional(Type.String({ maxLength: 512 })) });
export const VerificationWebhookResponse = Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean(), applied: Type.Boolean() });
