import { auctionError } from './auction.errors.js';
import { auctionPhase, canVoidBids } from './auction.lifecycle.js';
import { rankBidders, rankingOf } from './auction.ranking.js';
import type { AuctionResult, AuctionState, BidderEntry, BidsVoidedEvent, DecideResult, ResumeCommand, VoidBidsCommand } from './auction.types.js';
import { proxyStanding } from './english.price.js';

/** The standing part of a `bids_voided` event. */
type Standing = Pick<BidsVoidedEvent, 'price' | 'leaderId' | 'reserveMet' | 'result'>;

const nobody: Standing = { price: null, leaderId: null, reserveMet: false, result: null };

/**
 * Decides `void_bids`: the bidder's entry leaves the auction and the standing is worked out
 * again from the remaining maxima (see `openStanding` and `voidedResult`). Refused when the
 * status does not allow it (lifecycle table VOIDABLE) or the bidder has no bid here.
 */
export function voidBids(state: AuctionState, command: VoidBidsCommand, now: number): DecideResult {
  const { bidderId, reason, byAdminId } = command;
  if (!nonEmpty(bidderId) || !nonEmpty(byAdminId) || !nonEmpty(reason)) {
    return { ok: false, error: auctionError('INVALID_COMMAND', 'bidderId, reason and byAdminId are required') };
  }
  if (!canVoidBids(state.status)) {
    return { ok: false, error: auctionError('AUCTION_NOT_ACTIVE', `Bids cannot be voided on a ${state.status} auction`, { status: state.status }) };
  }
  if (!state.bidders.some((b) => b.bidderId === bidderId)) {
    return { ok: false, error: auctionError('NOTHING_TO_VOID', 'This bidder has no bids on this auction', { bidderId }) };
  }
  const remaining = state.bidders.filter((b) => b.bidderId !== bidderId);
  const standing = state.status === 'closed' ? closedStanding(state, bidderId, remaining) : openStanding(state, remaining);
  const wasLeading = state.status === 'closed' ? state.result?.winnerId === bidderId : state.leaderId === bidderId;
  const event: BidsVoidedEvent = { type: 'bids_voided', seq: state.seq + 1, at: now, bidderId, reason, byAdminId, ...standing, wasLeading };
  return { ok: true, events: [event] };
}

/**
 * While open. English: the proxy rules over the remaining maxima (the highest leads at the
 * second-highest plus one increment, capped at its own maximum; the opening price when alone;
 * lifted to a met reserve). Sealed: the bid is simply gone (nothing is public before close).
 * Dutch: an accept closes the auction, so an open Dutch auction has no bidder to void.
 */
function openStanding(state: AuctionState, remaining: readonly BidderEntry[]): Standing {
  switch (state.type) {
    case 'english': {
      const s = proxyStanding(state, remaining);
      return s === null ? nobody : { price: s.price, leaderId: s.leader.bidderId, reserveMet: s.reserveMet, result: null };
    }
    case 'dutch':
    case 'sealed_first_price':
    case 'sealed_second_price':
      return nobody;
    default: {
      const unreachable: never = state.type;
      void unreachable;
      return nobody;
    }
  }
}

function closedStanding(state: AuctionState, bidderId: string, remaining: readonly BidderEntry[]): Standing {
  const result = voidedResult(state, bidderId, remaining);
  const sold = result.outcome === 'sold';
  return { price: sold ? result.price : null, leaderId: sold ? result.winnerId : null, reserveMet: sold, result };
}

/**
 * Winner determination after close without the voided bidder. A loser leaves the ranking
 * only. A voided winner hands the item to the next eligible bidder (highest remaining
 * amount that meets the reserve) at that bidder's own amount, which is what the
 * second-chance offer asks them to pay; nobody eligible leaves the item unsold.
 */
export function voidedResult(state: AuctionState, bidderId: string, remaining: readonly BidderEntry[]): AuctionResult {
  const ranking = rankingOf(remaining);
  const previous = state.result;
  if (previous !== null && previous.winnerId !== bidderId) return { ...previous, ranking };
  const next = rankBidders(remaining).find((b) => state.reservePrice === null || b.amount >= state.reservePrice);
  if (next !== undefined) return { outcome: 'sold', winnerId: next.bidderId, price: next.amount, ranking };
  return { outcome: remaining.length > 0 ? 'reserve_not_met' : 'no_bids', winnerId: null, price: null, ranking };
}

/**
 * Decides `resume` after a pause: an auction still open moves its end out by the paused
 * time (an `extended` event; the soft-close count is unchanged). One that ended meanwhile,
 * or a zero pause, changes nothing.
 */
export function resume(state: AuctionState, command: ResumeCommand, now: number): DecideResult {
  if (!Number.isSafeInteger(command.pausedMs) || command.pausedMs < 0) {
    return { ok: false, error: auctionError('INVALID_COMMAND', 'pausedMs must be a non-negative integer') };
  }
  const phase = auctionPhase(state, now);
  if (command.pausedMs === 0 || (phase !== 'live' && phase !== 'not_started')) return { ok: true, events: [] };
  const endsAt = state.endsAt + command.pausedMs;
  return { ok: true, events: [{ type: 'extended', seq: state.seq + 1, at: now, endsAt, extensions: state.extensions }] };
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}
