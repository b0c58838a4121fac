import type { OutboxMessage, OutboxWorker } from '../../engine/outbox.js';
import type { Clock } from '../../platform/clock.js';
import type { Sql } from '../../platform/db.js';
import type { AuctionService, domain } from '../auctions/index.js';
import type { Mailer } from './mailer.js';
import { EMAIL_TOPIC, type NotificationRequest, type NotificationService } from './notification.service.js';
import { ENDING_SOON_TOPIC, type WatchlistService } from './watchlist.service.js';

type AuctionEvent = domain.AuctionEvent;
type AuctionState = domain.AuctionState;

export const LEADER_TOPIC = 'notify.leader_changed';
export const CLOSED_TOPIC = 'notify.auction_closed';

interface LeaderPayload {
  auctionId: string;
  changes: { seq: number; leaderId: string; price: number }[];
}
interface ClosedPayload {
  auctionId: string;
  sellerId: string;
  outcome: 'sold' | 'reserve_not_met' | 'no_bids';
  winnerId: string | null;
  price: number | null;
  currency: string;
  bidderIds: string[];
}

/**
 * Turns committed auction events into outbox messages, in the bid's own
 * transaction (so a crash cannot lose an "outbid" or "won"). Kept small: one row
 * when the leader may have changed, one when the auction closed; the handlers do
 * the rest outside the bid path.
 */
export function auctionNotificationRule(auctionId: string, events: AuctionEvent[], state: AuctionState): OutboxMessage[] {
  const out: OutboxMessage[] = [];
  // A leader change happens only through a bid by the new leader (a proxy bid defends the old one).
  const bidders = new Set(events.flatMap((e) => (e.type === 'bid_placed' && e.kind !== 'proxy' ? [e.bidderId] : [])));
  const changes = events.flatMap((e) =>
    e.type === 'price_changed' && bidders.has(e.leaderId) ? [{ seq: e.seq, leaderId: e.leaderId, price: e.price }] : [],
  );
  if (changes.length > 0) {
    out.push({
      topic: LEADER_TOPIC,
      payload: { auctionId, changes } satisfies LeaderPayload,
      dedupeKey: `leader:${auctionId}:${changes[0]?.seq}`,
    });
  }
  for (const e of events) {
    if (e.type !== 'closed') continue;
    const payload: ClosedPayload = {
      auctionId,
      sellerId: state.sellerId,
      outcome: e.result.outcome,
      winnerId: e.result.winnerId,
      price: e.result.price,
      currency: state.currency,
      bidderIds: e.result.ranking.map((r) => r.bidderId),
    };
    out.push({ topic: CLOSED_TOPIC, payload, dedupeKey: `closed:${auctionId}` });
  }
  return out;
}

const money = (amount: number | null, currency: string) => (amount === null ? '-' : `${(amount / 100).toFixed(2)} ${currency}`);

