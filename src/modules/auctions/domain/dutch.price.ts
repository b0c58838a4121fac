import type { AuctionState } from './auction.types.js';

/**
 * Dutch clock price at `now`: startingPrice minus one decrement per full interval since startsAt,
 * floored at floorPrice; the starting price before the start.
 */
export function dutchPriceAt(state: Pick<AuctionState, 'startingPrice' | 'startsAt' | 'dutch'>, now: number): number {
  const clock = state.dutch;
  if (clock === null || now < state.startsAt) return state.startingPrice;
  const intervalMs = clock.intervalSeconds * 1000;
  // A non-positive interval would divide by zero; treat the clock as stopped rather than throw.
  if (!(intervalMs > 0) || !(clock.decrement > 0)) return state.startingPrice;
  const steps = Math.floor((now - state.startsAt) / intervalMs);
  const price = state.startingPrice - clock.decrement * steps;
  return Math.max(price, clock.floorPrice);
}
