import type { CatalogService, ListingFacts } from '../catalog/index.js';
import type { Principal } from '../identity/index.js';
import type { AuctionRecord, AuctionRepository } from './auction.repository.js';
import type { AuctionState, ItemDetails } from './domain/index.js';

/** What a create or edit says about the parts the category rules judge (absent: as before). */
export interface RuleInput {
  type?: AuctionState['type'] | undefined;
  currency?: string | undefined;
  startingPrice?: number | undefined;
  reservePrice?: number | null | undefined;
  startsAt?: number | undefined;
  endsAt?: number | undefined;
  imageCount?: number | undefined;
  details?: Partial<ItemDetails> | undefined;
}

/** The listing as it would be: the request over the stored auction (none when creating). */
export function listingFacts(req: RuleInput, now: number, rec: AuctionRecord | null = null): ListingFacts | null {
  const s = rec?.state;
  const type = req.type ?? s?.type;
  const currency = req.currency ?? s?.currency;
  const startingPrice = req.startingPrice ?? s?.startingPrice;
  const endsAt = req.endsAt ?? s?.endsAt;
  if (type === undefined || currency === undefined || startingPrice === undefined || endsAt === undefined) return null;
  const startsAt = req.startsAt ?? s?.startsAt ?? now;
  return {
    type,
    currency,
    startingPrice,
    reservePrice: req.reservePrice !== undefined ? req.reservePrice : (s?.reservePrice ?? null),
    durationSeconds: Math.round((endsAt - Math.max(startsAt, rec ? startsAt : now)) / 1000),
    imageCount: req.imageCount ?? rec?.images.length ?? 0,
    specificationNames: (req.details?.specifications ?? rec?.details.specifications ?? []).map((x) => x.name),
  };
}

/** 422 CATEGORY_RULE_VIOLATED when a new listing breaks its category's rules. */
export async function checkCreate(catalog: CatalogService, categoryId: string | null | undefined, req: RuleInput, now: number): Promise<void> {
  const facts = categoryId ? listingFacts(req, now) : null;
  if (categoryId && facts) await catalog.checkListing(categoryId, facts);
}

/**
 * 422 CATEGORY_RULE_VIOLATED when the edited listing would break its category's rules.
 * Only the seller's own edits are judged here: anyone else is refused by the domain.
 */
export async function checkEdit(
  catalog: CatalogService,
  repo: AuctionRepository,
  p: Principal,
  auctionId: string,
  req: RuleInput,
  now: number,
): Promise<void> {
  const rec = await repo.get(auctionId);
  if (!rec?.categoryId || rec.sellerId !== p.userId) return;
  const facts = listingFacts(req, now, rec);
  if (facts) await catalog.checkListing(rec.categoryId, facts);
}
