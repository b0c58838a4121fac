import type { Tx } from '../../../../platform/db.js';
import { secondChance } from '../../domain/index.js';
import type { PaymentsContext, TxWork } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';

/**
 * Step "second-chance offer": after an auction order lapsed or was rejected, offers the
 * item to the next eligible bidder at their own max bid, else marks it unsold (in the
 * transaction of the lapse). Its compensation is the offer's own deadline: an offer not
 * accepted in time lapses and moves on to the bidder after.
 */
export async function offerNext(ctx: PaymentsContext, tx: Tx, work: TxWork, after: Order): Promise<void> {
  const now = ctx.now();
  const previous = (await ctx.repo.ordersOfAuction(tx, after.auctionId as string)).map((x) => x.buyerId);
  const sc = secondChance(after, previous, ctx.deps.ids.next(), now, ctx.options.secondChanceMs);
  if (sc.type === 'offer' && !(await ctx.repo.insertOrder(tx, sc.order))) return;
  for (const { orderId, event } of sc.events) await ctx.repo.addEvent(tx, orderId, event.name, event.actorId, event.data, now);
  work.notes.push(...sc.notices);
  work.messages.push(...sc.outbox);
}
