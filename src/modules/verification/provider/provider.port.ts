import type { SessionStatus } from '../domain/index.js';

/** The fields a provider checked, as Gavel keeps them (sealed). Never document numbers or images. */
export interface CheckedPerson {
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  country: string;
}

/** A provider's signed notification about one session. */
export interface VerificationEvent {
  id: string;
  type: 'identity.session.updated';
  /** Epoch ms at the provider. */
  created: number;
  session: {
    ref: string;
    status: SessionStatus;
    reason: string | null;
    /** Per-session sequence: later events carry higher numbers. */
    seq: number;
    /** On `verified`: what was checked. */
    checked?: CheckedPerson;
  };
}

/**
 * An identity verification provider (Stripe Identity, Onfido, the built-in sandbox):
 * a session per check with a hosted step the person completes at the provider, and the
 * outcome delivered later by a signed webhook.
 */
export interface VerificationProvider {
  readonly name: string;
  /** Opens a session for `customer` (Gavel's user id); `reference` is Gavel's own session id. */
  createSession(input: { customer: string; reference: string }): Promise<{ ref: string; hostedUrl: string }>;
  /** The hosted step of an open session (to resume or resubmit). */
  hostedUrl(ref: string): string;
  /** The event in a webhook if the signature over the exact body is valid and fresh; otherwise null. */
  verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>, now: number): VerificationEvent | null;
}
