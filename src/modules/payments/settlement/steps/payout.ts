import type { HandlerResult } from '../../../../engine/outbox.js';
import { payoutPosting } from '../../domain/ledger.posting.js';
import type { PaymentsContext } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';

type Owed = { sellerId: string; amount: number }[];

/**
 * Step "payout": pays out what the order left payable to each seller (one gateway key
 * per order and seller, so a re-run replays), then books the payouts. No
 * compensation: a refund after a payout leaves the seller's payable negative (owed).
 */
export async function payout(ctx: PaymentsContext, orderId: string): Promise<HandlerResult> {
  const o = await ctx.repo.getOrder(ctx.deps.sql, orderId);
  if (!o || (o.status !== 'released' && o.status !== 'paid')) return undefined;
  const owed = await ctx.ledger.payableByOrder(ctx.deps.sql, o.id);
  for (const s of owed) {
    await ctx.gw(() =>
      ctx.gateway.payout({ sellerId: s.sellerId, amount: s.amount, currency: o.currency, idempotencyKey: `payout:${o.id}:${s.sellerId}` }),
    );
  }
  await bookPayouts(ctx, o, owed);
  return undefined;
}

async function bookPayouts(ctx: PaymentsContext, o: Order, owed: Owed): Promise<void> {
  await ctx.inTx(async (tx, work) => {
    const locked = await ctx.repo.getOrder(tx, o.id, true);
    if (!locked || (locked.status !== 'released' && locked.status !== 'paid')) return;
    // Book what the gateway was asked to pay (a refund that raced the payout then leaves
    // the seller's payable negative: owed back, visible in the ledger and statement).
    for (const s of owed) {
      await ctx.ledger.post(tx, payoutPosting({ id: o.id, currency: o.currency, sellerId: s.sellerId }, s.amount), ctx.now());
      work.notes.push({
        userId: s.sellerId,
        kind: 'payout',
        title: 'Payout sent',
        body: `${s.amount} ${o.currency} (minor units) is on its way.`,
        data: { orderId: o.id, amount: s.amount },
      });
    }
    await ctx.repo.transition(tx, locked, 'paid_out', {}, ctx.now(), { data: { payouts: owed } });
  });
}
