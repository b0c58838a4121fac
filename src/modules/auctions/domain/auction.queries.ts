import type { AuctionState } from './auction.types.js';
import { dutchPriceAt } from './dutch.price.js';
import { incrementAt } from './increments.js';

/**
 * Lowest amount a new (non-leading) bidder may offer: English = startingPrice before the first
 * bid, else currentPrice + increment; Dutch = the clock price; sealed = startingPrice.
 * The current English leader raising their own max is judged separately (must exceed their max).
 */
export function minimumNextBid(state: AuctionState, now: number): number {
  switch (state.type) {
    case 'english':
      return state.currentPrice === null || state.bidders.length === 0
        ? state.startingPrice
        : state.currentPrice + incrementAt(state.currentPrice, state.increments);
    case 'dutch':
      return dutchPriceAt(state, now);
    case 'sealed_first_price':
    case 'sealed_second_price':
      return state.startingPrice;
    default: {
      const unreachable: never = state.type;
      void unreachable;
      return state.startingPrice;
    }
  }
}

/**
 * Price to show publicly: English = currentPrice (null before the first bid); Dutch = the clock
 * while open, then the final price; sealed = hidden (null) until closed, then the final price.
 */
export function visiblePrice(state: AuctionState, now: number): number | null {
  switch (state.type) {
    case 'english':
      return state.currentPrice ?? null;
    case 'dutch':
      return state.status === 'scheduled' || state.status === 'active' ? dutchPriceAt(state, now) : state.currentPrice;
    case 'sealed_first_price':
    case 'sealed_second_price':
      return state.status === 'closed' ? state.currentPrice : null;
    default: {
      const unreachable: never = state.type;
      void unreachable;
      return null;
    }
  }
}

/** When the scheduler must next act: startsAt while scheduled, endsAt while active, else null. */
export function nextDeadline(state: AuctionState): number | null {
  switch (state.status) {
    case 'scheduled':
      return state.startsAt;
    case 'active':
      return state.endsAt;
    case 'closed':
    case 'cancelled':
      return null;
    default: {
      const unreachable: never = state.status;
      void unreachable;
      return null;
    }
  }
}
