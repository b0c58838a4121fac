import type { AuctionState, AuctionStatus } from './auction.types.js';

/** Allowed status changes, exported as data so the engine and docs can share one source of truth. */
export const AUCTION_TRANSITIONS: Readonly<Record<AuctionStatus, readonly AuctionStatus[]>> = {
  scheduled: ['active', 'cancelled'],
  active: ['closed', 'cancelled'],
  closed: [],
  cancelled: [],
};

/**
 * Where an admin may void a bidder's bids: while bidding is open (the standing is recomputed)
 * and after close (the winner determination is re-run); never once cancelled (no bids count).
 */
export const VOIDABLE: Readonly<Record<AuctionStatus, boolean>> = {
  scheduled: false,
  active: true,
  closed: true,
  cancelled: false,
};

/** Whether bids may be voided in this stored status (unknown statuses: no). */
export function canVoidBids(status: AuctionStatus): boolean {
  return Object.hasOwn(VOIDABLE, status) && VOIDABLE[status];
}

/** Whether the lifecycle table permits `from -> to`. */
export function canTransition(from: AuctionStatus, to: AuctionStatus): boolean {
  // Guard against corrupt stored statuses: an unknown `from` permits nothing.
  const allowed = Object.hasOwn(AUCTION_TRANSITIONS, from) ? AUCTION_TRANSITIONS[from] : [];
  return allowed.includes(to);
}

/**
 * Phase as seen by a bidder at `now`. The stored status lags the clock because the scheduler
 * runs asynchronously, so bids must be judged by this, not by `status`.
 */
export type AuctionPhase = 'not_started' | 'live' | 'ended' | 'closed' | 'cancelled';

/** Effective phase of the auction at `now`, combining stored status and the clock. */
export function auctionPhase(state: AuctionState, now: number): AuctionPhase {
  switch (state.status) {
    case 'closed':
      return 'closed';
    case 'cancelled':
      return 'cancelled';
    case 'scheduled':
      if (now < state.startsAt) return 'not_started';
      return now < state.endsAt ? 'live' : 'ended';
    case 'active':
      return now < state.endsAt ? 'live' : 'ended';
    default: {
      const unreachable: never = state.status;
      // A corrupt status must never make a bid acceptable.
      void unreachable;
      return 'closed';
    }
  }
}
