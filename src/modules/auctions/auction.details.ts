import { AppError } from '../../platform/errors.js';
import { type ShippingQuote, TITLE_MAX_LENGTH } from '../../shared/api/auctions.js';
import { notFound } from './auction.queries.js';
import type { AuctionRepository } from './auction.repository.js';
import { isCountryCode, type ItemDetails, quoteShipping, validateDetails } from './domain/index.js';

/** The item-detail fields a create or edit request may carry (each optional). */
export interface ItemDetailsRequest {
  condition?: ItemDetails['condition'];
  specifications?: ItemDetails['specifications'];
  location?: ItemDetails['location'];
  shipping?: ItemDetails['shipping'];
}

/** The detail parts the request names, checked against the rules the schema cannot say (422 INVALID_LISTING). */
export function requestedDetails(req: ItemDetailsRequest): Partial<ItemDetails> {
  const out: Partial<ItemDetails> = {};
  if (req.condition !== undefined) out.condition = req.condition;
  if (req.specifications !== undefined) out.specifications = req.specifications.map(({ name, value }) => ({ name: name.trim(), value }));
  if (req.location !== undefined) out.location = req.location;
  if (req.shipping !== undefined) out.shipping = req.shipping;
  const error = validateDetails(out);
  if (error !== null) throw AppError.from(error, 422);
  return out;
}

/** The title as stored: trimmed, not empty, at most TITLE_MAX_LENGTH characters (422 INVALID_LISTING otherwise). */
export function listingTitle(raw: string): string {
  const title = raw.trim();
  if (!title) throw new AppError('INVALID_LISTING', 'The title must not be empty', { field: 'title', rule: 'required' }, 422);
  if ([...title].length > TITLE_MAX_LENGTH) {
    throw new AppError('INVALID_LISTING', `The title must be at most ${TITLE_MAX_LENGTH} characters`, {
      field: 'title',
      rule: 'maxLength',
      maxLength: TITLE_MAX_LENGTH,
    }, 422);
  }
  return title;
}

/** The seller's shipping options to one country, cheapest first. */
export async function shippingQuote(repo: AuctionRepository, auctionId: string, country: string): Promise<ShippingQuote> {
  if (!isCountryCode(country)) {
    throw new AppError('VALIDATION_FAILED', `Unknown country code '${country}'`, { in: 'querystring', field: 'country' }, 400);
  }
  const rec = await repo.get(auctionId);
  if (!rec) throw notFound();
  const quote = quoteShipping(rec.details, country);
  if (!quote.ok) throw AppError.from(quote.error, 422);
  return { country: quote.country, options: quote.options, localPickup: quote.localPickup };
}
