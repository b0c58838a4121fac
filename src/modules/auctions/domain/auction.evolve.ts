import { canTransition } from './auction.lifecycle.js';
import type { AuctionEvent, AuctionResult, AuctionState, AuctionStatus, BidderEntry, EditPatch } from './auction.types.js';

/**
 * Folds one event into a new state (the input is never mutated). Total: it accepts any event,
 * and a status change the lifecycle table forbids is ignored so a terminal state stays terminal.
 */
export function evolve(state: AuctionState, event: AuctionEvent): AuctionState {
  const next: AuctionState = { ...state, seq: event.seq };
  switch (event.type) {
    case 'started':
      return withStatus(next, 'active');
    case 'bid_placed': {
      next.bidCount = state.bidCount + 1;
      // A proxy bid only moves the public level; the leader's max and its tie-break seq are unchanged.
      if (event.kind !== 'proxy') {
        const entry: BidderEntry = { bidderId: event.bidderId, amount: event.maxAmount, seq: event.seq, at: event.at };
        next.bidders = [...state.bidders.filter((b) => b.bidderId !== event.bidderId), entry];
      }
      return next;
    }
    case 'price_changed':
      next.currentPrice = event.price;
      next.leaderId = event.leaderId;
      return next;
    case 'extended':
      next.endsAt = event.endsAt;
      next.extensions = event.extensions;
      return next;
    case 'closed': {
      if (!canTransition(state.status, 'closed')) return next;
      const closed = withStatus(next, 'closed');
      closed.result = cloneResult(event.result);
      closed.closedAt = event.at;
      if (event.result.outcome === 'sold') {
        closed.currentPrice = event.result.price;
        closed.leaderId = event.result.winnerId;
      }
      return closed;
    }
    case 'cancelled': {
      if (!canTransition(state.status, 'cancelled')) return next;
      // Cancelling voids all bids, so there is no result to keep.
      const cancelled = withStatus(next, 'cancelled');
      cancelled.result = null;
      cancelled.closedAt = event.at;
      return cancelled;
    }
    case 'edited':
      return applyPatch(next, event.patch);
    case 'bids_voided': {
      next.bidders = state.bidders.filter((b) => b.bidderId !== event.bidderId);
      next.voidedBidders = [...(state.voidedBidders ?? []).filter((id) => id !== event.bidderId), event.bidderId];
      next.currentPrice = event.price;
      next.leaderId = event.leaderId;
      // Only a closed auction has a result to re-run; the status never changes.
      if (event.result !== null && state.status === 'closed') next.result = cloneResult(event.result);
      return next;
    }
    default: {
      const unreachable: never = event;
      void unreachable;
      return { ...state };
    }
  }
}

/** Rebuilds state by folding events in order onto `initial`. */
export function replay(initial: AuctionState, events: readonly AuctionEvent[]): AuctionState {
  return events.reduce(evolve, initial);
}

function withStatus(state: AuctionState, to: AuctionStatus): AuctionState {
  return canTransition(state.status, to) ? { ...state, status: to } : state;
}

function applyPatch(state: AuctionState, patch: EditPatch): AuctionState {
  const next = { ...state };
  if (patch.endsAt !== undefined) {
    // Edits happen before any bid, so no extension has moved the end yet.
    next.endsAt = patch.endsAt;
    next.originalEndsAt = patch.endsAt;
  }
  if (patch.buyNowPrice !== undefined) next.buyNowPrice = patch.buyNowPrice;
  if (patch.reservePrice !== undefined) next.reservePrice = patch.reservePrice;
  if (patch.startingPrice !== undefined) next.startingPrice = patch.startingPrice;
  return next;
}

function cloneResult(result: AuctionResult): AuctionResult {
  return { ...result, ranking: result.ranking.map((r) => ({ ...r })) };
}
