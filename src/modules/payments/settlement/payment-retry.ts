import type { Tx } from '../../../platform/db.js';
import { applyOrderDecision, decide } from '../order.uow.js';
import type { PaymentsContext, TxWork } from '../payments.context.js';
import type { Order } from '../payments.repository.js';

/** A decline or no usable method: ask the buyer to pay with another method before a deadline. */
export async function askForPayment(ctx: PaymentsContext, o: Order, reason: string, paymentId?: string): Promise<void> {
  await ctx.inTx((tx, work) => askForPaymentIn(ctx, tx, work, o, reason, paymentId));
}

/** The same in the caller's transaction; null when the order moved meanwhile. */
export async function askForPaymentIn(
  ctx: PaymentsContext,
  tx: Tx,
  work: TxWork,
  o: Order,
  reason: string,
  paymentId?: string,
): Promise<Order | null> {
  const d = decide(ctx, o, {
    type: 'ask_for_payment',
    reason,
    paymentId: paymentId ?? null,
    gateway: ctx.gateway.name,
    retryDeadlineMs: ctx.options.paymentRetryDeadlineMs,
  });
  return applyOrderDecision(ctx, tx, work, o, d);
}

/**
 * The hold lapsed before capture (the worker was slow, crashed, or the gateway was
 * down past the authorization's lifetime). Auction orders are re-authorized once on
 * the same method with a fresh attempt; if that authorization lapses too, the buyer is
 * asked to pay within PAYMENT_RETRY_DEADLINE_HOURS (then second chance). Flash-sale
 * orders fail (the buyer is at checkout and simply pays again).
 */
export async function authorizationExpired(
  ctx: PaymentsContext,
  tx: Tx,
  work: TxWork,
  o: Order,
  data: Record<string, unknown>,
): Promise<Order | null> {
  const reauthorizations = o.kind === 'auction' ? await ctx.repo.countReauthorizations(tx, o.id) : 0;
  const d = decide(ctx, o, {
    type: 'authorization_expired',
    reauthorizations,
    data,
    gateway: ctx.gateway.name,
    retryDeadlineMs: ctx.options.paymentRetryDeadlineMs,
  });
  return applyOrderDecision(ctx, tx, work, o, d);
}
