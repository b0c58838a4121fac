import { money, notice, time } from '../../../shared/notices.js';
import { iso } from './order.step.js';
import type { OrderJob, OrderNotedEvent, OrderNotice, OrderState } from './order.types.js';
import { PAYMENT_TOPICS, UNPAID } from './order.types.js';

/** The order a second-chance offer is made after (a stored auction order fits as is). */
export interface OfferSource extends OrderState {
  auctionId: string | null;
  offerRank: number;
  ranking: { bidderId: string; amount: number }[] | null;
  items: { sellerId?: string | null; quantity: number; unitPrice: number }[];
  createdAt: string;
  updatedAt: string;
  gatewayEventSeq: number;
}

/** What `secondChance` asks the service to write; `events` name the order they belong to. */
export type SecondChance<T extends OfferSource> =
  | { type: 'unsold'; events: { orderId: string; event: OrderNotedEvent }[]; notices: OrderNotice[]; outbox: OrderJob[] }
  | { type: 'offer'; order: T; events: { orderId: string; event: OrderNotedEvent }[]; notices: OrderNotice[]; outbox: OrderJob[] };

/** Nobody left to ask: the item is unsold, and its seller told. */
function unsold<T extends OfferSource>(after: T): SecondChance<T> {
  const notices: OrderNotice[] = after.sellerId
    ? [
        {
          userId: after.sellerId,
          kind: 'unsold',
          message: notice('unpaid_unsold'),
          data: { auctionId: after.auctionId, orderId: after.id },
        },
      ]
    : [];
  const event: OrderNotedEvent = { type: 'noted', name: 'unsold', actorId: null, data: { auctionId: after.auctionId } };
  return { type: 'unsold', events: [{ orderId: after.id, event }], notices, outbox: [] };
}

/**
 * Second chance: after an auction order lapsed or was rejected, offer the item to the next
 * bidder of the ranking not asked yet (`previousBuyers`: buyers of the auction's orders so far),
 * at their own max bid, until `now + secondChanceMs`; when nobody is left the item is unsold.
 */
export function secondChance<T extends OfferSource>(
  after: T,
  previousBuyers: readonly string[],
  /** The new order's id, or where to take one (asked only when an offer is made). */
  newId: string | (() => string),
  now: number,
  secondChanceMs: number,
): SecondChance<T> {
  const asked = new Set(previousBuyers);
  const next = (after.ranking ?? []).find((r) => !asked.has(r.bidderId));
  if (!next) return unsold(after);
  const offerId = typeof newId === 'string' ? newId : newId();
  const rank = after.offerRank + 1;
  const deadlineMs = now + secondChanceMs;
  const deadline = iso(deadlineMs);
  const order: T = {
    ...after,
    id: offerId,
    offerRank: rank,
    buyerId: next.bidderId,
    status: 'offered',
    total: next.amount,
    items: after.items.map((it) => ({ ...it, unitPrice: next.amount })),
    ...UNPAID,
    deadlineAt: deadline,
    createdAt: iso(now),
    updatedAt: iso(now),
    gatewayEventSeq: 0,
    version: 0,
  };
  const data = { rank, amount: next.amount, previousOrderId: after.id };
  const event: OrderNotedEvent = { type: 'noted', name: 'offered', actorId: null, data };
  return {
    type: 'offer',
    order,
    events: [{ orderId: offerId, event }],
    notices: [
      {
        userId: next.bidderId,
        kind: 'second_chance_offer',
        message: notice('second_chance', { deadline: time(deadline), amount: money(next.amount, after.currency) }),
        data: { orderId: offerId, auctionId: after.auctionId, amount: next.amount, deadline },
      },
    ],
    outbox: [{ topic: PAYMENT_TOPICS.deadline, payload: { orderId: offerId }, dedupeKey: `deadline:${offerId}:offer`, runAt: deadlineMs }],
  };
}
