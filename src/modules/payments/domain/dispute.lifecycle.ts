/** Dispute status: buyer opens, seller may respond, an admin resolves. */
export type DisputeStatus = 'open' | 'responded' | 'resolved_refund' | 'resolved_release';

/** The dispute lifecycle as data. */
export const DISPUTE_TRANSITIONS: Readonly<Record<DisputeStatus, readonly DisputeStatus[]>> = {
  open: ['responded', 'resolved_refund', 'resolved_release'],
  responded: ['responded', 'resolved_refund', 'resolved_release'],
  resolved_refund: [],
  resolved_release: [],
};

export function canDisputeTransition(from: DisputeStatus, to: DisputeStatus): boolean {
  return DISPUTE_TRANSITIONS[from].includes(to);
}

export const DISPUTE_STATUSES = Object.keys(DISPUTE_TRANSITIONS) as DisputeStatus[];
