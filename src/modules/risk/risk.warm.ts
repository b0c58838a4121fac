import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { Logger } from '../../platform/logger.js';
import type { RiskEvent, RiskState } from './domain/features.js';
import type { UserDirectory } from './risk.users.js';

const WARM_DAYS = 7;
const MAX_SIGNALS = 200_000;
const MAX_EVENTS = 500_000;

interface EventRow {
  auction_id: string;
  type: 'bid_placed' | 'closed';
  data: Record<string, unknown>;
  at: Date;
  seller_id: string;
  category_id: string | null;
  starts_at: Date;
  ends_at: Date;
  reserve: number | null;
}

function toEvent(r: EventRow): RiskEvent | null {
  const d = r.data;
  if (r.type === 'bid_placed' && typeof d.bidderId === 'string') {
    return { type: 'bid', at: r.at.getTime(), bidderId: d.bidderId, amount: Number(d.amount), maxAmount: Number(d.maxAmount), manual: d.kind !== 'proxy' };
  }
  if (r.type === 'closed') {
    const res = (d.result ?? {}) as { winnerId?: string | null; price?: number | null; ranking?: { bidderId: string; amount: number }[] };
    return { type: 'closed', at: r.at.getTime(), winnerId: res.winnerId ?? null, price: res.price ?? null, ranking: res.ranking ?? [] };
  }
  return null;
}

/**
 * Warms the in-memory features at start-up from the last week of signals (who uses which
 * network and device) and committed bids and closes, so a restart does not forget a ring.
 */
export async function warmRisk(sql: Sql, clock: Clock, state: RiskState, users: UserDirectory, log: Logger): Promise<void> {
  const since = new Date(clock.now() - WARM_DAYS * 86_400_000);
  const signals = await sql<{ user_id: string; ip: string | null; ip_prefix: string | null; device_id: string | null; card_fingerprint: string | null }[]>`
    select user_id, ip, ip_prefix, device_id, card_fingerprint from risk_signals
    where at > ${since} and user_id is not null order by at limit ${MAX_SIGNALS}`;
  for (const s of signals) {
    state.noteIdentity(s.user_id, s.ip_prefix, s.device_id);
    if (s.ip) state.noteIp(s.user_id, s.ip);
    if (s.card_fingerprint) state.noteCards(s.user_id, [s.card_fingerprint]);
  }
  const events = await sql<EventRow[]>`
    select e.auction_id, e.type, e.data, e.at, a.seller_id, a.category_id, a.starts_at, a.ends_at,
           (a.state->>'reservePrice')::bigint as reserve
    from auction_events e join auctions a on a.id = e.auction_id
    where e.at > ${since} and e.type in ('bid_placed', 'closed') order by e.at, e.auction_id, e.seq limit ${MAX_EVENTS}`;
  for (const r of events) {
    const e = toEvent(r);
    if (!e) continue;
    const facts = { sellerId: r.seller_id, startsAt: r.starts_at.getTime(), endsAt: r.ends_at.getTime(), reservePrice: r.reserve === null ? null : Number(r.reserve) };
    state.committed(r.auction_id, facts, r.category_id, [e]);
  }
  const recent = [...new Set(signals.map((s) => s.user_id))].slice(-5_000);
  for (let i = 0; i < recent.length; i += 1000) {
    for (const [id, f] of await users.load(recent.slice(i, i + 1000))) state.noteCards(id, f.cards);
  }
  if (signals.length + events.length > 0) log.info({ signals: signals.length, events: events.length }, 'risk features warmed');
}
