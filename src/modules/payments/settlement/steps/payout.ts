import type { HandlerResult } from '../../../../engine/outbox.js';
import { applyOrderDecision, callGateway, decide } from '../../order.uow.js';
import type { PaymentsContext } from '../../payments.context.js';

/** How long a held payout waits before its guards are asked again. */
export const PAYOUT_HOLD_RETRY_MS = 3_600_000;

/**
 * Step "payout": pays out what the order left payable to each seller (one gateway key
 * per order and seller, so a re-run replays), then books the payouts. No
 * compensation: a refund after a payout leaves the seller's payable negative (owed).
 */
export async function payout(ctx: PaymentsContext, orderId: string): Promise<HandlerResult> {
  const o = await ctx.repo.getOrder(ctx.deps.sql, orderId);
  if (!o || (o.status !== 'released' && o.status !== 'paid')) return undefined;
  const payouts = await ctx.ledger.payableByOrder(ctx.deps.sql, o.id);
  for (const p of payouts) {
    for (const guard of ctx.payoutGuards) {
      // Held (e.g. the seller must verify their identity first): not a failure, asked again later.
      if (await guard({ sellerId: p.sellerId, amount: p.amount, currency: o.currency })) return { retryAt: ctx.now() + PAYOUT_HOLD_RETRY_MS };
    }
  }
  await callGateway(ctx, decide(ctx, o, { type: 'payout_done', payouts }).gateway);
  await ctx.inTx(async (tx, work) => {
    const locked = await ctx.repo.getOrder(tx, o.id, true);
    if (!locked || (locked.status !== 'released' && locked.status !== 'paid')) return;
    // Book what the gateway was asked to pay (a refund that raced the payout then leaves
    // the seller's payable negative: owed back, visible in the ledger and statement).
    await applyOrderDecision(ctx, tx, work, locked, decide(ctx, locked, { type: 'payout_done', payouts }));
  });
  return undefined;
}
