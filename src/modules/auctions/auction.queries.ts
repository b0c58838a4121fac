import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { type Aliases, type AuctionView, type BidView, presentAuction, presentBid, publicEvent } from './auction.presenter.js';
import type { AuctionRepository, ListQuery } from './auction.repository.js';
import { type SellerDirectory, sellersOf } from './auction.sellers.js';
import type { AuctionEventMessage } from './auction.service.js';
import type { AuctionEvent } from './domain/index.js';

export const notFound = (): AppError => new AppError('AUCTION_NOT_FOUND', 'No such auction');

/** Read side of auctions: what listings, history, "my bids" and resuming clients see. */
export class AuctionQueries {
  constructor(
    private readonly deps: {
      repo: AuctionRepository;
      clock: Clock;
      /** Bidder aliases, read once per instance. */
      aliases: () => Promise<Aliases>;
      /** Sellers' names and standing for the views. */
      sellers?: SellerDirectory;
    },
  ) {}

  async get(id: string, viewerId: string | null): Promise<AuctionView> {
    if (!isUuid(id)) throw notFound();
    const rec = await this.deps.repo.get(id);
    if (!rec) throw notFound();
    const seller = await sellersOf(this.deps.sellers, [rec]);
    return presentAuction(rec, this.deps.clock.now(), await this.deps.aliases(), viewerId, seller(rec.sellerId));
  }

  async list(q: ListQuery, viewerId: string | null): Promise<AuctionView[]> {
    const recs = await this.deps.repo.list(q);
    const aliases = await this.deps.aliases();
    const seller = await sellersOf(this.deps.sellers, recs);
    const now = this.deps.clock.now();
    return recs.map((r) => presentAuction(r, now, aliases, viewerId, seller(r.sellerId)));
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
    if (isSealed && rec.state.status !== 'closed') {
      return bids.filter((b) => viewerId !== null && b.bidderId === viewerId).map((b) => presentBid(id, b, aliases, viewerId));
    }
    return bids.map((b) => presentBid(id, b, aliases, viewerId));
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
