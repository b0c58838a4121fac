import { type OutboxMessage, outboxInsert } from '../../engine/outbox.js';
import { type AggregateWrite, idempotencyColumns, type PersistOutcome, type VersionCheck } from '../../engine/sequencer.js';
import type { Sql, Tx } from '../../platform/db.js';
import type { StoredImage } from './auction.images.js';
import type { SignedHead } from '../../shared/transcript-form.js';
import { type AuctionEvent, type AuctionState, evolve, type ItemDetails, NO_DETAILS } from './domain/index.js';

/** The listing fields kept outside the domain state. */
export interface AuctionListing {
  id: string;
  sellerId: string;
  categoryId: string | null;
  title: string;
  description: string;
  imageUrls: string[];
  /** The photos (auction.images.ts); `imageUrls` holds their listing-size URLs. */
  images: StoredImage[];
  createdAt: number;
  details: ItemDetails;
  /** An admin's feature window (the discovery module writes it); absent or null: never featured. */
  featured?: { from: number; until: number } | null;
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
  images: StoredImage[];
  created_at: Date;
  state: AuctionState;
  // Rows from before item details existed hold '{}'.
  details: Partial<ItemDetails>;
  featured_from: Date | null;
  featured_until: Date | null;
}

const toRecord = (r: Row): AuctionRecord => ({
  id: r.id,
  sellerId: r.seller_id,
  categoryId: r.category_id,
  title: r.title,
  description: r.description,
  imageUrls: r.image_urls,
  images: r.images,
  createdAt: r.created_at.getTime(),
  details: { ...NO_DETAILS, ...r.details },
  featured: r.featured_from && r.featured_until ? { from: r.featured_from.getTime(), until: r.featured_until.getTime() } : null,
  state: r.state,
});

/** A stored event as read back from the log. */
export interface StoredEvent {
  auctionId: string;
  seq: number;
  event: AuctionEvent;
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

/** A group commit's signature over the chain heads it moved (one row per batch). */
export interface BatchSignature {
  kid: string;
  signedAt: number;
  heads: SignedHead[];
  signature: string;
}

/** Auctions and their event log in PostgreSQL. */
export class AuctionRepository {
  constructor(private readonly sql: Sql) {}

  async insert(listing: AuctionListing, state: AuctionState): Promise<void> {
    const c = cols(state);
    await this.sql`
      insert into auctions (id, seller_id, category_id, title, description, image_urls, type, status, currency,
        starting_price, current_price, bid_count, starts_at, ends_at, created_at, version, state, details, images)
      values (${listing.id}, ${listing.sellerId}, ${listing.categoryId}, ${listing.title}, ${listing.description},
        ${listing.imageUrls}, ${state.type}, ${c.status}, ${state.currency}, ${state.startingPrice}, ${c.current_price},
        ${c.bid_count}, ${new Date(state.startsAt)}, ${new Date(state.endsAt)}, ${new Date(listing.createdAt)},
        ${state.seq}, ${this.sql.json(state as never)}, ${this.sql.json(listing.details as never)},
        ${this.sql.json(listing.images as never)})`;
  }

  /** The current state: the snapshot with the log's newer events folded in. */
  /** An auction's category, without its state (guards ask it per auction). */
  async categoryOf(id: string): Promise<string | null> {
    const [r] = await this.sql<{ category_id: string | null }[]>`select category_id from auctions where id = ${id}`;
    return r?.category_id ?? null;
  }

  async loadState(id: string): Promise<AuctionState | null> {
    const rec = await this.get(id);
    return rec?.state ?? null;
  }

  async get(id: string): Promise<AuctionRecord | null> {
    return (await this.getMany([id]))[0] ?? null;
  }

  /** Records with fresh state (snapshot + tail of the log), in no particular order. */
  async getMany(ids: string[]): Promise<AuctionRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<Row[]>`
      select id, seller_id, category_id, title, description, image_urls, images, created_at, state, details, featured_from, featured_until
      from auctions where id = any(${ids}::uuid[])`;
    return this.freshen(rows.map(toRecord));
  }

  /**
   * For the engine's `executeWithin`: the states of `ids` read in `tx` with their rows locked
   * in id order (as a batch takes them). Unknown ids are left out.
   */
  async lockStates(tx: Tx, ids: string[]): Promise<Map<string, AuctionState>> {
    const rows = await tx<Row[]>`
      select id, seller_id, category_id, title, description, image_urls, images, created_at, state, details, featured_from, featured_until
      from auctions where id = any(${ids}::uuid[]) order by id for update`;
    const recs = await this.freshen(rows.map(toRecord), tx);
    return new Map(recs.map((r) => [r.id, r.state]));
  }

