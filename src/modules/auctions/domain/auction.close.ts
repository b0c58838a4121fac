import type { AuctionResult, AuctionState } from './auction.types.js';
import { rankBidders, rankingOf } from './auction.ranking.js';

/**
 * Settlement of the auction as it stands: who wins and at what price. Pure function of state so
 * the scheduler's `close` and previews compute the same answer.
 */
export function closeResult(state: AuctionState): AuctionResult {
  const ranked = rankBidders(state.bidders);
  const ranking = rankingOf(state.bidders);
  const [top, second] = ranked;
  if (top === undefined) return { outcome: 'no_bids', winnerId: null, price: null, ranking };
  const reserveMissed = state.reservePrice !== null && top.amount < state.reservePrice;
  switch (state.type) {
    case 'english': {
      if (reserveMissed) return { outcome: 'reserve_not_met', winnerId: null, price: null, ranking };
      // The visible price already encodes the proxy rules; fall back defensively if it is missing.
      const price = state.currentPrice ?? Math.min(top.amount, state.startingPrice);
      return { outcome: 'sold', winnerId: state.leaderId ?? top.bidderId, price, ranking };
    }
    case 'dutch': {
      // A Dutch entry exists only for the buyer who accepted the clock.
      const winnerId = state.leaderId ?? top.bidderId;
      return { outcome: 'sold', winnerId, price: state.currentPrice ?? top.amount, ranking };
    }
    case 'sealed_first_price': {
      if (reserveMissed) return { outcome: 'reserve_not_met', winnerId: null, price: null, ranking };
      return { outcome: 'sold', winnerId: top.bidderId, price: top.amount, ranking };
    }
    case 'sealed_second_price': {
      if (reserveMissed) return { outcome: 'reserve_not_met', winnerId: null, price: null, ranking };
      const price = Math.max(second?.amount ?? 0, state.reservePrice ?? 0, state.startingPrice);
      // Never charge more than the winner offered (only reachable with inconsistent terms).
      return { outcome: 'sold', winnerId: top.bidderId, price: Math.min(price, top.amount), ranking };
    }
    default: {
      const unreachable: never = state.type;
      void unreachable;
      return { outcome: 'no_bids', winnerId: null, price: null, ranking };
    }
  }
}
