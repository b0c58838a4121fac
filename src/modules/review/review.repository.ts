import type { Sql, Tx } from '../../platform/db.js';
import type { BlacklistKind, CaseResolution, CaseStatus, GraphAuction, GraphEdge, Standing } from '../../shared/api/review.js';

/** A stored risk case (rows never leave the module: the presenter builds the wire shape). */
export interface CaseRecord {
  id: string;
  status: CaseStatus;
  kind: string;
  subjectId: string;
  subjectName: string;
  auctionId: string | null;
  score: number;
  signals: Record<string, unknown>;
  resolution: CaseResolution | null;
  openedAt: Date;
  updatedAt: Date;
  /** Keyset position: opened_at in epoch microseconds. */
  cursorTs: string;
}

/** An account as the evidence graph shows it. */
export interface AccountRecord {
  id: string;
  displayName: string;
  email: string;
  createdAt: Date;
  standing: Standing;
  standingReason: string | null;
  suspendedAt: Date | null;
  bannedAt: Date | null;
  isAdmin: boolean;
}

/** A stored blacklist entry. */
export interface BlacklistRecord {
  id: string;
  kind: BlacklistKind;
  value: string;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
}

interface CaseRow {
  id: string;
  status: CaseStatus;
  kind: string;
  subject_user_id: string;
  display_name: string;
  auction_id: string | null;
  score: number;
  signals: Record<string, unknown>;
  resolution: CaseResolution | null;
  opened_at: Date;
  updated_at: Date;
  cursor_ts: string;
}

const toCase = (r: CaseRow): CaseRecord => ({
  id: r.id,
  status: r.status,
  kind: r.kind,
  subjectId: r.subject_user_id,
  subjectName: r.display_name,
  auctionId: r.auction_id,
  score: r.score,
  signals: r.signals,
  resolution: r.resolution,
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
  cursorTs: r.cursor_ts,
});

interface BlacklistRow {
  id: string;
  kind: BlacklistKind;
  value: string;
  reason: string;
  created_by: string | null;
  created_at: Date;
  expires_at: Date | null;
}

