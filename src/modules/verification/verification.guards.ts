import type { Problem } from '../../platform/errors.js';
import { bidRequirement, type CategoryVerification, listingRequirement, payoutRequirement, satisfies } from './domain/index.js';
import type { LevelCache } from './level.cache.js';
import { verificationRequired } from './verification.problems.js';

/** A bid as the verification guard sees it (a subset of the auctions module's BidAttempt). */
export interface BidCheck {
  principal: { userId: string; isAdmin: boolean };
  auctionId: string;
  state: { currentPrice: number | null; buyNowPrice: number | null };
  kind: 'bid' | 'buy_now';
  amount: number | null;
}

const MAX_AUCTIONS = 50_000;

/**
 * The checks other modules run: before a bid (amount and category), before a listing
 * (category) and before a payout (amount). Levels come from the in-memory cache, the
 * category of an auction from a map (it never changes), the category's setting from the
 * catalog's cache: a bid costs no query once its bidder and auction are known.
 */
export class VerificationGuards {
  private readonly auctionCategory = new Map<string, string | null>();

  constructor(
    private readonly d: {
      cache: LevelCache;
      /** The category of an auction (a query, remembered here). */
      categoryOfAuction: (auctionId: string) => Promise<string | null>;
      /** A category's effective `verificationRequired` (the catalog's cache). */
      categoryVerification: (categoryId: string) => Promise<CategoryVerification>;
      identityAbove: number;
      payoutAbove: number;
    },
  ) {}

  async bid(a: BidCheck): Promise<Problem | null> {
    const category = await this.categoryOf(a.auctionId);
    const needed = bidRequirement({
      kind: a.kind,
      amount: a.amount,
      buyNowPrice: a.state.buyNowPrice,
      currentPrice: a.state.currentPrice,
      category,
      identityAbove: this.d.identityAbove,
    });
    if (!needed || satisfies(await this.d.cache.of(a.principal.userId), needed)) return null;
    const byCategory = bidRequirement({ kind: a.kind, amount: null, buyNowPrice: null, currentPrice: null, category, identityAbove: 0 });
    return verificationRequired(needed, byCategory ? 'category' : 'amount');
  }

  async listing(l: { principal: { userId: string }; categoryId: string | null }): Promise<Problem | null> {
    if (!l.categoryId) return null;
    const needed = listingRequirement(await this.d.categoryVerification(l.categoryId));
    if (!needed || satisfies(await this.d.cache.of(l.principal.userId), needed)) return null;
    return verificationRequired(needed, 'category');
  }

  async payout(p: { sellerId: string; amount: number }): Promise<Problem | null> {
    const needed = payoutRequirement(p.amount, this.d.payoutAbove);
    if (!needed || satisfies(await this.d.cache.of(p.sellerId), needed)) return null;
    return verificationRequired(needed, 'payout');
  }

  private async categoryOf(auctionId: string): Promise<CategoryVerification> {
    let id = this.auctionCategory.get(auctionId);
    if (id === undefined) {
      id = await this.d.categoryOfAuction(auctionId);
      if (this.auctionCategory.size >= MAX_AUCTIONS) this.auctionCategory.clear();
      this.auctionCategory.set(auctionId, id);
    }
    return id ? this.d.categoryVerification(id) : 'none';
  }
}