  /** Folds events newer than each record's snapshot into its state (two queries for any number of records). */
  private async freshen(recs: AuctionRecord[], db: Sql | Tx = this.sql): Promise<AuctionRecord[]> {
    if (recs.length === 0) return recs;
    // A lateral index walk per record: as a plain join, the (generic) plan guessed the
    // unnest's size and at tens of thousands of events took a parallel scan of the log.
    const tails = await db<{ auction_id: string; data: AuctionEvent }[]>`
      select x.id as auction_id, t.data from unnest(${recs.map((r) => r.id)}::uuid[], ${recs.map((r) => r.state.seq)}::bigint[]) as x(id, v)
      cross join lateral (select e.seq, e.data from auction_events e where e.auction_id = x.id and e.seq > x.v order by e.seq) t
      order by x.id, t.seq`;
    if (tails.length === 0) return recs;
    const by = new Map<string, AuctionEvent[]>();
    for (const t of tails) {
      const list = by.get(t.auction_id);
      if (list) list.push(t.data);
      else by.set(t.auction_id, [t.data]);
    }
    return recs.map((r) => {
      const evs = by.get(r.id);
      return evs ? { ...r, state: evs.reduce(evolve, r.state) } : r;
    });
  }

  /**
   * Writes one group commit. The version guard is the event log's primary key
   * (auction_id, seq): a batch inserts the next sequence numbers of each auction, so
   * if another instance already wrote any of them, the insert finds the conflict.
   * The snapshot row (state + listing columns) is written here only when the
   * auction's schedule or status changed (start, extension, close, cancel, edit),
   * because the closing sweep reads it; bid-only changes are snapshotted lazily by
   * `writeSnapshots`, and every read replays the log's tail over the snapshot.
   * Hand-written with unnest: a batch of hundreds of bids is a few statements.
   */
  async persist(
    tx: Tx,
    writes: AggregateWrite<AuctionState, AuctionEvent>[],
    checks: VersionCheck[],
    signature: BatchSignature | null = null,
  ): Promise<PersistOutcome> {
    const conflicts = new Set<string>();
    if (writes.length > 0) {
      const e = eventArrays(writes);
      const eIds = e.ids;
      const inserted = await tx<{ auction_id: string }[]>`
        insert into auction_events (auction_id, seq, type, data, at, bidder_id, prev_hash, hash)
        select e.a, e.s, e.d->>'type', e.d, to_timestamp((e.d->>'at')::bigint / 1000.0),
          case when e.d->>'type' = 'bid_placed' then (e.d->>'bidderId')::uuid end, e.p, e.h
        from jsonb_to_recordset(${e.json}::text::jsonb) as e(a uuid, s bigint, d jsonb, p text, h text)
        on conflict (auction_id, seq) do nothing
        returning auction_id`;
      if (inserted.length !== eIds.length) {
        const per = new Map<string, number>();
        for (const r of inserted) per.set(r.auction_id, (per.get(r.auction_id) ?? 0) + 1);
        for (const w of writes) if ((per.get(w.id) ?? 0) !== w.events.length) conflicts.add(w.id);
        return { conflicts };
      }
      const structural = writes.filter(isStructural);
      if (structural.length > 0)
        await this.writeSnapshots(
          structural.map((w) => w.state),
          tx,
        );
      const duplicateKeys = await this.writeIdempotency(tx, writes);
      if (duplicateKeys.size > 0) return { conflicts, duplicateKeys };
      if (signature) await signatureInsert(tx, signature);
    }
    for (const id of await this.checkVersions(tx, checks)) conflicts.add(id);
    return { conflicts };
  }

