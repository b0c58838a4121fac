import type { GatewayPayment } from '../../gateway/gateway.port.js';
import { applyOrderDecision, decide } from '../../order.uow.js';
import type { PaymentsContext } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';
import type { PaidHookRefused } from '../settlement.deps.js';

/** Statuses in which a capture is booked on the order (its money is accounted for). */
const BOOKED = ['in_escrow', 'paid', 'shipped', 'disputed', 'released', 'paid_out', 'refunded'];

/**
 * Step "refund", the compensation of a capture that cannot be booked. The order's
 * paid hook refused it (a flash-sale hold expired meanwhile): the money goes back and
 * the order is cancelled. Returns what the refusal was, for checkout to answer with.
 */
export async function refundRefusedCapture(ctx: PaymentsContext, o: Order, p: GatewayPayment, err: PaidHookRefused): Promise<Error> {
  await ctx.withRetry(() => ctx.gateway.refund(p.id, p.captured, `refund:${o.id}:onpaid`));
  await ctx.inTx(async (tx, work) => {
    const fresh = await ctx.repo.getOrder(tx, o.id, true);
    if (fresh?.status === 'authorized')
      await applyOrderDecision(ctx, tx, work, fresh, decide(ctx, fresh, { type: 'paid_hook_refused', error: err.message }));
  });
  return err.cause instanceof Error ? err.cause : err;
}

/**
 * The same compensation when the order left `authorized` without this capture being
 * booked (rejected, cancelled meanwhile): give the money back, unless it is booked.
 */
export async function refundOrphanCapture(ctx: PaymentsContext, orderId: string, p: GatewayPayment): Promise<void> {
  const fresh = await ctx.repo.getOrder(ctx.deps.sql, orderId);
  if (fresh && !BOOKED.includes(fresh.status)) {
    await ctx.gw(() => ctx.gateway.refund(p.id, p.captured, `refund:${orderId}:orphan`));
  }
}
