import type { AggregateWrite, PersistOutcome, VersionCheck } from '../../engine/sequencer.js';
import type { Sql, Tx } from '../../platform/db.js';
import type { AuctionEvent, AuctionState } from './domain/index.js';

/** The listing fields kept outside the domain state. */
export interface AuctionListing {
  id: string;
  sellerId: string;
  categoryId: string | null;
  title: string;
  description: string;
  imageUrls: string[];
  createdAt: number;
}

/** A stored auction: its listing data and its domain state. */
export interface AuctionRecord extends AuctionListing {
  state: AuctionState;
}

interface Row {
  id: string;
  seller_id: string;
  category_id: string | null;
  title: string;
  description: string;
  image_urls: string[];
  created_at: Date;
  state: AuctionState;
}

const toRecord = (r: Row): AuctionRecord => ({
  id: r.id,
  sellerId: r.seller_id,
  categoryId: r.category_id,
  title: r.title,
  description: r.description,
  imageUrls: r.image_urls,
  createdAt: r.created_at.getTime(),
  state: r.state,
});

/** A stored event as read back from the log. */
export interface StoredEvent {
  auctionId: string;
  seq: number;
  event: AuctionEvent;
}

/** Listing filters and keyset pagination. */
export interface ListQuery {
  status?: string[];
  type?: string;
  categoryId?: string;
  sellerId?: string;
  q?: string;
  minPrice?: number;
  maxPrice?: number;
  sort: 'ending_soon' | 'newest' | 'price_asc' | 'price_desc';
  limit: number;
  after?: { k: number; id: string };
}

const cols = (s: AuctionState) => ({
  status: s.status,
  current_price: s.currentPrice,
  bid_count: s.bidCount,
  starts_at: s.startsAt,
  ends_at: s.endsAt,
  winner_id: s.result?.winnerId ?? null,
  final_price: s.result?.price ?? null,
  outcome: s.result?.outcome ?? null,
});

/** Auctions and their event log in PostgreSQL. */
export class AuctionRepository {
  constructor(private readonly sql: Sql) {}

  async insert(listing: AuctionListing, state: AuctionState): Promise<void> {
    const c = cols(state);
    await this.sql`
      insert into auctions (id, seller_id, category_id, title, description, image_urls, type, status, currency,
        starting_price, current_price, bid_count, starts_at, ends_at, created_at, version, state)
      values (${listing.id}, ${listing.sellerId}, ${listing.categoryId}, ${listing.title}, ${listing.description},
        ${listing.imageUrls}, ${state.type}, ${c.status}, ${state.currency}, ${state.startingPrice}, ${c.current_price},
        ${c.bid_count}, ${new Date(state.startsAt)}, ${new Date(state.endsAt)}, ${new Date(listing.createdAt)},
        ${state.seq}, ${this.sql.json(state as never)})`;
  }

  async loadState(id: string): Promise<AuctionState | null> {
    const rows = await this.sql<{ state: AuctionState }[]>`select state from auctions where id = ${id}`;
    return rows[0]?.state ?? null;
  }

  async get(id: string): Promise<AuctionRecord | null> {
    const rows = await this.sql<Row[]>`
      select id, seller_id, category_id, title, description, image_urls, created_at, state from auctions where id = ${id}`;
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async getMany(ids: string[]): Promise<AuctionRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<Row[]>`
      select id, seller_id, category_id, title, description, image_urls, created_at, state from auctions where id = any(${ids}::uuid[])`;
    return rows.map(toRecord);
  }

  async updateListing(id: string, patch: { title?: string; description?: string; imageUrls?: string[]; categoryId?: string | null }) {
    await this.sql`
      update auctions set
        title = coalesce(${patch.title ?? null}, title),
        description = coalesce(${patch.description ?? null}, description),
        image_urls = coalesce(${patch.imageUrls ?? null}::text[], image_urls)
      where id = ${id}`;
  }