/** Registers the notification workers on the outbox: email delivery and the auction notices. */
export function registerNotificationWorkflows(deps: {
  outbox: OutboxWorker;
  sql: Sql;
  clock: Clock;
  notifications: NotificationService;
  watchlist: WatchlistService;
  auctions: AuctionService;
  mailer: Mailer;
  endingSoonLeadSeconds: number;
}): void {
  const { outbox, sql, clock, notifications, auctions, mailer } = deps;

  outbox.register(EMAIL_TOPIC, async (payload) => {
    const { emailId } = payload as { emailId: string };
    const [m] = await sql<{ id: string; to_address: string; subject: string; body_text: string; status: string }[]>`
      update email_messages set attempts = attempts + 1 where id = ${emailId} returning id, to_address, subject, body_text, status`;
    if (!m || m.status === 'sent') return undefined;
    try {
      await mailer.send({ id: m.id, to: m.to_address, subject: m.subject, text: m.body_text });
    } catch (err) {
      await sql`update email_messages set last_error = ${String((err as Error).message).slice(0, 500)} where id = ${m.id}`;
      throw err;
    }
    await sql`update email_messages set status = 'sent', sent_at = ${new Date(clock.now())}, last_error = null where id = ${m.id}`;
    return undefined;
  });

  // Set-based: a burst of bids across many auctions becomes a handful of statements.
  outbox.registerBatch(LEADER_TOPIC, async (messages) => {
    const payloads = messages
      .map((m) => m.payload as LeaderPayload)
      .filter((p) => p.changes.length > 0)
      .sort((a, b) => a.changes[0]!.seq - b.changes[0]!.seq);
    if (payloads.length === 0) return;
    // The leader before each message's first change, from the auctions module's event log (read-only).
    const prevRows = await sql<{ i: number; leader: string | null }[]>`
      select x.i, (select e.data->>'leaderId' from auction_events e
                   where e.auction_id = x.id and e.seq < x.seq and e.type = 'price_changed'
                   order by e.seq desc limit 1) as leader
      from unnest(${payloads.map((p) => p.auctionId)}::uuid[], ${payloads.map((p) => p.changes[0]!.seq)}::bigint[],
                  ${payloads.map((_, i) => i)}::int[]) as x(id, seq, i)`;
    const prev = new Map(prevRows.map((r) => [r.i, r.leader]));
    const recs = new Map((await auctions.repo.getMany([...new Set(payloads.map((p) => p.auctionId))])).map((r) => [r.id, r]));
    // One notice per outbid user and auction in this burst: the latest price.
    const latest = new Map<string, NotificationRequest>();
    payloads.forEach((p, i) => {
      const rec = recs.get(p.auctionId);
      if (!rec) return;
      const currency = rec.state.currency;
      let leader = prev.get(i) ?? null;
      for (const c of p.changes) {
        if (leader !== null && leader !== c.leaderId) {
          latest.set(`${leader}:${p.auctionId}`, {
            userId: leader,
            kind: 'outbid',
            title: `You were outbid on "${rec.title}"`,
            body: `The price is now ${money(c.price, currency)}. Bid again before ${new Date(rec.state.endsAt).toISOString()}.`,
            data: { auctionId: p.auctionId, seq: c.seq, price: c.price, currency },
            dedupeKey: `outbid:${p.auctionId}:${c.seq}`,
          });
        }
        leader = c.leaderId;
      }
    });
    // A user who has not yet read their "outbid" notice for an auction is not told
    // again (no new notice, no new email, no spam in a bidding war): the unread notice
    // is brought up to date with the latest price instead.
    const reqs = [...latest.values()];
    const unread =
      reqs.length === 0
        ? []
        : await sql<{ id: string; user_id: string; auction_id: string }[]>`
            select n.id, n.user_id, n.data->>'auctionId' as auction_id from notifications n
            join unnest(${reqs.map((r) => r.userId)}::uuid[], ${reqs.map((r) => String(r.data?.auctionId))}::text[]) as x(u, a)
              on n.user_id = x.u and n.data->>'auctionId' = x.a
            where n.kind = 'outbid' and n.read_at is null`;
    const open = new Map(unread.map((u) => [`${u.user_id}:${u.auction_id}`, u.id]));
    const fresh = reqs.filter((r) => !open.has(`${r.userId}:${String(r.data?.auctionId)}`));
    const stale = reqs.filter((r) => open.has(`${r.userId}:${String(r.data?.auctionId)}`));
    if (stale.length > 0) {
      await sql`
        update notifications n set title = x.t, body = x.b, data = x.d::jsonb
        from unnest(${stale.map((r) => open.get(`${r.userId}:${String(r.data?.auctionId)}`)!)}::uuid[], ${stale.map((r) => r.title)}::text[],
                    ${stale.map((r) => r.body ?? '')}::text[], ${stale.map((r) => JSON.stringify(r.data ?? {}))}::text[]) as x(id, t, b, d)
        where n.id = x.id`;
    }
    await notifications.notify(fresh);
  });

  outbox.register(CLOSED_TOPIC, async (payload) => {
    const p = payload as ClosedPayload;
    const view = await auctions.get(p.auctionId, null);
    const data = { auctionId: p.auctionId, outcome: p.outcome, price: p.price, currency: p.currency };
    const key = (kind: string) => `${kind}:${p.auctionId}`;
    const reqs = [];
    if (p.outcome === 'sold' && p.winnerId) {
      reqs.push({
        userId: p.winnerId,
        kind: 'won',
        title: `You won "${view.title}"`,
        body: `Your winning price: ${money(p.price, p.currency)}.`,
        data,
        dedupeKey: key('won'),
      });
      reqs.push({
        userId: p.sellerId,
        kind: 'sold',
        title: `"${view.title}" sold`,
        body: `Sold for ${money(p.price, p.currency)}.`,
        data,
        dedupeKey: key('sold'),
      });
    } else {
      reqs.push({
        userId: p.sellerId,
        kind: 'unsold',
        title: `"${view.title}" ended unsold`,
        body: p.outcome === 'no_bids' ? 'There were no bids.' : 'The reserve price was not met.',
        data,
        dedupeKey: key('unsold'),
      });
    }
    for (const b of new Set(p.bidderIds)) {
      if (b === p.winnerId) continue;
      reqs.push({
        userId: b,
        kind: 'lost',
        title: `"${view.title}" ended; you did not win`,
        body: p.outcome === 'sold' ? `It sold for ${money(p.price, p.currency)}.` : 'It ended without a sale.',
        data,
        dedupeKey: key('lost'),
      });
    }
    await notifications.notify(reqs);
    return undefined;
  });

  outbox.register(ENDING_SOON_TOPIC, async (payload) => {
    const { auctionId } = payload as { auctionId: string };
    const view = await auctions.get(auctionId, null).catch(() => null);
    if (!view || (view.status !== 'active' && view.status !== 'scheduled')) return undefined;
    const now = clock.now();
    const endsAt = Date.parse(view.endsAt);
    if (now >= endsAt) return undefined;
    const due = endsAt - deps.endingSoonLeadSeconds * 1000;
    // Extended since it was armed (or armed early): wait until it is really due.
    if (due > now + 1000) return { retryAt: due };
    const watchers = await deps.watchlist.watchers(auctionId);
    await notifications.notify(
      watchers.map((userId) => ({
        userId,
        kind: 'ending_soon',
        title: `"${view.title}" ends soon`,
        body: `It ends at ${view.endsAt}; the price is ${money(view.currentPrice, view.currency)}.`,
        data: { auctionId, endsAt: view.endsAt, price: view.currentPrice, currency: view.currency },
        dedupeKey: `ending_soon:${auctionId}`,
      })),
    );
    return undefined;
  });
}
