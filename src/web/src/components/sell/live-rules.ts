import type { AuctionType } from '../../../../shared/api/auctions';
import { listingViolations, type RulesInForce } from '../../../../shared/category-rules';
import { violationText } from '../../category-words';
import type { Field, FieldErrors } from './fields';

/** What the form holds so far, as the rules need it (prices as typed, in minor units or null when unreadable). */
export interface LiveListing {
  type: AuctionType;
  currency: string;
  startingPrice: number | null;
  reservePrice: number | null;
  durationSeconds: number;
  imageCount: number;
  specificationNames: string[];
}

/** Where each rule's request field is in the form. */
const RULE_FIELDS: Record<string, Field> = {
  type: 'type',
  startingPrice: 'startingPrice',
  reservePrice: 'reservePrice',
  endsAt: 'duration',
  images: 'images',
  specifications: 'specifications',
};

/**
 * The category rules the listing breaks so far, each at its field, in the words a
 * server refusal would get: the same evaluation the server runs. A price not typed
 * (or not readable) is not judged yet.
 */
export function liveRuleErrors(rules: RulesInForce | null, l: LiveListing): FieldErrors {
  if (!rules) return {};
  const out: FieldErrors = {};
  const facts = { ...l, startingPrice: l.startingPrice ?? Number.MAX_SAFE_INTEGER };
  for (const v of listingViolations(rules, facts)) {
    const field = RULE_FIELDS[v.details.field];
    if (field && !out[field]) out[field] = violationText(v.details);
  }
  return out;
}