  /**
   * The common case as ONE statement in autocommit: data-modifying CTEs insert the
   * events (no ON CONFLICT: another writer's sequence number makes the whole
   * statement fail with a unique violation, so nothing is half-written), the
   * idempotency records (likewise), the snapshots of auctions whose schedule or
   * status changed, and the outbox messages. One round trip, one fsync. Version
   * checks of refusal-only auctions run alongside on another connection.
   */
  async persistFast(
    sql: Sql,
    writes: AggregateWrite<AuctionState, AuctionEvent>[],
    checks: VersionCheck[],
    outbox: OutboxMessage[],
    now: number,
    signature: BatchSignature | null = null,
  ): Promise<PersistOutcome> {
    const checking = this.checkVersions(sql, checks);
    if (writes.length > 0) {
      const e = eventArrays(writes);
      const parts = [];
      const idem = idempotencyColumns(writes);
      if (idem.users.length > 0) {
        parts.push(sql`idem as (
          insert into idempotency_keys (user_id, key, scope, request_hash, status_code, response)
          select u, k, 'bid', h, 201, b::jsonb from unnest(${idem.users}::uuid[], ${idem.keys}::text[], ${idem.hashes}::text[], ${idem.bodies}::text[]) as x(u, k, h, b))`);
      }
      const structural = writes.filter(isStructural);
      if (structural.length > 0)
        parts.push(
          sql`snap as (${this.snapshotUpdate(
            sql,
            structural.map((w) => w.state),
          )})`,
        );
      if (outbox.length > 0) parts.push(sql`ob as (${outboxInsert(sql, outbox, now)})`);
      if (signature) parts.push(sql`sig as (${signatureInsert(sql, signature)})`);
      const extra = parts.reduce((acc, p) => sql`${acc}, ${p}`, sql``);
      await sql`
        with ev as (
          insert into auction_events (auction_id, seq, type, data, at, bidder_id, prev_hash, hash)
          select e.a, e.s, e.d->>'type', e.d, to_timestamp((e.d->>'at')::bigint / 1000.0),
            case when e.d->>'type' = 'bid_placed' then (e.d->>'bidderId')::uuid end, e.p, e.h
          from jsonb_to_recordset(${e.json}::text::jsonb) as e(a uuid, s bigint, d jsonb, p text, h text))
        ${extra}
        select 1`;
    }
    return { conflicts: await checking };
  }

  private async checkVersions(db: Sql | Tx, checks: VersionCheck[]): Promise<Set<string>> {
    const conflicts = new Set<string>();
    if (checks.length === 0) return conflicts;
    const rows = await db<{ id: string; version: number }[]>`
      select c.id, coalesce((select max(e.seq) from auction_events e where e.auction_id = c.id), 0) as version
      from unnest(${checks.map((c) => c.id)}::uuid[]) as c(id)`;
    const current = new Map(rows.map((r) => [r.id, Number(r.version)]));
    for (const c of checks) if (current.get(c.id) !== c.version) conflicts.add(c.id);
    return conflicts;
  }

  /** Writes snapshots (state + listing columns); never moves a snapshot backwards. */
  async writeSnapshots(states: AuctionState[], db: Tx | Sql = this.sql): Promise<number> {
    if (states.length === 0) return 0;
    const r = await this.snapshotUpdate(db, states);
    return r.count;
  }

  private snapshotUpdate(db: Tx | Sql, states: AuctionState[]) {
    const c = states.map(cols);
    return db`
      update auctions a set
        version = w.version, state = w.state::jsonb, status = w.status, current_price = w.price,
        bid_count = w.bid_count, starts_at = to_timestamp(w.starts / 1000.0), ends_at = to_timestamp(w.ends / 1000.0),
        winner_id = w.winner, final_price = w.final, outcome = w.outcome,
        closed_at = case when w.status in ('closed', 'cancelled') and a.closed_at is null then now() else a.closed_at end
      from unnest(${states.map((s) => s.id)}::uuid[], ${states.map((s) => s.seq)}::bigint[], ${states.map((s) => JSON.stringify(s))}::text[],
                  ${c.map((x) => x.status)}::text[], ${c.map((x) => x.current_price)}::bigint[], ${c.map((x) => x.bid_count)}::int[],
                  ${c.map((x) => x.starts_at)}::bigint[], ${c.map((x) => x.ends_at)}::bigint[], ${c.map((x) => x.winner_id)}::uuid[],
                  ${c.map((x) => x.final_price)}::bigint[], ${c.map((x) => x.outcome)}::text[])
        as w(id, version, state, status, price, bid_count, starts, ends, winner, final, outcome)
      where a.id = w.id and a.version < w.version`;
  }

  /**
   * Moves only the listing columns (price, bid count) of auctions whose full snapshot
   * is written less often; display data, so last writer wins.
   */
  async writeListingColumns(states: AuctionState[]): Promise<void> {
    if (states.length === 0) return;
    await this.sql`
      update auctions a set current_price = w.price, bid_count = w.bid_count
      from unnest(${states.map((s) => s.id)}::uuid[], ${states.map((s) => s.currentPrice)}::bigint[], ${states.map((s) => s.bidCount)}::int[])
        as w(id, price, bid_count)
      where a.id = w.id and a.status = 'active'`;
  }

  /** Open auctions whose snapshot lags their log (after a crash), to re-snapshot at start-up. */
  async laggingOpenAuctions(limit: number): Promise<string[]> {
    const rows = await this.sql<{ id: string }[]>`
      select a.id from auctions a
      where a.status in ('scheduled', 'active')
        and exists (select 1 from auction_events e where e.auction_id = a.id and e.seq > a.version)
      limit ${limit}`;
    return rows.map((r) => r.id);
  }

