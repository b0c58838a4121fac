import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { isActiveCurrency } from '../../shared/currencies.js';
import { type Aliases, type AuctionView, type BidView, presentAuction, presentBid, publicEvent } from './auction.presenter.js';
import type { AuctionRepository } from './auction.repository.js';
import type { AuctionRevisions } from './auction.revisions.js';
import { type SellerDirectory, sellersOf } from './auction.sellers.js';
import type { AuctionEventMessage } from './auction.service.js';
import type { AuctionEvent } from './domain/index.js';

export const notFound = (): AppError => new AppError('AUCTION_NOT_FOUND', 'No such auction');

export const invalidFilter = (field: string, message: string): AppError => new AppError('INVALID_FILTER', message, { in: 'querystring', field }, 422);

/** A price filter bound: a whole number of minor units, or a 422 naming the field. */
function priceBound(raw: string | undefined, field: 'minPrice' | 'maxPrice'): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim();
  if (!/^\d{1,13}$/.test(v)) throw invalidFilter(field, `${field} must be a whole, non-negative number of minor units`);
  return Number(v);
}

/** At most this many words in a search; each must match, so more would only slow the query. */
const MAX_SEARCH_WORDS = 8;

/** A search's words: split on white space, each matched on its own (title or description, any case). */
export function searchWords(q: string | undefined): string[] {
  return (q ?? '').split(/\s+/u).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

/** A price filter: bounds in minor units of one currency (prices in different currencies do not compare). */
export interface PriceFilter {
  minPrice?: number;
  maxPrice?: number;
  currency?: string;
}

/** Reads `minPrice`, `maxPrice` and `currency`; anything that cannot apply is a 422 INVALID_FILTER naming the field. */
export function priceFilterFrom(q: { minPrice?: string | undefined; maxPrice?: string | undefined; currency?: string | undefined }): PriceFilter {
  const minPrice = priceBound(q.minPrice, 'minPrice');
  const maxPrice = priceBound(q.maxPrice, 'maxPrice');
  const currency = q.currency?.trim() || undefined;
  if (currency !== undefined && !isActiveCurrency(currency)) throw invalidFilter('currency', 'currency must be an ISO 4217 code such as EUR');
  if ((minPrice !== undefined || maxPrice !== undefined) && currency === undefined) {
    // Prices in different currencies do not compare: a price filter names its currency.
    throw invalidFilter('currency', 'A price filter needs a currency');
  }
  if (minPrice !== undefined && maxPrice !== undefined && maxPrice < minPrice) throw invalidFilter('maxPrice', 'maxPrice must not be below minPrice');
  return { ...(minPrice !== undefined ? { minPrice } : {}), ...(maxPrice !== undefined ? { maxPrice } : {}), ...(currency !== undefined ? { currency } : {}) };
}

/** Read side of auctions: what listings, history, "my bids" and resuming clients see. */
export class AuctionQueries {
  /** Auctions' categories (set at listing; changed only by an edit here or before the first bid). */
  private readonly categories = new Map<string, string | null>();

  constructor(
    private readonly deps: {
      repo: AuctionRepository;
      /** The dated additions one auction's page shows. */
      revisions?: AuctionRevisions;
      clock: Clock;
      /** Bidder aliases, read once per instance. */
      aliases: () => Promise<Aliases>;
      /** Sellers' names and standing for the views. */
      sellers?: SellerDirectory;
    },
  ) {}

  /** An auction's category, cached: the bid guards ask it on every bid. */
  async categoryOf(id: string): Promise<string | null> {
    const known = this.categories.get(id);
    if (known !== undefined) return known;
    const c = await this.deps.repo.categoryOf(id);
    if (this.categories.size >= 100_000) this.categories.clear();
    this.categories.set(id, c);
    return c;
  }

  /** The auction's listing changed here: its category is read again. */
  forgetCategory(id: string): void {
    this.categories.delete(id);
  }

  async get(id: string, viewerId: string | null): Promise<AuctionView> {
    if (!isUuid(id)) throw notFound();
    const rec = await this.deps.repo.get(id);
    if (!rec) throw notFound();
    const [seller, revisions] = await Promise.all([sellersOf(this.deps.sellers, [rec]), this.deps.revisions?.publicOf(id, rec.title)]);
    const view = presentAuction(rec, this.deps.clock.now(), await this.deps.aliases(), viewerId, seller(rec.sellerId));
    return revisions ? { ...view, revisions } : view;
  }

  /** Views of these auctions in the order given (unknown ids left out): one batch, for other modules' read models. */
  async viewsOf(ids: readonly string[], viewerId: string | null): Promise<AuctionView[]> {
    const recs = await this.deps.repo.getMany(ids.filter(isUuid));
    const byId = new Map(recs.map((r) => [r.id, r]));
    const ordered = ids.flatMap((id) => byId.get(id) ?? []);
    const aliases = await this.deps.aliases();
    const seller = await sellersOf(this.deps.sellers, ordered);
    const now = this.deps.clock.now();
    return ordered.map((r) => presentAuction(r, now, aliases, viewerId, seller(r.sellerId)));
  }

  /** Bid history newest first; sealed auctions show only the viewer's own bids until close. */
  async history(id: string, viewerId: string | null, limit: number): Promise<BidView[]> {
    if (!isUuid(id)) throw notFound();
    const rec = await this.deps.repo.get(id);
    if (!rec) throw notFound();
    const aliases = await this.deps.aliases();
    const isSealed = rec.state.type === 'sealed_first_price' || rec.state.type === 'sealed_second_price';
    const events = await this.deps.repo.bidHistory(id, isSealed && rec.state.status !== 'closed' ? 10_000 : limit);
    const bids = events.filter((e): e is Extract<AuctionEvent, { type: 'bid_placed' }> => e.type === 'bid_placed');
    const voided = new Set(rec.state.voidedBidders ?? []);
    if (isSealed && rec.state.status !== 'closed') {
      // A voided sealed bid is gone: its bidder no longer sees it either.
      return bids.filter((b) => viewerId !== null && b.bidderId === viewerId && !voided.has(b.bidderId)).map((b) => presentBid(id, b, aliases, viewerId));
    }
    return bids.map((b) => presentBid(id, b, aliases, viewerId, voided.has(b.bidderId)));
  }

  /** Auctions the user bid on, with their max and whether they lead or won. */
  async myBids(userId: string, limit = 100) {
    const ids = await this.deps.repo.auctionIdsBidOnBy(userId, limit);
    const recs = await this.deps.repo.getMany(ids);
    const order = new Map(ids.map((id, i) => [id, i]));
    recs.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    const aliases = await this.deps.aliases();
    const seller = await sellersOf(this.deps.sellers, recs);
    const now = this.deps.clock.now();
    return recs.map((r) => {
      const mine = r.state.bidders.find((b) => b.bidderId === userId);
      const isSealed = r.state.type === 'sealed_first_price' || r.state.type === 'sealed_second_price';
      const closed = r.state.status === 'closed';
      return {
        auction: presentAuction(r, now, aliases, userId, seller(r.sellerId)),
        myMax: mine?.amount ?? null,
        leading: closed || isSealed ? null : r.state.leaderId === userId,
        won: closed ? r.state.result?.winnerId === userId : null,
      };
    });
  }

  /** Committed public events after `afterSeq` (resume, long-poll, SSE). */
  async eventsAfter(id: string, afterSeq: number, limit = 500): Promise<AuctionEventMessage[]> {
    if (!isUuid(id)) throw notFound();
    const rec = await this.deps.repo.get(id);
    if (!rec) throw notFound();
    const aliases = await this.deps.aliases();
    const stored = await this.deps.repo.eventsAfter(id, afterSeq, limit);
    return stored.map((s) => ({ auctionId: id, seq: s.seq, event: publicEvent(id, s.event, rec.state, aliases) ?? { type: 'noop' } }));
  }
}