  /**
   * Writes one group commit: the events of every auction in the batch, each
   * auction's new snapshot guarded by its expected version, and the idempotency
   * records of the commands. Hand-written with unnest so that a batch of hundreds of
   * bids is three statements.
   */
  async persist(tx: Tx, writes: AggregateWrite<AuctionState, AuctionEvent>[], checks: VersionCheck[]): Promise<PersistOutcome> {
    const conflicts = new Set<string>();
    if (writes.length > 0) {
      const ids: string[] = [];
      const expected: number[] = [];
      const versions: number[] = [];
      const states: string[] = [];
      const statuses: string[] = [];
      const prices: (number | null)[] = [];
      const bidCounts: number[] = [];
      const ends: number[] = [];
      const winners: (string | null)[] = [];
      const finals: (number | null)[] = [];
      const outcomes: (string | null)[] = [];
      for (const w of writes) {
        const c = cols(w.state);
        ids.push(w.id);
        expected.push(w.expectedVersion);
        versions.push(w.state.seq);
        states.push(JSON.stringify(w.state));
        statuses.push(c.status);
        prices.push(c.current_price);
        bidCounts.push(c.bid_count);
        ends.push(c.ends_at);
        winners.push(c.winner_id);
        finals.push(c.final_price);
        outcomes.push(c.outcome);
      }
      const updated = await tx<{ id: string }[]>`
        update auctions a set
          version = w.version, state = w.state::jsonb, status = w.status, current_price = w.price,
          bid_count = w.bid_count, ends_at = to_timestamp(w.ends / 1000.0), winner_id = w.winner,
          final_price = w.final, outcome = w.outcome,
          closed_at = case when w.status in ('closed', 'cancelled') and a.closed_at is null then now() else a.closed_at end
        from unnest(${ids}::uuid[], ${expected}::bigint[], ${versions}::bigint[], ${states}::text[], ${statuses}::text[],
                    ${prices}::bigint[], ${bidCounts}::int[], ${ends}::bigint[], ${winners}::uuid[], ${finals}::bigint[],
                    ${outcomes}::text[])
          as w(id, expected, version, state, status, price, bid_count, ends, winner, final, outcome)
        where a.id = w.id and a.version = w.expected
        returning a.id`;
      if (updated.length !== writes.length) {
        const ok = new Set(updated.map((r) => r.id));
        for (const id of ids) if (!ok.has(id)) conflicts.add(id);
        return { conflicts };
      }
      const eIds: string[] = [];
      const eSeqs: number[] = [];
      const eTypes: string[] = [];
      const eData: string[] = [];
      const eAt: number[] = [];
      const eBidders: (string | null)[] = [];
      for (const w of writes) {
        for (const ev of w.events) {
          eIds.push(w.id);
          eSeqs.push(ev.seq);
          eTypes.push(ev.type);
          eData.push(JSON.stringify(ev));
          eAt.push(ev.at);
          eBidders.push(ev.type === 'bid_placed' ? ev.bidderId : null);
        }
      }
      await tx`
        insert into auction_events (auction_id, seq, type, data, at, bidder_id)
        select e.id, e.seq, e.type, e.data::jsonb, to_timestamp(e.at / 1000.0), e.bidder
        from unnest(${eIds}::uuid[], ${eSeqs}::bigint[], ${eTypes}::text[], ${eData}::text[], ${eAt}::bigint[], ${eBidders}::uuid[])
          as e(id, seq, type, data, at, bidder)`;
      const duplicateKeys = await this.writeIdempotency(tx, writes);
      if (duplicateKeys.size > 0) return { conflicts, duplicateKeys };
    }
    if (checks.length > 0) {
      const rows = await tx<{ id: string; version: number }[]>`
        select id, version from auctions where id = any(${checks.map((c) => c.id)}::uuid[])`;
      const current = new Map(rows.map((r) => [r.id, Number(r.version)]));
      for (const c of checks) if (current.get(c.id) !== c.version) conflicts.add(c.id);
    }
    return { conflicts };
  }

  private async writeIdempotency(tx: Tx, writes: AggregateWrite<AuctionState, AuctionEvent>[]): Promise<Set<string>> {
    const users: string[] = [];
    const keys: string[] = [];
    const hashes: string[] = [];
    const bodies: string[] = [];
    for (const w of writes) {
      for (const t of w.tasks) {
        const idem = t.meta?.idempotency;
        if (!idem) continue;
        users.push(idem.userId);
        keys.push(idem.key);
        hashes.push(idem.requestHash);
        bodies.push(JSON.stringify(idem.response(t.stateAfter, t.events)));
      }
    }
    if (users.length === 0) return new Set();
    const inserted = await tx<{ user_id: string; key: string }[]>`
      insert into idempotency_keys (user_id, key, scope, request_hash, status_code, response)
      select u, k, 'bid', h, 201, b::jsonb from unnest(${users}::uuid[], ${keys}::text[], ${hashes}::text[], ${bodies}::text[]) as x(u, k, h, b)
      on conflict (user_id, key) do nothing
      returning user_id, key`;
    const dup = new Set<string>();
    if (inserted.length !== users.length) {
      const ok = new Set(inserted.map((r) => `${r.user_id}:${r.key}`));
      for (let i = 0; i < users.length; i++) if (!ok.has(`${users[i]}:${keys[i]}`)) dup.add(`${users[i]}:${keys[i]}`);
    }
    return dup;
  }

