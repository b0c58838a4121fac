/** Status of a payment at the gateway (what a processor calls a payment intent). */
export type IntentStatus =
  | 'requires_action'
  | 'authorized'
  | 'captured'
  | 'partially_refunded'
  | 'refunded'
  | 'voided'
  | 'expired'
  | 'declined';

/** The gateway-side lifecycle as data; the sandbox enforces it, and a real processor behaves alike. */
export const INTENT_TRANSITIONS: Readonly<Record<IntentStatus, readonly IntentStatus[]>> = {
  requires_action: ['authorized', 'declined', 'voided', 'expired'],
  authorized: ['captured', 'voided', 'expired'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  voided: [],
  expired: [],
  declined: [],
};

export function canIntentTransition(from: IntentStatus, to: IntentStatus): boolean {
  return INTENT_TRANSITIONS[from].includes(to);
}
