import type { AuctionState, BidderEntry } from './auction.types.js';
import { rankBidders } from './auction.ranking.js';
import { incrementAt } from './increments.js';

/** Leader and visible price of an English auction after a bid, plus whether the reserve is met. */
export interface EnglishStanding {
  leader: BidderEntry;
  price: number;
  reserveMet: boolean;
}

/**
 * eBay proxy price for a set of maxes: the second-highest max plus one increment, capped at the
 * leader's max (startingPrice with a single bidder), lifted to the reserve once the leader's max
 * reaches it. Returns null with no bidders.
 */
export function proxyStanding(
  state: Pick<AuctionState, 'startingPrice' | 'reservePrice' | 'increments'>,
  bidders: readonly BidderEntry[],
): EnglishStanding | null {
  const [leader, second] = rankBidders(bidders);
  if (leader === undefined) return null;
  let price =
    second === undefined ? state.startingPrice : Math.min(leader.amount, second.amount + incrementAt(second.amount, state.increments));
  const reserveMet = isReserveMet(state.reservePrice, leader.amount);
  if (reserveMet && state.reservePrice !== null) price = Math.max(price, state.reservePrice);
  return { leader, price: Math.min(price, leader.amount), reserveMet };
}

/** Whether a leading max satisfies the reserve (always true without a reserve). */
export function isReserveMet(reservePrice: number | null, leaderMax: number): boolean {
  return reservePrice === null || leaderMax >= reservePrice;
}
