/** A verification level a user can hold. */
export type Level = 'email' | 'identity' | 'business';

/** A category's `verificationRequired` (effective, inherited from its ancestors). */
export type CategoryVerification = 'none' | 'identity' | 'business';

/** The levels a user holds. */
export type Held = ReadonlySet<Level>;

/** What a bid or buy-now is worth to the rules. */
export interface BidFacts {
  kind: 'bid' | 'buy_now';
  /** A bid's maximum (null for a Dutch accept without one). */
  amount: number | null;
  buyNowPrice: number | null;
  currentPrice: number | null;
  category: CategoryVerification;
  /** VERIFY_IDENTITY_ABOVE in the auction's minor units; 0: no amount threshold. */
  identityAbove: number;
}

/** The level a bid needs, or null when none: identity above the amount threshold or in a verified category. */
export function bidRequirement(f: BidFacts): Level | null {
  const amount = f.kind === 'buy_now' ? f.buyNowPrice : (f.amount ?? f.currentPrice);
  if (f.identityAbove > 0 && amount !== null && amount > f.identityAbove) return 'identity';
  // Bidders in business categories are people too: the representative check is the seller's.
  if (f.category === 'identity' || f.category === 'business') return 'identity';
  return null;
}

/** The level listing in a category needs (selling is open to everyone else, email-unverified too). */
export function listingRequirement(category: CategoryVerification): Level | null {
  switch (category) {
    case 'none':
      return null;
    case 'identity':
      return 'identity';
    case 'business':
      return 'business';
    default: {
      const never: never = category;
      throw new Error(`unknown category verification ${String(never)}`);
    }
  }
}

/** The level a payout needs: identity above VERIFY_PAYOUT_ABOVE (0: never). */
export function payoutRequirement(amount: number, payoutAbove: number): Level | null {
  return payoutAbove > 0 && amount > payoutAbove ? 'identity' : null;
}

/** Whether the held levels satisfy a requirement (business implies identity: its representative is verified). */
export function satisfies(held: Held, needed: Level): boolean {
  if (held.has(needed)) return true;
  return needed === 'identity' && held.has('business');
}
