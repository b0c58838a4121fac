/** Where a provider session stands (Stripe Identity / Onfido style). */
export type SessionStatus = 'pending' | 'verified' | 'rejected' | 'requires_input';

/** The session lifecycle as data: outcomes are final except `requires_input`, which a resubmission reopens. */
export const SESSION_TRANSITIONS: Readonly<Record<SessionStatus, readonly SessionStatus[]>> = {
  pending: ['verified', 'rejected', 'requires_input'],
  requires_input: ['pending'],
  verified: [],
  rejected: [],
};

export function canSessionTransition(from: SessionStatus, to: SessionStatus): boolean {
  return SESSION_TRANSITIONS[from].includes(to);
}

/** A session as the decision needs it. */
export interface SessionState {
  status: SessionStatus;
  reason: string | null;
  /** The provider's sequence number of the last event applied. */
  seq: number;
}

/** What a provider webhook says happened to a session. */
export interface ProviderUpdate {
  status: SessionStatus;
  reason: string | null;
  seq: number;
}

/** The effect of one provider event. */
export type SessionDecision =
  | { apply: true; next: SessionState; outcome: boolean }
  | { apply: false; why: 'stale' | 'not_allowed' };

/**
 * Decides what an event does to a session. An event at or below the last applied
 * sequence is stale (a duplicate, or a `pending` that arrives after its outcome) and
 * never downgrades. An outcome that arrives before the `pending` of a resubmission
 * applies as if the `pending` had come first (`requires_input -> pending -> outcome`).
 */
export function decideUpdate(s: SessionState, u: ProviderUpdate): SessionDecision {
  if (u.seq <= s.seq) return { apply: false, why: 'stale' };
  const direct = canSessionTransition(s.status, u.status);
  const viaPending = !direct && canSessionTransition(s.status, 'pending') && canSessionTransition('pending', u.status);
  if (!direct && !viaPending) return { apply: false, why: 'not_allowed' };
  const reason = u.status === 'rejected' || u.status === 'requires_input' ? u.reason : null;
  return { apply: true, next: { status: u.status, reason, seq: u.seq }, outcome: u.status !== 'pending' };
}
