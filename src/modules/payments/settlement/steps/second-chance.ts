import type { HandlerResult } from '../../../../engine/outbox.js';
import type { Tx } from '../../../../platform/db.js';
import { iso, orderChanged, type PaymentsContext, type TxWork } from '../../payments.context.js';
import { newOrder, type Order } from '../../payments.repository.js';
import { TOPICS } from '../../payments.types.js';

type Bidder = { bidderId: string; amount: number };

/** What an order ends as when it is closed before capture. */
export type LapseTo = 'lapsed' | 'rejected' | 'cancelled';

/**
 * Closes an order before capture (deadline passed, offer declined, seller rejected,
 * admin cancelled): the hold is voided, and for an auction not cancelled the item is
 * offered to the next bidder.
 */
export async function lapse(ctx: PaymentsContext, o: Order, reason: string, actorId: string | null, to: LapseTo = 'lapsed'): Promise<Order> {
  if (o.paymentId && (o.status === 'requires_action' || o.status === 'authorized')) {
    const pid = o.paymentId;
    await ctx.gw(() => ctx.gateway.void(pid, `void:${pid}`));
  }
  return ctx.inTx(async (tx, work) => {
    const moved = await ctx.repo.transition(tx, o, to, { reason, deadline_at: null }, ctx.now(), { actorId, data: { reason } });
    if (!moved) throw orderChanged();
    work.notes.push({
      userId: o.buyerId,
      kind: to === 'lapsed' ? 'order_lapsed' : 'order_cancelled',
      title: to === 'rejected' ? 'The seller declined your winning bid' : 'Your order was closed',
      body: reason,
      data: { orderId: o.id },
    });
    if (o.kind === 'auction' && to !== 'cancelled') await offerNext(ctx, tx, work, moved);
    return moved;
  });
}

/** Outbox handler: a payment or offer deadline passed: lapse the order and offer the item to the next bidder. */
export async function deadline(ctx: PaymentsContext, orderId: string): Promise<HandlerResult> {
  const o = await ctx.repo.getOrder(ctx.deps.sql, orderId);
  if (!o || !['awaiting_payment_method', 'requires_action', 'offered'].includes(o.status)) return undefined;
  const due = o.deadlineAt ? Date.parse(o.deadlineAt) : 0;
  if (due > ctx.now()) return { retryAt: due };
  await lapse(ctx, o, 'deadline_passed', null);
  return undefined;
}

/**
 * Step "second-chance offer": offers the item to the next eligible bidder at their own
 * max bid, else marks it unsold. Its compensation is the offer's own deadline: an offer
 * not accepted in time lapses and moves on to the bidder after.
 */
export async function offerNext(ctx: PaymentsContext, tx: Tx, work: TxWork, after: Order): Promise<void> {
  const now = ctx.now();
  const previous = new Set((await ctx.repo.ordersOfAuction(tx, after.auctionId as string)).map((x) => x.buyerId));
  // Ranking index 0 is the winner; offer rank n is the (n)th entry among the rest not yet asked.
  const next = (after.ranking ?? []).find((r) => !previous.has(r.bidderId));
  if (!next) return markUnsold(ctx, tx, work, after, now);
  const rank = after.offerRank + 1;
  const due = now + ctx.options.secondChanceMs;
  const offer = await ctx.repo.insertOrder(tx, offerOf(ctx, after, next, rank, due, now));
  if (!offer) return;
  await ctx.repo.addEvent(tx, offer.id, 'offered', null, { rank, amount: next.amount, previousOrderId: after.id }, now);
  work.notes.push({
    userId: next.bidderId,
    kind: 'second_chance_offer',
    title: 'Second chance: the item is yours at your max bid',
    body: `Accept before ${iso(due)} to buy it for ${next.amount} ${after.currency} (minor units).`,
    data: { orderId: offer.id, auctionId: after.auctionId, amount: next.amount, deadline: iso(due) },
  });
  work.messages.push({ topic: TOPICS.deadline, payload: { orderId: offer.id }, dedupeKey: `deadline:${offer.id}:offer`, runAt: due });
}

async function markUnsold(ctx: PaymentsContext, tx: Tx, work: TxWork, after: Order, now: number): Promise<void> {
  await ctx.repo.addEvent(tx, after.id, 'unsold', null, { auctionId: after.auctionId }, now);
  if (after.sellerId)
    work.notes.push({
      userId: after.sellerId,
      kind: 'unsold',
      title: 'Your item did not sell',
      body: 'No bidder completed the payment.',
      data: { auctionId: after.auctionId, orderId: after.id },
    });
}

/** The offer order: the lost order's lot, to the next bidder at their amount, with nothing paid yet. */
function offerOf(ctx: PaymentsContext, after: Order, next: Bidder, rank: number, due: number, now: number): Order {
  return {
    ...newOrder(ctx.deps.ids.next(), now),
    kind: after.kind,
    auctionId: after.auctionId,
    sellerId: after.sellerId,
    categoryId: after.categoryId,
    currency: after.currency,
    escrow: after.escrow,
    ranking: after.ranking,
    requestHash: after.requestHash,
    offerRank: rank,
    buyerId: next.bidderId,
    status: 'offered',
    total: next.amount,
    items: after.items.map((it) => ({ ...it, unitPrice: next.amount })),
    deadlineAt: iso(due),
  };
}
