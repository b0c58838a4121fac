import { request } from './api';
import { incrementAt, proxyStanding } from '../../modules/auctions/domain';
import type { AuctionView as Auction, BidReviewRules } from '../../shared/api/auctions';

// What the bid form knows before it sends: the next minimum and what a maximum would do,
// by the auction domain's own proxy rules, from what the view may show (never others' maxes).

/** Whether the viewer holds the lead of an open English auction with their own maximum. */
export const viewerLeads = (a: Auction): boolean => a.viewer?.leading === true && a.viewer.myMax !== null;

/**
 * The lowest maximum the server accepts now. The leader competes only with their own
 * maximum (one minor unit above it); everyone else with the price plus one increment.
 * Derived from the price shown, so it follows every live price change at once.
 */
export function nextMinimum(a: Auction): number {
  if (a.type !== 'english') return a.minimumBid ?? a.startingPrice;
  if (viewerLeads(a)) return (a.viewer?.myMax ?? 0) + 1;
  if (a.bidCount === 0 || a.currentPrice === null) return a.startingPrice;
  return a.currentPrice + incrementAt(a.currentPrice, a.increments);
}

/** What placing `amount` as a maximum would do, as far as the viewer can know. */
export type BidOutcome =
  | { kind: 'too_low'; minimum: number }
  /** The leader raising their maximum: the price stays. */
  | { kind: 'raise'; price: number }
  /** Leading at `price` at least; `maybeMore` when the current leader's hidden maximum may lift it. */
  | { kind: 'lead'; price: number; maybeMore: boolean };

export function reviewBid(a: Auction, amount: number): BidOutcome {
  const minimum = nextMinimum(a);
  if (amount < minimum) return { kind: 'too_low', minimum };
  if (viewerLeads(a)) return { kind: 'raise', price: a.currentPrice ?? a.startingPrice };
  const rules = { startingPrice: a.startingPrice, reservePrice: null, increments: a.increments };
  const me = { bidderId: 'me', amount, seq: 2, at: 0 };
  // The leader's maximum is private: model it at the price shown, the least it can be.
  const others = a.bidCount > 0 && a.currentPrice !== null ? [{ bidderId: 'leader', amount: a.currentPrice, seq: 1, at: 0 }] : [];
  const standing = proxyStanding(rules, [...others, me]);
  return { kind: 'lead', price: standing?.price ?? minimum, maybeMore: others.length > 0 };
}

/** The price a large maximum is compared with: the current price, or the next minimum before any bid. */
export const confirmBase = (a: Auction): number => (a.bidCount > 0 && a.currentPrice !== null ? a.currentPrice : nextMinimum(a));

/** True when `amount` is more than `multiple` times the base: the form asks before placing it. */
export const needsConfirmation = (a: Auction, amount: number, multiple: number): boolean => amount > multiple * confirmBase(a);

/** The platform default, used until the server's answer arrives. */
export const DEFAULT_CONFIRM_MULTIPLE = 3;
let rules: Promise<BidReviewRules> | null = null;

/** The server's BID_CONFIRM_MULTIPLE, read once per page load. */
export function bidReviewRules(): Promise<BidReviewRules> {
  rules ??= request<BidReviewRules>('GET', '/auctions/bid-review').catch(() => {
    rules = null;
    return { confirmMultiple: DEFAULT_CONFIRM_MULTIPLE };
  });
  return rules;
}
