import type { Clock } from '../../platform/clock.js';
import { TtlLru } from '../../platform/ttl-lru.js';
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

/**
 * The directory behind a short cache, for lists: a page of 20 listings asks the same
 * few sellers again and again, and their names and completed-sales count move slowly,
 * so a summary is reused for `ttlMs`; the misses of one call are looked up in one batch.
 * `ttlMs` 0: the directory itself.
 */
export function cachedSellers(directory: SellerDirectory, clock: Clock, ttlMs: number, maxEntries: number): SellerDirectory {
  if (ttlMs <= 0) return directory;
  const cache = new TtlLru<SellerSummary>(clock, ttlMs, maxEntries);
  return async (ids) => {
    const found = new Map<string, SellerSummary>();
    const missing = new Set<string>();
    for (const id of ids) {
      const hit = cache.get(id);
      if (hit) found.set(id, hit);
      else missing.add(id);
    }
    if (missing.size === 0) return found;
    const at = clock.now();
    for (const [id, s] of await directory([...missing])) {
      found.set(id, s);
      cache.set(id, s, at);
    }
    return found;
  };
}
