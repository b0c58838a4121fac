import type { Clock } from '../../platform/clock.js';
import { encodeCursor } from '../../platform/cursor.js';
import type { Sql } from '../../platform/db.js';
import type { AuctionPage, ListQuery } from '../../shared/api/auctions.js';
import type { SearchFacets, SearchPage, SearchQuery } from '../../shared/api/search.js';
import { type Aliases, presentAuction } from './auction.presenter.js';
import type { AuctionRepository } from './auction.repository.js';
import { type SellerDirectory, sellersOf } from './auction.sellers.js';
import { listSpecFrom, type SearchSpec, searchSpecFrom } from './search.query.js';
import { bandScale, type FacetRows, PRICE_BAND_EDGES, SearchRepository } from './search.repository.js';

/** At most this many suggestions. */
export const MAX_SUGGESTIONS = 8;

/** Full-text search with facets, and title suggestions as one types. */
export class AuctionSearch {
  private readonly search: SearchRepository;

  constructor(
    private readonly deps: { sql: Sql; repo: AuctionRepository; clock: Clock; aliases: () => Promise<Aliases>; sellers?: SellerDirectory },
  ) {
    this.search = new SearchRepository(deps.sql);
  }

  async find(query: SearchQuery, viewerId: string | null): Promise<SearchPage> {
    const spec = searchSpecFrom(query, this.deps.clock.now());
    const [page, facets] = await Promise.all([this.run(spec, viewerId), this.search.facets(spec)]);
    return { ...page, facets: presentFacets(facets) };
  }

  /** Browsing (`GET /auctions`): the same filters, orders and pages, without words ranked or facets. */
  list(query: ListQuery, viewerId: string | null): Promise<AuctionPage> {
    return this.run(listSpecFrom(query, this.deps.clock.now()), viewerId);
  }

  private async run(spec: SearchSpec, viewerId: string | null): Promise<AuctionPage> {
    const now = this.deps.clock.now();
    const rows = await this.search.page(spec);
    const recs = await this.deps.repo.getMany(rows.map((r) => r.id));
    const byId = new Map(recs.map((r) => [r.id, r]));
    const ordered = rows.flatMap((r) => byId.get(r.id) ?? []);
    const aliases = await this.deps.aliases();
    const seller = await sellersOf(this.deps.sellers, ordered);
    const items = ordered.map((r) => presentAuction(r, now, aliases, viewerId, seller(r.sellerId)));
    const last = rows[rows.length - 1];
    return { items, nextCursor: rows.length === spec.limit && last ? encodeCursor(last.key, last.id) : null };
  }

  suggest(q: string): Promise<string[]> {
    return this.search.suggest(q.trim(), MAX_SUGGESTIONS);
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
