/**
 * A listing judged against its category's rules in force. Pure and shared: the server
 * refuses with the first violation, the sell form shows every one at its field as the
 * seller types, and both use this one implementation.
 */

/** The auction types a category can allow. */
export type RuleAuctionKind = 'english' | 'dutch' | 'sealed_first_price' | 'sealed_second_price';

/** Amounts per ISO 4217 currency, in minor units. A currency not named is not limited. */
export type RulePerCurrency = Record<string, number>;

/** The rules in force for a category, every key present (null: no category on its path sets it). */
export interface RulesInForce {
  allowedTypes: RuleAuctionKind[] | null;
  minStartingPrice: RulePerCurrency | null;
  maxDurationSeconds: number | null;
  reserveAllowed: boolean | null;
  minReserve: RulePerCurrency | null;
  maxImages: number | null;
  requiredSpecifications: string[] | null;
  /** Names offered to the seller; never enforced. */
  suggestedSpecifications: string[] | null;
}

/** The parts of a listing the rules judge. */
export interface ListingFacts {
  type: RuleAuctionKind;
  currency: string;
  startingPrice: number;
  reservePrice: number | null;
  /** Planned duration: end minus start (or minus now when it starts at once). */
  durationSeconds: number;
  imageCount: number;
  specificationNames: string[];
}

/** The rule names a violation carries in `details.rule`. */
export type RuleName = 'allowedTypes' | 'minStartingPrice' | 'maxDuration' | 'reserveAllowed' | 'minReserve' | 'maxImages' | 'requiredSpecifications';

/** One broken rule: the server's 422 CATEGORY_RULE_VIOLATED problem, `details.field` naming the request field. */
export interface RuleViolation {
  code: 'CATEGORY_RULE_VIOLATED';
  message: string;
  details: { rule: RuleName; field: string } & Record<string, unknown>;
}

const violated = (rule: RuleName, field: string, message: string, extra: Record<string, unknown> = {}): RuleViolation => ({
  code: 'CATEGORY_RULE_VIOLATED',
  message,
  details: { rule, field, ...extra },
});

/** Specification names compare trimmed and without case ("brand" satisfies "Brand"). */
export const specKey = (name: string): string => name.trim().toLowerCase();

function priceViolations(rules: RulesInForce, l: ListingFacts): RuleViolation[] {
  const out: RuleViolation[] = [];
  const minStart = rules.minStartingPrice?.[l.currency];
  if (minStart !== undefined && l.startingPrice < minStart)
    out.push(
      violated('minStartingPrice', 'startingPrice', `The starting price must be at least ${minStart} (minor units of ${l.currency}) in this category`, {
        min: minStart,
        currency: l.currency,
      }),
    );
  if (l.reservePrice === null) return out;
  const minReserve = rules.minReserve?.[l.currency];
  if (rules.reserveAllowed === false) out.push(violated('reserveAllowed', 'reservePrice', 'This category does not allow a reserve price'));
  else if (minReserve !== undefined && l.reservePrice < minReserve)
    out.push(
      violated('minReserve', 'reservePrice', `The reserve price must be at least ${minReserve} (minor units of ${l.currency}) in this category`, {
        min: minReserve,
        currency: l.currency,
      }),
    );
  return out;
}

/** Every rule the listing breaks, in the order the server checks them (empty when it keeps them all). */
export function listingViolations(rules: RulesInForce, l: ListingFacts): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (rules.allowedTypes && !rules.allowedTypes.includes(l.type))
    out.push(violated('allowedTypes', 'type', `This category allows only ${rules.allowedTypes.join(', ')} auctions`, { allowed: rules.allowedTypes }));
  const prices = priceViolations(rules, l);
  const [startProblem] = prices.filter((p) => p.details.field === 'startingPrice');
  if (startProblem) out.push(startProblem);
  if (rules.maxDurationSeconds !== null && l.durationSeconds > rules.maxDurationSeconds)
    out.push(violated('maxDuration', 'endsAt', `Auctions in this category may run at most ${rules.maxDurationSeconds} seconds`, { max: rules.maxDurationSeconds }));
  out.push(...prices.filter((p) => p.details.field === 'reservePrice'));
  if (rules.maxImages !== null && l.imageCount > rules.maxImages)
    out.push(violated('maxImages', 'images', `This category allows at most ${rules.maxImages} images`, { max: rules.maxImages }));
  const have = new Set(l.specificationNames.map(specKey));
  const missing = (rules.requiredSpecifications ?? []).filter((n) => !have.has(specKey(n)));
  if (missing.length > 0)
    out.push(violated('requiredSpecifications', 'specifications', `This category requires the specifications: ${missing.join(', ')}`, { missing }));
  return out;
}

/** The first rule of the category the listing breaks, or null when it keeps them all. */
export function checkListing(rules: RulesInForce, l: ListingFacts): RuleViolation | null {
  return listingViolations(rules, l)[0] ?? null;
}
