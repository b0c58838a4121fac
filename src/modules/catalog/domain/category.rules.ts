/**
 * Category settings and listing rules, inherited down the tree, and their check
 * against a listing. Pure: no I/O, no clock.
 */
import type { Problem } from '../../../platform/errors.js';

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

/** The parts of a listing the rules judge. */
export interface ListingFacts {
  type: AuctionKind;
  currency: string;
  startingPrice: number;
  reservePrice: number | null;
  /** Planned duration: end minus start (or minus now when it starts at once). */
  durationSeconds: number;
  imageCount: number;
  specificationNames: string[];
}

const violated = (rule: string, field: string, message: string, extra: Record<string, unknown> = {}): Problem => ({
  code: 'CATEGORY_RULE_VIOLATED',
  message,
  details: { rule, field, ...extra },
});

/** The first rule of the category the listing breaks, or null when it keeps them all. */
export function checkListing(rules: EffectiveSettings['rules'], l: ListingFacts): Problem | null {
  if (rules.allowedTypes && !rules.allowedTypes.includes(l.type))
    return violated('allowedTypes', 'type', `This category allows only ${rules.allowedTypes.join(', ')} auctions`, { allowed: rules.allowedTypes });
  const minStart = rules.minStartingPrice?.[l.currency];
  if (minStart !== undefined && l.startingPrice < minStart)
    return violated('minStartingPrice', 'startingPrice', `The starting price must be at least ${minStart} (minor units of ${l.currency}) in this category`, {
      min: minStart,
      currency: l.currency,
    });
  if (rules.maxDurationSeconds !== null && l.durationSeconds > rules.maxDurationSeconds)
    return violated('maxDuration', 'endsAt', `Auctions in this category may run at most ${rules.maxDurationSeconds} seconds`, {
      max: rules.maxDurationSeconds,
    });
  if (l.reservePrice !== null) {
    if (rules.reserveAllowed === false) return violated('reserveAllowed', 'reservePrice', 'This category does not allow a reserve price');
    const minReserve = rules.minReserve?.[l.currency];
    if (minReserve !== undefined && l.reservePrice < minReserve)
      return violated('minReserve', 'reservePrice', `The reserve price must be at least ${minReserve} (minor units of ${l.currency}) in this category`, {
        min: minReserve,
        currency: l.currency,
      });
  }
  if (rules.maxImages !== null && l.imageCount > rules.maxImages)
    return violated('maxImages', 'images', `This category allows at most ${rules.maxImages} images`, { max: rules.maxImages });
  const have = new Set(l.specificationNames.map((n) => n.trim().toLowerCase()));
  const missing = (rules.requiredSpecifications ?? []).filter((n) => !have.has(n.trim().toLowerCase()));
  if (missing.length > 0)
    return violated('requiredSpecifications', 'specifications', `This category requires the specifications: ${missing.join(', ')}`, { missing });
  return null;
}
