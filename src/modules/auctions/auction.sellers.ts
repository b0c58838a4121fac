import type { SellerSummary } from '../../shared/api/identity.js';

/** Looks sellers up by id in one call (the identity module's, given at construction). */
export type SellerDirectory = (ids: readonly string[]) => Promise<Map<string, SellerSummary>>;

/** A seller the directory does not know (users are never deleted; only without a directory). */
const unknownSeller = (id: string): SellerSummary => ({
  id,
  displayName: '',
  avatarUrl: null,
  memberSince: new Date(0).toISOString(),
  completedSales: 0,
});

/** The sellers of these listings, fetched in one batch (never one query per listing). */
export async function sellersOf(
  directory: SellerDirectory | undefined,
  recs: readonly { sellerId: string }[],
): Promise<(sellerId: string) => SellerSummary> {
  const found = directory && recs.length > 0 ? await directory(recs.map((r) => r.sellerId)) : new Map<string, SellerSummary>();
  return (sellerId) => found.get(sellerId) ?? unknownSeller(sellerId);
}
