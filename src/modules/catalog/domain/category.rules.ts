/**
 * Category settings and listing rules, inherited down the tree, and their check
 * against a listing. Pure: no I/O, no clock.
 */

export type AuctionKind = 'english' | 'dutch' | 'sealed_first_price' | 'sealed_second_price';
export type Verification = 'none' | 'identity' | 'business';

/** Amounts per ISO 4217 currency, in minor units. A currency not named is not limited. */
export type PerCurrency = Record<string, number>;

/** A category's own rules; an absent or null key is inherited. */
export interface CategoryRules {
  allowedTypes?: AuctionKind[] | null;
  minStartingPrice?: PerCurrency | null;
  maxDurationSeconds?: number | null;
  reserveAllowed?: boolean | null;
  minReserve?: PerCurrency | null;
  maxImages?: number | null;
  requiredSpecifications?: string[] | null;
  /** Names the sell form offers; never enforced. */
  suggestedSpecifications?: string[] | null;
}

/** What one category sets itself (null = inherited). */
export interface CategoryOwnSettings {
  id: string;
  parentId: string | null;
  commissionBps: number | null;
  verificationRequired: Verification | null;
  rules: CategoryRules;
}

/** The settings in force for a category, each with the category that set it (null: none on the path does). */
export interface EffectiveSettings {
  commissionBps: number | null;
  commissionFrom: string | null;
  verificationRequired: Verification;
  rules: Required<{ [K in keyof CategoryRules]: NonNullable<CategoryRules[K]> | null }>;
}

const RULE_KEYS = [
  'allowedTypes',
  'minStartingPrice',
  'maxDurationSeconds',
  'reserveAllowed',
  'minReserve',
  'maxImages',
  'requiredSpecifications',
  'suggestedSpecifications',
] as const satisfies readonly (keyof CategoryRules)[];

/** The path from `id` up to its root (the category first). Stops at a cycle or a missing parent. */
export function ancestry<T extends { id: string; parentId: string | null }>(byId: ReadonlyMap<string, T>, id: string): T[] {
  const out: T[] = [];
  const seen = new Set<string>();
  for (let c = byId.get(id); c && !seen.has(c.id); c = c.parentId === null ? undefined : byId.get(c.parentId)) {
    seen.add(c.id);
    out.push(c);
  }
  return out;
}

/** True when giving `id` the parent `parentId` would make `id` its own ancestor. */
export function wouldCycle(byId: ReadonlyMap<string, { id: string; parentId: string | null }>, id: string, parentId: string | null): boolean {
  if (parentId === null) return false;
  return parentId === id || ancestry(byId, parentId).some((c) => c.id === id);
}

/** Each setting from the nearest category on the path (category first, root last) that sets it. */
export function effectiveSettings(path: readonly CategoryOwnSettings[]): EffectiveSettings {
  const commission = path.find((c) => c.commissionBps !== null);
  const rules = {} as Record<(typeof RULE_KEYS)[number], unknown>;
  for (const key of RULE_KEYS) rules[key] = path.map((c) => c.rules[key]).find((v) => v !== undefined && v !== null) ?? null;
  return {
    commissionBps: commission?.commissionBps ?? null,
    commissionFrom: commission?.id ?? null,
    verificationRequired: path.find((c) => c.verificationRequired !== null)?.verificationRequired ?? 'none',
    rules: rules as EffectiveSettings['rules'],
  };
}

export { checkListing, type ListingFacts, listingViolations, type RuleViolation } from '../../../shared/category-rules.js';
