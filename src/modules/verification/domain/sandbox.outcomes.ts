import type { SessionStatus } from './session.lifecycle.js';

/** What a person types on the sandbox's hosted step. */
export interface SandboxSubmission {
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  dateOfBirth: string;
  country: string;
  documentNumber: string;
}

/** The outcome the sandbox gives a submission. */
export interface SandboxOutcome {
  status: Exclude<SessionStatus, 'pending'>;
  reason: string | null;
}

/**
 * Test data, documented in docs/TRUST_AND_SAFETY.md: the document number's last four
 * digits choose the outcome; an adult with any other number is verified.
 */
export const SANDBOX_DOCUMENTS: Readonly<Record<string, SandboxOutcome>> = {
  '0000': { status: 'rejected', reason: 'document_expired' },
  '1111': { status: 'requires_input', reason: 'document_unreadable' },
  '2222': { status: 'rejected', reason: 'document_fraudulent' },
  '3333': { status: 'requires_input', reason: 'selfie_mismatch' },
};

const MS_PER_YEAR = 365.2425 * 86_400_000;

/** The sandbox's decision for a submission made at `now`. */
export function sandboxOutcome(s: SandboxSubmission, now: number): SandboxOutcome {
  const byDocument = SANDBOX_DOCUMENTS[s.documentNumber.trim().slice(-4)];
  if (byDocument) return byDocument;
  const born = Date.parse(`${s.dateOfBirth}T00:00:00Z`);
  if (Number.isNaN(born) || (now - born) / MS_PER_YEAR < 18) return { status: 'rejected', reason: 'underage' };
  return { status: 'verified', reason: null };
}
