import { auctionError } from './auction.errors.js';
import type { AuctionError } from './auction.types.js';
import type { ItemCondition, ItemLocation, Shipping, ShippingOption, Specification } from '../../../shared/api/auctions.js';
import { isCountryCode } from '../../../shared/countries.js';

// The parts are the wire contract's shapes: the domain adds the rules the schema cannot say.
export type { ItemCondition, ItemLocation, Shipping, ShippingOption, Specification };

/** Descriptive item details kept beside the listing; every part is optional. */
export interface ItemDetails {
  condition: ItemCondition | null;
  specifications: Specification[];
  location: ItemLocation | null;
  shipping: Shipping | null;
}

export const NO_DETAILS: Readonly<ItemDetails> = Object.freeze({ condition: null, specifications: [], location: null, shipping: null });

const invalid = (field: string, message: string, extra?: Record<string, unknown>): AuctionError =>
  auctionError('INVALID_LISTING', message, { field, ...extra });

/**
 * The rules the wire schema cannot express (shapes and lengths are the schema's):
 * non-blank, unique specification names, lat/lon together, real country codes, minDays <= maxDays.
 */
export function validateDetails(d: Partial<ItemDetails>): AuctionError | null {
  return validateSpecifications(d.specifications ?? []) ?? validateLocation(d.location ?? null) ?? validateShipping(d.shipping ?? null);
}

function validateSpecifications(specs: readonly Specification[]): AuctionError | null {
  const seen = new Set<string>();
  for (const [i, s] of specs.entries()) {
    const key = s.name.trim().toLowerCase();
    if (key === '') return invalid(`specifications[${i}].name`, 'A specification needs a name');
    if (seen.has(key)) return invalid(`specifications[${i}].name`, `Specification '${s.name}' is listed twice`, { name: s.name });
    seen.add(key);
  }
  return null;
}

function validateLocation(loc: ItemLocation | null): AuctionError | null {
  if (loc === null) return null;
  if (!isCountryCode(loc.country)) return invalid('location.country', `Unknown country code '${loc.country}'`, { country: loc.country });
  if ((loc.lat === undefined) !== (loc.lon === undefined)) return invalid('location', 'lat and lon go together or not at all');
  return null;
}

function validateShipping(shipping: Shipping | null): AuctionError | null {
  if (shipping === null) return null;
  for (const [i, o] of shipping.options.entries()) {
    const field = `shipping.options[${i}]`;
    const unknown = o.regions.find((r) => r !== 'worldwide' && !isCountryCode(r));
    if (unknown !== undefined) return invalid(`${field}.regions`, `Unknown country code '${unknown}'`, { country: unknown });
    if (o.regions.includes('worldwide') && o.regions.length > 1) {
      return invalid(`${field}.regions`, "'worldwide' stands alone: list it or countries, not both");
    }
    if (o.minDays !== undefined && o.maxDays !== undefined && o.minDays > o.maxDays) {
      return invalid(`${field}.minDays`, 'minDays cannot exceed maxDays', { minDays: o.minDays, maxDays: o.maxDays });
    }
  }
  return null;
}

/** What the seller offers for one destination. */
export type ShippingQuote =
  | { ok: true; country: string; options: ShippingOption[]; localPickup: boolean }
  | { ok: false; error: AuctionError };

/** The options that reach `country`, cheapest first (ties keep the seller's order). */
export function quoteShipping(details: ItemDetails, country: string): ShippingQuote {
  const shipping = details.shipping;
  const options = (shipping?.options ?? []).filter((o) => o.regions.includes('worldwide') || o.regions.includes(country));
  if (options.length === 0) {
    return { ok: false, error: auctionError('DOES_NOT_SHIP_TO', `The seller does not ship to ${country}`, { country }) };
  }
  const sorted = options.map((o, i) => ({ o, i })).sort((a, b) => a.o.cost - b.o.cost || a.i - b.i);
  return { ok: true, country, options: sorted.map((x) => x.o), localPickup: shipping?.localPickup ?? false };
}
