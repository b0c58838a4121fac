import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { IdGenerator } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import { type CaseUpsert, upsertCases } from './risk.cases.js';
import { deleteOldSignals } from './risk.signals.js';

/** An edge of the evidence graph: two accounts sharing an identifier. */
export interface Link {
  userA: string;
  userB: string;
  via: 'ip_prefix' | 'device' | 'card';
}

/** Who bid on a seller's auctions: bidder, how many auctions, which, and how many bids and wins. */
export interface Participation {
  sellerId: string;
  bidderId: string;
  auctions: string[];
  bids: number;
  wins: number;
}

/** A ring found around a seller: the accounts tied to the seller by devices or cards. */
export interface Ring {
  sellerId: string;
  members: string[];
  links: Link[];
  participation: Participation[];
}

const STRONG: ReadonlySet<Link['via']> = new Set(['device', 'card']);
// Identifiers shared by more accounts than this are a café, a campus or a carrier NAT, not a ring.
const MAX_SHARERS = 25;
const LOCK = 0x7269_736b; // "risk"

/**
 * Connected components around each seller over device and card links, among the accounts
 * that bid on the seller's auctions. IP-prefix links are kept as evidence but never join a
 * ring by themselves: a whole office shares one prefix.
 */
export function findRings(links: readonly Link[], participation: readonly Participation[]): Ring[] {
  const bySeller = new Map<string, Participation[]>();
  for (const p of participation) bySeller.set(p.sellerId, [...(bySeller.get(p.sellerId) ?? []), p]);
  const rings: Ring[] = [];
  for (const [sellerId, parts] of bySeller) {
    const nodes = new Set([sellerId, ...parts.map((p) => p.bidderId)]);
    const inside = links.filter((l) => nodes.has(l.userA) && nodes.has(l.userB));
    const comp = new Set([sellerId]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const l of inside) {
        if (!STRONG.has(l.via)) continue;
        const [a, b] = [comp.has(l.userA), comp.has(l.userB)];
        if (a !== b) {
          comp.add(a ? l.userB : l.userA);
          grew = true;
        }
      }
    }
    comp.delete(sellerId);
    if (comp.size === 0) continue;
    const members = [...comp].sort();
    const all = new Set([sellerId, ...members]);
    rings.push({
      sellerId,
      members,
      links: inside.filter((l) => all.has(l.userA) && all.has(l.userB)),
      participation: parts.filter((p) => comp.has(p.bidderId)),
    });
  }
  return rings;
}

/** The review cases a ring opens: `shill` on the seller, `linked_accounts` on each member. */
export function ringCases(r: Ring): CaseUpsert[] {
  const evidence = { sellerId: r.sellerId, members: r.members, links: r.links, participation: r.participation };
  const score = Math.min(100, 50 + 10 * r.members.length);
  return [
    { subjectUserId: r.sellerId, kind: 'shill', auctionId: null, score, signals: evidence },
    ...r.members.map((m) => ({
      subjectUserId: m,
      kind: 'linked_accounts',
      auctionId: null,
      score,
      signals: { ...evidence, links: r.links.filter((l) => l.userA === m || l.userB === m) },
    })),
  ];
}

/**
 * The deeper analysis, off the bid path: a periodic job over committed signals and bids
 * (one instance per run, under an advisory lock) links accounts, finds rings, opens cases,
 * and deletes signals past the retention window.
 */
export class RiskAnalysis {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: { sql: Sql; clock: Clock; ids: IdGenerator; log: Logger; intervalMs: number; windowDays: number; retentionDays: number }) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running = this.runOnce().catch((err: unknown) => this.deps.log.error({ err }, 'risk analysis failed'));
    }, this.deps.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; returns the rings found (empty when another instance holds the lock). */
  async runOnce(): Promise<Ring[]> {
    const { sql, clock } = this.deps;
    const now = clock.now();
    const since = new Date(now - this.deps.windowDays * 86_400_000);
    const rings = await sql.begin(async (tx) => {
      const [lock] = await tx<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(${LOCK}) as ok`;
      if (!lock?.ok) return null;
      await this.linkAccounts(tx as unknown as Sql, since, new Date(now));
      const found = findRings(await this.links(tx as unknown as Sql, since), await this.participation(tx as unknown as Sql, since));
      await upsertCases(tx as unknown as Sql, this.deps.ids, found.flatMap(ringCases), now);
      return found;
    });
    await deleteOldSignals(sql, now, this.deps.retentionDays);
    return rings ?? [];
  }

  /** Accounts that used the same device, card or network in the window become linked (value hashed). */
  private async linkAccounts(sql: Sql, since: Date, now: Date): Promise<void> {
    await sql`
      with s as (
        select distinct user_id, 'device' as via, device_id as v from risk_signals where at > ${since} and user_id is not null and device_id is not null
        union select distinct user_id, 'card', card_fingerprint from risk_signals where at > ${since} and user_id is not null and card_fingerprint is not null
        union select distinct user_id, 'ip_prefix', ip_prefix from risk_signals where at > ${since} and user_id is not null and ip_prefix is not null
      ), shared as (select via, v from s group by via, v having count(*) between 2 and ${MAX_SHARERS})
      insert into risk_links (user_a, user_b, via, value_hash, first_seen, last_seen)
      select a.user_id, b.user_id, a.via, encode(sha256(convert_to(a.v, 'UTF8')), 'hex'), ${now}, ${now}
      from s a join s b on a.via = b.via and a.v = b.v and a.user_id < b.user_id
      join shared on shared.via = a.via and shared.v = a.v
      on conflict (user_a, user_b, via, value_hash) do update set last_seen = excluded.last_seen`;
  }

  private async links(sql: Sql, since: Date): Promise<Link[]> {
    const rows = await sql<{ user_a: string; user_b: string; via: Link['via'] }[]>`
      select distinct user_a, user_b, via from risk_links where last_seen > ${since} limit 100000`;
    return rows.map((r) => ({ userA: r.user_a, userB: r.user_b, via: r.via }));
  }

  /** Bids on each seller's auctions in the window, only for bidders that have any link at all. */
  private async participation(sql: Sql, since: Date): Promise<Participation[]> {
    const rows = await sql<{ seller_id: string; bidder_id: string; auctions: string[]; bids: number; wins: number }[]>`
      select a.seller_id, e.bidder_id, (array_agg(distinct a.id))[1:50]::text[] as auctions, count(*)::int as bids,
             count(distinct a.id) filter (where a.winner_id = e.bidder_id)::int as wins
      from auction_events e join auctions a on a.id = e.auction_id
      where e.type = 'bid_placed' and e.at > ${since} and e.bidder_id is not null
        and exists (select 1 from risk_links l where l.user_a = e.bidder_id or l.user_b = e.bidder_id)
      group by a.seller_id, e.bidder_id
      limit 100000`;
    return rows.map((r) => ({ sellerId: r.seller_id, bidderId: r.bidder_id, auctions: r.auctions, bids: r.bids, wins: r.wins }));
  }
}
