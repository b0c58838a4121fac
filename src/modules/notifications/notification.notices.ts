import { money, notice, time } from '../../shared/notices.js';
import type { AuctionRecord, AuctionView } from '../auctions/index.js';
import type { NotificationRequest } from './notification.service.js';

// The auction notices, decided from what happened (pure): what each user is told, as
// message keys and typed parameters; the service puts them into words per reader.

/** A leader change of one auction (outbox payload). */
export interface LeaderPayload {
  auctionId: string;
  changes: { seq: number; leaderId: string; price: number }[];
}
export interface ClosedPayload {
  auctionId: string;
  sellerId: string;
  outcome: 'sold' | 'reserve_not_met' | 'no_bids';
  winnerId: string | null;
  price: number | null;
  currency: string;
  bidderIds: string[];
}

/** One notice per outbid user and auction in this burst: the latest price. */
export function outbidRequests(payloads: LeaderPayload[], prev: (string | null)[], recs: Map<string, AuctionRecord>): NotificationRequest[] {
  const latest = new Map<string, NotificationRequest>();
  payloads.forEach((p, i) => {
    const rec = recs.get(p.auctionId);
    if (!rec) return;
    const currency = rec.state.currency;
    let leader = prev[i] ?? null;
    for (const c of p.changes) {
      if (leader !== null && leader !== c.leaderId) {
        latest.set(`${leader}:${p.auctionId}`, {
          userId: leader,
          kind: 'outbid',
          message: notice('outbid', { item: rec.title, price: money(c.price, currency), endsAt: time(rec.state.endsAt) }),
          data: { auctionId: p.auctionId, seq: c.seq, price: c.price, currency },
          dedupeKey: `outbid:${p.auctionId}:${c.seq}`,
        });
      }
      leader = c.leaderId;
    }
  });
  return [...latest.values()];
}

export function closeRequests(p: ClosedPayload, title: string): NotificationRequest[] {
  const data = { auctionId: p.auctionId, outcome: p.outcome, price: p.price, currency: p.currency };
  const ask = (userId: string, kind: string, message: NotificationRequest['message']): NotificationRequest => ({
    userId,
    kind,
    message,
    data,
    dedupeKey: `${kind}:${p.auctionId}`,
  });
  const sold = p.outcome === 'sold' && p.price !== null ? { item: title, price: money(p.price, p.currency) } : null;
  const reqs: NotificationRequest[] = [];
  if (sold && p.winnerId) {
    reqs.push(ask(p.winnerId, 'won', notice('won', sold)));
    reqs.push(ask(p.sellerId, 'sold', notice('sold', sold)));
  } else {
    reqs.push(ask(p.sellerId, 'unsold', notice(p.outcome === 'no_bids' ? 'unsold_no_bids' : 'unsold_reserve', { item: title })));
  }
  const lost = sold ? notice('lost_sold', sold) : notice('lost_unsold', { item: title });
  for (const b of new Set(p.bidderIds)) {
    if (b !== p.winnerId) reqs.push(ask(b, 'lost', lost));
  }
  return reqs;
}

/** The watchers' "ending soon" notice: the price to beat (the starting price before any bid); a sealed auction's is not told. */
export function endingSoonRequests(view: AuctionView, watchers: readonly string[]): NotificationRequest[] {
  const { id: auctionId, title: item, endsAt } = view;
  const price = view.type.startsWith('sealed') ? null : (view.currentPrice ?? view.startingPrice);
  const message =
    price === null
      ? notice('ending_soon_hidden', { item, endsAt: time(endsAt) })
      : notice('ending_soon', { item, endsAt: time(endsAt), price: money(price, view.currency) });
  return watchers.map((userId) => ({
    userId,
    kind: 'ending_soon',
    message,
    data: { auctionId, endsAt, price: view.currentPrice, currency: view.currency },
    dedupeKey: `ending_soon:${auctionId}`,
  }));
}