  private async writeIdempotency(tx: Tx, writes: AggregateWrite<AuctionState, AuctionEvent>[]): Promise<Set<string>> {
    const { users, keys, hashes, bodies } = idempotencyColumns(writes);
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

  /** The leader after the last price change before each point of the log (null where none), in the points' order. */
  async leadersBefore(points: { auctionId: string; seq: number }[]): Promise<(string | null)[]> {
    if (points.length === 0) return [];
    const rows = await this.sql<{ i: number; leader: string | null }[]>`
      select x.i, (select e.data->>'leaderId' from auction_events e
                   where e.auction_id = x.id and e.seq < x.seq and e.type = 'price_changed'
                   order by e.seq desc limit 1) as leader
      from unnest(${points.map((p) => p.auctionId)}::uuid[], ${points.map((p) => p.seq)}::bigint[],
                  ${points.map((_, i) => i)}::int[]) as x(id, seq, i)`;
    const byIndex = new Map(rows.map((r) => [r.i, r.leader]));
    return points.map((_, i) => byIndex.get(i) ?? null);
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

  /** Pauses a seller's open listings in the caller's transaction (suspension); returns their ids. */
  async pauseListingsOf(tx: Tx, sellerId: string, now: Date): Promise<string[]> {
    const rows = await tx<{ id: string }[]>`
      update auctions set paused_at = ${now} where seller_id = ${sellerId} and status in ('scheduled', 'active') and paused_at is null
      returning id`;
    return rows.map((r) => r.id);
  }

  /** Lifts the pause of a seller's listings in the caller's transaction; returns each with when it was paused. */
  async unpauseListingsOf(tx: Tx, sellerId: string): Promise<{ id: string; pausedAt: number }[]> {
    const rows = await tx<{ id: string; paused_at: Date }[]>`
      update auctions a set paused_at = null from (select id, paused_at from auctions where seller_id = ${sellerId} and paused_at is not null for update) p
      where a.id = p.id returning a.id, p.paused_at`;
    return rows.map((r) => ({ id: r.id, pausedAt: r.paused_at.getTime() }));
  }

  /** The seller's listings still open (a ban cancels them). */
  async openListingsOf(sellerId: string): Promise<string[]> {
    const rows = await this.sql<{ id: string }[]>`select id from auctions where seller_id = ${sellerId} and status in ('scheduled', 'active')`;
    return rows.map((r) => r.id);
  }

  /** How many users watch the auction (kept by a trigger on the watchlist). */
  async watcherCount(id: string): Promise<number> {
    const rows = await this.sql<{ n: number }[]>`select watcher_count as n from auctions where id = ${id}`;
    return rows[0]?.n ?? 0;
  }

  async aliasSecret(): Promise<string> {
    const rows = await this.sql<{ value: string }[]>`select value from system_settings where key = 'alias_secret'`;
    return rows[0]?.value ?? 'gavel';
  }
}

/** Writes whose events change the schedule or status: their snapshot is written in the same transaction. */
const isStructural = (w: AggregateWrite<AuctionState, AuctionEvent>) =>
  w.events.some((e) => e.type !== 'bid_placed' && e.type !== 'price_changed');

/**
 * The events of a batch as ONE JSON document (PostgreSQL parses it with
 * jsonb_to_recordset): serialized once, with no per-element array escaping.
 */
function eventArrays(writes: AggregateWrite<AuctionState, AuctionEvent>[]) {
  const rows: { a: string; s: number; d: AuctionEvent; p: string | null; h: string | null }[] = [];
  const ids: string[] = [];
  for (const w of writes) {
    for (const [i, ev] of w.events.entries()) {
      const link = w.links?.[i] ?? null;
      rows.push({ a: w.id, s: ev.seq, d: ev, p: link?.prev ?? null, h: link?.hash ?? null });
      ids.push(w.id);
    }
  }
  return { ids, json: JSON.stringify(rows) };
}


/** The insert of a batch's signature row (a statement, or a CTE of the single-statement commit). */
function signatureInsert(db: Sql | Tx, s: BatchSignature) {
  return db`
    insert into transcript_signatures (kid, signed_at, heads, auction_ids, signature)
    values (${s.kid}, ${new Date(s.signedAt)}, ${JSON.stringify(s.heads)}::text::jsonb, ${s.heads.map((h) => h.auctionId)}::uuid[], ${s.signature})`;
}
