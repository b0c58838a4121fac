import type { Clock } from '../../platform/clock.js';
import { encodeCursor } from '../../platform/cursor.js';
import type { Sql } from '../../platform/db.js';
import type { AuctionPage, ListQuery } from '../../shared/api/auctions.js';
import type { SearchFacets, SearchPage, SearchQuery } from '../../shared/api/search.js';
import { type Aliases, presentAuction } from './auction.presenter.js';
import type { ListRecordCache } from './auction.record-cache.js';
import { cachedSellers, type SellerDirectory, sellersOf } from './auction.sellers.js';
import type { Logger } from '../../platform/logger.js';
import { FacetCache, facetKey } from './search.facet-cache.js';
import { FacetSummary } from './search.summary.js';
import { type CommittedState, MemorySearch } from './search.memory.feed.js';
import { listSpecFrom, type SearchSpec, searchSpecFrom } from './search.query.js';
import { bandScale, type FacetRows, PRICE_BAND_EDGES, SearchRepository } from './search.repository.js';

/** At most this many suggestions. */
export const MAX_SUGGESTIONS = 8;
/** Seller summaries kept for list pages (a few hundred bytes each). */
const MAX_CACHED_SELLERS = 10_000;

/** Full-text search with facets, and title suggestions as one types. */
export class AuctionSearch {
  private readonly search: SearchRepository;
  private readonly facetCache: FacetCache<FacetRows>;
  private readonly facetCacheMs: number;
  /** Facets for browsing without words, summed from a summary rewritten every few seconds. */
  readonly summary: FacetSummary;
  private readonly suggestCache: FacetCache<string[]>;
  /** The records pages present (the service keeps them exact for its own commits and edits). */
  readonly records: ListRecordCache;
  private readonly sellers: SellerDirectory | undefined;

  constructor(
    private readonly deps: {
      sql: Sql;
      /** Records for presenting pages: cached briefly, exact for this instance's own changes. */
      records: ListRecordCache;
      clock: Clock;
      aliases: () => Promise<Aliases>;
      /** Sellers as listings show them (the identity module's). */
      sellers?: SellerDirectory;
      /** How long a page reuses a seller's summary (ms); 0: never. */
      sellerCacheMs?: number;
      log: Logger;
      /** How long facet counts of one query are reused (ms); 0: never. */
      facetCacheMs?: number;
      /** How often the facet summary for browsing is rewritten (ms); 0: never. */
      facetSummaryMs?: number;
      /** How long the suggestions for one typed prefix are reused (ms); 0: never. */
      suggestCacheMs?: number;
      /** `memory`: live auctions are searched in an in-memory index (search.memory.feed.ts); `sql`: every search asks PostgreSQL. */
      engine?: 'memory' | 'sql';
      /** How often the in-memory index compares itself with the database (ms); 0: never. */
      resyncMs?: number;
    },
  ) {
    this.search = new SearchRepository(deps.sql);
    this.facetCacheMs = deps.facetCacheMs ?? 0;
    this.facetCache = new FacetCache(deps.clock, this.facetCacheMs);
    this.summary = new FacetSummary({ clock: deps.clock, log: deps.log, repo: this.search, intervalMs: deps.facetSummaryMs ?? 0 });
    this.suggestCache = new FacetCache(deps.clock, deps.suggestCacheMs ?? 0);
    this.records = deps.records;
    this.sellers = deps.sellers && cachedSellers(deps.sellers, deps.clock, deps.sellerCacheMs ?? 0, MAX_CACHED_SELLERS);
    this.memory = deps.engine === 'memory' ? new MemorySearch({ sql: deps.sql, repo: this.search, clock: deps.clock, log: deps.log, resyncMs: deps.resyncMs ?? 0 }) : null;
  }

  /** The in-memory engine, when configured (null: SQL answers every search). */
  readonly memory: MemorySearch | null;

  /** Starts rewriting the facet summary (when configured). */
  startBackground(): void {
    this.summary.start();
    void this.memory?.start();
  }

  async stopBackground(): Promise<void> {
    await Promise.all([this.summary.stop(), this.memory?.stop()]);
  }

  /** After a commit: a start, close, cancel or edit changes what facets count; a bid's price move may wait for the cache's expiry. */
  readonly committed = (id: string, events: readonly { type: string }[], state?: CommittedState): void => {
    if (state) this.memory?.committed(state);
    else this.memory?.changed([id]);
    if (events.some((e) => e.type !== 'bid_placed' && e.type !== 'price_changed')) this.facetsChanged();
  };

  /** Listings were added, closed, cancelled or edited here: facet counts and suggestions are recomputed on the next ask. */
  facetsChanged(...ids: string[]): void {
    this.facetCache.clear();
    this.suggestCache.clear();
    if (ids.length > 0) this.memory?.changed(ids);
  }

  /** Someone started or stopped watching: the most-watched order reads the new count. */
  watchersChanged(id: string): void {
    this.memory?.changed([id]);
  }

  async find(query: SearchQuery, viewerId: string | null): Promise<SearchPage> {
    const spec = searchSpecFrom(query, this.deps.clock.now());
    const [page, facets] = await Promise.all([
      this.run(spec, viewerId),
      this.facetCache.get(facetKey(spec, this.facetCacheMs), async () => this.summary.facets(spec) ?? (await this.memory?.facets(spec)) ?? this.search.facets(spec)),
    ]);
    return { ...page, facets: presentFacets(facets) };
  }

  /** Browsing (`GET /auctions`): the same filters, orders and pages, without words ranked or facets. */
  list(query: ListQuery, viewerId: string | null): Promise<AuctionPage> {
    return this.run(listSpecFrom(query, this.deps.clock.now()), viewerId);
  }

  private async run(spec: SearchSpec, viewerId: string | null): Promise<AuctionPage> {
    const now = this.deps.clock.now();
    // Words are ranked in memory; a page without words is an index walk in PostgreSQL (its
    // order is the index's), which the in-memory engine, scanning every live row, does not beat.
    const rows = (spec.text ? await this.memory?.page(spec) : null) ?? (await this.search.page(spec));
    const [ordered, aliases] = await Promise.all([this.deps.records.getMany(rows.map((r) => r.id)), this.deps.aliases()]);
    const seller = await sellersOf(this.sellers, ordered);
    const items = ordered.map((r) => presentAuction(r, now, aliases, viewerId, seller(r.sellerId)));
    const last = rows[rows.length - 1];
    return { items, nextCursor: rows.length === spec.limit && last ? encodeCursor(last.key, last.id) : null };
  }

  /**
   * Suggestions for what has been typed. The answer depends only on the lower-cased text,
   * so that is the cache key: every keystroke of many people asks the same few prefixes,
   * and a second-old answer is as good (this instance's own listing changes clear it).
   */
  suggest(q: string): Promise<string[]> {
    const typed = q.trim().toLowerCase();
    return this.suggestCache.get(typed, () => this.search.suggest(typed, MAX_SUGGESTIONS));
  }
}

/** Price bands as ranges in minor units of their currency. */
function presentFacets(f: FacetRows): SearchFacets {
  return {
    category: f.category,
    condition: f.condition,
    type: f.type,
    priceBands: f.priceBands.map(({ currency, band, count }) => {
      const scale = bandScale(currency);
      const lo = band === 0 ? 0 : (PRICE_BAND_EDGES[band - 1] ?? 0) * scale;
      const hi = PRICE_BAND_EDGES[band];
      return { currency, min: lo, max: hi === undefined ? null : hi * scale, count };
    }),
  };
}