const toEntry = (r: BlacklistRow): BlacklistRecord => ({
  id: r.id,
  kind: r.kind,
  value: r.value,
  reason: r.reason,
  createdBy: r.created_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** Cases, links, blacklist and the accounts they name, in PostgreSQL. */
export class ReviewRepository {
  constructor(private readonly sql: Sql) {}

  /** Newest first, keyset-paged on (opened_at, id) (the risk_cases_status_idx order). */
  async listCases(q: { status: CaseStatus | null; limit: number; after: { createdAt: string; id: string } | null }): Promise<CaseRecord[]> {
    const s = this.sql;
    const rows = await s<CaseRow[]>`
      select c.*, u.display_name, (extract(epoch from c.opened_at) * 1000000)::bigint::text as cursor_ts
      from risk_cases c join users u on u.id = c.subject_user_id
      where ${q.status ? s`c.status = ${q.status}` : s`true`}
        ${q.after ? s`and (c.opened_at, c.id) < (to_timestamp(${q.after.createdAt}::numeric / 1000000), ${q.after.id}::uuid)` : s``}
      order by c.opened_at desc, c.id desc limit ${q.limit}`;
    return rows.map(toCase);
  }

  async getCase(id: string, db: Sql | Tx = this.sql, forUpdate = false): Promise<CaseRecord | null> {
    const rows = await db<CaseRow[]>`
      select c.*, u.display_name, (extract(epoch from c.opened_at) * 1000000)::bigint::text as cursor_ts
      from risk_cases c join users u on u.id = c.subject_user_id where c.id = ${id} ${forUpdate ? db`for update of c` : db``}`;
    return rows[0] ? toCase(rows[0]) : null;
  }

  /** Records the case's resolution (latest action) in the caller's transaction. */
  async resolve(tx: Tx, id: string, status: CaseStatus, r: CaseResolution, now: Date): Promise<void> {
    await tx`update risk_cases set status = ${status}, resolution = ${tx.json(r as never)}, resolved_by = ${r.byAdminId},
      resolved_at = ${now}, updated_at = ${now} where id = ${id}`;
  }

  async accounts(ids: readonly string[], db: Sql | Tx = this.sql): Promise<AccountRecord[]> {
    if (ids.length === 0) return [];
    const rows = await db<
      { id: string; display_name: string; email: string; created_at: Date; suspended_at: Date | null; banned_at: Date | null; standing_reason: string | null; roles: string[] }[]
    >`select id, display_name, email, created_at, suspended_at, banned_at, standing_reason, roles from users where id = any(${[...ids]}::uuid[])`;
    return rows.map((r) => ({
      id: r.id,
      displayName: r.display_name,
      email: r.email,
      createdAt: r.created_at,
      standing: r.banned_at ? 'banned' : r.suspended_at ? 'suspended' : 'ok',
      standingReason: r.standing_reason,
      suspendedAt: r.suspended_at,
      bannedAt: r.banned_at,
      isAdmin: r.roles.includes('admin'),
    }));
  }

  /** Bids in the last 90 days and auctions listed, for the subject's summary. */
  async activity(userId: string, now: Date): Promise<{ bidCount: number; auctionCount: number }> {
    const since = new Date(now.getTime() - 90 * 86_400_000);
    const [r] = await this.sql<{ bids: number; auctions: number }[]>`
      select (select count(*)::int from auction_events where bidder_id = ${userId} and type = 'bid_placed' and at >= ${since}) as bids,
             (select count(*)::int from auctions where seller_id = ${userId}) as auctions`;
    return { bidCount: r?.bids ?? 0, auctionCount: r?.auctions ?? 0 };
  }

  /** Accounts one link away from any of `ids` (at most `limit`). */
  async neighbours(ids: readonly string[], limit: number): Promise<string[]> {
    const rows = await this.sql<{ id: string }[]>`
      select distinct case when user_a = any(${[...ids]}::uuid[]) then user_b else user_a end as id
      from risk_links where user_a = any(${[...ids]}::uuid[]) or user_b = any(${[...ids]}::uuid[]) limit ${limit}`;
    return rows.map((r) => r.id);
  }

  /** Links among `ids`, one edge per pair and kind of identifier. */
  async edges(ids: readonly string[]): Promise<GraphEdge[]> {
    const rows = await this.sql<{ a: string; b: string; via: GraphEdge['via']; n: number; first: Date; last: Date }[]>`
      select user_a as a, user_b as b, via, count(*)::int as n, min(first_seen) as first, max(last_seen) as last
      from risk_links where user_a = any(${[...ids]}::uuid[]) and user_b = any(${[...ids]}::uuid[])
      group by user_a, user_b, via order by user_a, user_b, via`;
    return rows.map((r) => ({ a: r.a, b: r.b, via: r.via, count: r.n, firstSeen: r.first.toISOString(), lastSeen: r.last.toISOString() }));
  }

  /** Auctions sold by one of `ids` on which others of `ids` bid (the auction_events bidder index), newest activity first. */
  async sharedAuctions(ids: readonly string[], limit: number): Promise<GraphAuction[]> {
    const rows = await this.sql<
      { id: string; title: string; seller_id: string; status: string; currency: string; current_price: string | null; bidders: string[] }[]
    >`select a.id, a.title, a.seller_id, a.status, a.currency, a.current_price, array_agg(distinct e.bidder_id::text) as bidders
      from auction_events e join auctions a on a.id = e.auction_id
      where e.bidder_id = any(${[...ids]}::uuid[]) and e.type = 'bid_placed' and a.seller_id = any(${[...ids]}::uuid[])
      group by a.id order by max(e.at) desc limit ${limit}`;
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      sellerId: r.seller_id,
      status: r.status,
      currency: r.currency,
      currentPrice: r.current_price === null ? null : Number(r.current_price),
      bidderIds: r.bidders,
    }));
  }

  /** The seller of an auction, or null. */
  async sellerOf(auctionId: string): Promise<string | null> {
    const rows = await this.sql<{ seller_id: string }[]>`select seller_id from auctions where id = ${auctionId}`;
    return rows[0]?.seller_id ?? null;
  }

  /** Identifiers the account was seen with (risk_signals), for a ban's blacklist. */
  async knownIdentifiers(tx: Tx, userId: string): Promise<{ kind: BlacklistKind; value: string }[]> {
    const rows = await tx<{ kind: BlacklistKind; value: string }[]>`
      select distinct x.kind, x.value from risk_signals s
      cross join lateral (values ('device', s.device_id), ('card', s.card_fingerprint), ('ip_range', s.ip_prefix)) as x(kind, value)
      where s.user_id = ${userId} and x.value is not null
      order by x.kind, x.value limit 200`;
    return rows;
  }

  // ------------------------------------------------------------------ blacklist

  /** Adds or renews an identifier (one row per kind and value: the newest reason and expiry win). */
  async upsertBlacklist(tx: Tx, e: BlacklistRecord): Promise<BlacklistRecord> {
    const rows = await tx<BlacklistRow[]>`
      insert into blacklist (id, kind, value, reason, created_by, created_at, expires_at)
      values (${e.id}, ${e.kind}, ${e.value}, ${e.reason}, ${e.createdBy}, ${e.createdAt}, ${e.expiresAt})
      on conflict (kind, value) do update set reason = excluded.reason, created_by = excluded.created_by,
        created_at = excluded.created_at, expires_at = excluded.expires_at
      returning *`;
    return toEntry(rows[0] as BlacklistRow);
  }

  async removeBlacklist(tx: Tx, id: string): Promise<BlacklistRecord | null> {
    const rows = await tx<BlacklistRow[]>`delete from blacklist where id = ${id} returning *`;
    return rows[0] ? toEntry(rows[0]) : null;
  }

  /** Newest first, keyset-paged on (created_at, id). */
  async listBlacklist(q: {
    kind: BlacklistKind | null;
    includeExpired: boolean;
    now: Date;
    limit: number;
    after: { createdAt: string; id: string } | null;
  }): Promise<(BlacklistRecord & { cursorTs: string })[]> {
    const s = this.sql;
    const rows = await s<(BlacklistRow & { cursor_ts: string })[]>`
      select *, (extract(epoch from created_at) * 1000000)::bigint::text as cursor_ts from blacklist
      where ${q.kind ? s`kind = ${q.kind}` : s`true`}
        ${q.includeExpired ? s`` : s`and (expires_at is null or expires_at > ${q.now})`}
        ${q.after ? s`and (created_at, id) < (to_timestamp(${q.after.createdAt}::numeric / 1000000), ${q.after.id}::uuid)` : s``}
      order by created_at desc, id desc limit ${q.limit}`;
    return rows.map((r) => ({ ...toEntry(r), cursorTs: r.cursor_ts }));
  }

  /** Entries in force at `now` (for the in-memory matcher). */
  async activeBlacklist(now: Date): Promise<BlacklistRecord[]> {
    const rows = await this.sql<BlacklistRow[]>`select * from blacklist where expires_at is null or expires_at > ${now} limit 100000`;
    return rows.map(toEntry);
  }

  /** Accounts suspended or banned now (the bid guard's in-memory set of paused sellers). */
  async suspendedUsers(): Promise<string[]> {
    const rows = await this.sql<{ id: string }[]>`select id from users where suspended_at is not null or banned_at is not null`;
    return rows.map((r) => r.id);
  }
}
