import type { Clock } from '../../platform/clock.js';
import type { SearchSpec } from './search.query.js';

/**
 * A short per-instance cache of facet counts by normalized query. Facets over a
 * large set (every active auction, a whole category) cost a scan of those rows,
 * while the same few browse pages are asked again and again; their counts may be
 * up to `ttlMs` old (across instances, or after a bid moved a price band). This
 * instance's own listings, closes, cancellations and edits clear it at once.
 *
 * The promise is kept, not the value, so concurrent identical queries share one
 * computation; a failed one is forgotten. At most `maxEntries` queries are kept
 * (oldest first out). `ttlMs` 0 turns the cache off.
 */
export class FacetCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  /** The cached counts for `key` while fresh, else those `compute` gives (then cached). */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const now = this.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    this.entries.delete(key);
    const value = compute();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return value;
  }

  /** Forgets everything (the listings changed). */
  clear(): void {
    this.entries.clear();
  }

  /** How many queries are cached now. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * What facet counts depend on: the words and the filters, not the sort, page size or
 * cursor (so every page of one search shares its facets). "Ending within N hours" is an
 * instant that moves with the clock; it is rounded down to `granularityMs` so that the
 * same question asked a moment later is the same key (off by at most that much).
 */
export function facetKey(spec: SearchSpec, granularityMs: number): string {
  const { endsBefore, ...filters } = spec.filters;
  const ends = endsBefore === undefined || granularityMs <= 0 ? endsBefore : Math.floor(endsBefore / granularityMs) * granularityMs;
  return JSON.stringify([spec.text, spec.prefix, spec.head, spec.fuzzy, filters, ends ?? null]);
}
