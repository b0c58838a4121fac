import type { BidderEntry, RankingEntry } from './auction.types.js';

/** Orders bidders by amount desc, earlier `seq` first on ties: who leads, who wins, who is offered second chance. */
export function rankBidders(bidders: readonly BidderEntry[]): BidderEntry[] {
  return [...bidders].sort((a, b) => b.amount - a.amount || a.seq - b.seq);
}

/** Public ranking rows (amount desc, ties earlier first) for the close result. */
export function rankingOf(bidders: readonly BidderEntry[]): RankingEntry[] {
  return rankBidders(bidders).map(({ bidderId, amount }) => ({ bidderId, amount }));
}