  /** Events after `afterSeq`, in order (history, resume, long-poll). */
  async eventsAfter(auctionId: string, afterSeq: number, limit = 1000): Promise<StoredEvent[]> {
    const rows = await this.sql<{ seq: number; data: AuctionEvent }[]>`
      select seq, data from auction_events where auction_id = ${auctionId} and seq > ${afterSeq} order by seq limit ${limit}`;
    return rows.map((r) => ({ auctionId, seq: Number(r.seq), event: r.data }));
  }

  /** Bid events newest first. */
  async bidHistory(auctionId: string, limit: number, beforeSeq?: number): Promise<AuctionEvent[]> {
    const rows = await this.sql<{ data: AuctionEvent }[]>`
      select data from auction_events
      where auction_id = ${auctionId} and type = 'bid_placed' ${beforeSeq ? this.sql`and seq < ${beforeSeq}` : this.sql``}
      order by seq desc limit ${limit}`;
    return rows.map((r) => r.data);
  }

  async auctionIdsBidOnBy(userId: string, limit: number): Promise<string[]> {
    const rows = await this.sql<{ auction_id: string }[]>`
      select auction_id from auction_events where bidder_id = ${userId}
      group by auction_id order by max(at) desc limit ${limit}`;
    return rows.map((r) => r.auction_id);
  }

  /** Open auctions whose start or end is due by `horizon` (ms), for the closing sweep and timers. */
  async dueBy(horizon: number, limit: number): Promise<{ id: string; at: number }[]> {
    const rows = await this.sql<{ id: string; at: Date }[]>`
      (select id, ends_at as at from auctions where status in ('scheduled', 'active') and ends_at <= ${new Date(horizon)}
        order by ends_at limit ${limit})
      union all
      (select id, starts_at as at from auctions where status = 'scheduled' and starts_at <= ${new Date(horizon)}
        order by starts_at limit ${limit})`;
    return rows.map((r) => ({ id: r.id, at: r.at.getTime() }));
  }

  async list(q: ListQuery): Promise<AuctionRecord[]> {
    const s = this.sql;
    const priceExpr = s`coalesce(current_price, starting_price)`;
    const conds = [s`true`];
    if (q.status && q.status.length > 0) conds.push(s`status = any(${q.status}::text[])`);
    if (q.type) conds.push(s`type = ${q.type}`);
    if (q.categoryId)
      conds.push(s`(category_id = ${q.categoryId} or category_id in (select id from categories where parent_id = ${q.categoryId}))`);
    if (q.sellerId) conds.push(s`seller_id = ${q.sellerId}`);
    if (q.q) conds.push(s`title ilike ${`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
    if (q.minPrice !== undefined) conds.push(s`${priceExpr} >= ${q.minPrice}`);
    if (q.maxPrice !== undefined) conds.push(s`${priceExpr} <= ${q.maxPrice}`);
    let order: ReturnType<typeof s>;
    if (q.sort === 'ending_soon') {
      if (q.after) conds.push(s`(ends_at, id) > (${new Date(q.after.k)}, ${q.after.id})`);
      order = s`ends_at asc, id asc`;
    } else if (q.sort === 'newest') {
      if (q.after) conds.push(s`(created_at, id) < (${new Date(q.after.k)}, ${q.after.id})`);
      order = s`created_at desc, id desc`;
    } else if (q.sort === 'price_asc') {
      if (q.after) conds.push(s`(${priceExpr}, id) > (${q.after.k}, ${q.after.id})`);
      order = s`${priceExpr} asc, id asc`;
    } else {
      if (q.after) conds.push(s`(${priceExpr}, id) < (${q.after.k}, ${q.after.id})`);
      order = s`${priceExpr} desc, id desc`;
    }
    const where = conds.reduce((acc, c) => s`${acc} and ${c}`);
    const rows = await s<Row[]>`
      select id, seller_id, category_id, title, description, image_urls, created_at, state
      from auctions where ${where} order by ${order} limit ${q.limit}`;
    return rows.map(toRecord);
  }

  async aliasSecret(): Promise<string> {
    const rows = await this.sql<{ value: string }[]>`select value from system_settings where key = 'alias_secret'`;
    return rows[0]?.value ?? 'gavel';
  }
}
