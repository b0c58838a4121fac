import type { Sql } from '../../platform/db.js';
import type { Candidate, CandidatePool, Signal, SignalCode } from './domain/index.js';

/**
 * Orders whose money was taken and not fully refunded: a purchase that happened
 * (the same statuses count as a seller's completed sale in identity).
 */
const BOUGHT_STATUSES = ['in_escrow', 'shipped', 'disputed', 'released', 'paid', 'paid_out'];

/**
 * How many rows of one category a candidate query reads before ordering them: the
 * category index (category_id, status) has no time order, so the window bounds the
 * work in a category with thousands of live auctions (those are then ordered by end).
 * With 100,000 live auctions in 50 categories a category costs about 2 ms, mostly the
 * bitmap over its index entries; `(category_id, ends_at) where status = 'active'` would
 * make it an index-only walk (not added: no migration for this feature).
 */
const CATEGORY_WINDOW = 50;

interface SignalRow {
  code: SignalCode;
  auction_id: string | null;
  seller_id: string | null;
  category_id: string | null;
  title: string | null;
  at: Date;
}

interface CandidateRow {
  key: string;
  id: string;
  category_id: string | null;
  seller_id: string;
}

/**
 * The read model behind recommendations: plain SQL over the tables of auctions
 * (bids in the event log), notifications (watchlist) and payments (orders), as the
 * other read models across modules do (identity's seller standing, catalog's counts).
 * Every query is served by an existing index, named beside it.
 */
export class RecommendationsRepository {
  constructor(private readonly sql: Sql) {}

  /** The user's most recent purchases, bids and watches, at most `perCode` of each. */
  async signals(userId: string, perCode: number): Promise<Signal[]> {
    const rows = await this.sql<SignalRow[]>`
      -- orders_buyer_idx (buyer_id, created_at desc)
      (select 'bought' as code, o.auction_id, o.seller_id, coalesce(o.category_id, a.category_id) as category_id,
          coalesce(a.title, o.items -> 0 ->> 'title') as title, o.created_at as at
        from orders o left join auctions a on a.id = o.auction_id
        where o.buyer_id = ${userId} and o.status = any(${BOUGHT_STATUSES}::text[])
        order by o.created_at desc limit ${perCode})
      union all
      -- auction_events_bidder_idx (bidder_id, auction_id), as "my bids" reads it
      (select 'bid', a.id, a.seller_id, a.category_id, a.title, b.at
        from (select auction_id, max(at) as at from auction_events where bidder_id = ${userId}
              group by auction_id order by max(at) desc limit ${perCode}) b
        join auctions a on a.id = b.auction_id)
      union all
      -- the watchlist's key (user_id, auction_id)
      (select 'watched', a.id, a.seller_id, a.category_id, a.title, w.created_at
        from watchlist w join auctions a on a.id = w.auction_id
        where w.user_id = ${userId} order by w.created_at desc limit ${perCode})`;
    return rows.map((r) => ({
      code: r.code,
      auctionId: r.auction_id,
      sellerId: r.seller_id,
      categoryId: r.category_id,
      title: r.title,
      at: r.at.getTime(),
    }));
  }

  /**
   * Live auctions (active, not yet past their end) in these categories and from these
   * sellers, at most `perKey` each, leaving out the user's own listings, those they
   * watch and those they bid on. A category's soonest ending come first, a seller's newest.
   */
  async candidates(userId: string, categories: string[], sellers: string[], now: number, perKey: number): Promise<CandidatePool> {
    const s = this.sql;
    const at = new Date(now);
    const eligible = s`a.status = 'active' and a.ends_at > ${at} and a.paused_at is null and a.seller_id <> ${userId}
      and not exists (select 1 from watchlist w where w.user_id = ${userId} and w.auction_id = a.id)
      and not exists (select 1 from auction_events e where e.bidder_id = ${userId} and e.auction_id = a.id)`;
    const [byCategory, bySeller] = await Promise.all([
      categories.length === 0
        ? []
        : s<CandidateRow[]>`
          -- auctions_category_idx (category_id, status), a bounded window per category
          select k.key, c.id, c.category_id, c.seller_id from unnest(${categories}::text[]) as k(key)
          cross join lateral (
            select x.id, x.category_id, x.seller_id from (
              select a.id, a.category_id, a.seller_id, a.ends_at from auctions a
              where a.category_id = k.key and ${eligible} limit ${CATEGORY_WINDOW}) x
            order by x.ends_at, x.id limit ${perKey}) c`,
      sellers.length === 0
        ? []
        : s<CandidateRow[]>`
          -- auctions_seller_idx (seller_id, created_at desc)
          select k.key, c.id, c.category_id, c.seller_id from unnest(${sellers}::uuid[]) as k(key)
          cross join lateral (
            select a.id, a.category_id, a.seller_id from auctions a
            where a.seller_id = k.key and ${eligible}
            order by a.created_at desc limit ${perKey}) c`,
    ]);
    return { byCategory: group(byCategory), bySeller: group(bySeller) };
  }
}

/** Rows by their key, in the order they came. */
function group(rows: readonly CandidateRow[]): Map<string, Candidate[]> {
  const out = new Map<string, Candidate[]>();
  for (const r of rows) {
    const c: Candidate = { auctionId: r.id, categoryId: r.category_id, sellerId: r.seller_id };
    const list = out.get(r.key);
    if (list) list.push(c);
    else out.set(r.key, [c]);
  }
  return out;
}
