import type { Tx } from '../../../platform/db.js';
import { iso, type PaymentsContext, type TxWork } from '../payments.context.js';
import type { Order } from '../payments.repository.js';
import { TOPICS } from '../payments.types.js';

/** A decline or no usable method: ask the buyer to pay with another method before a deadline. */
export async function askForPayment(ctx: PaymentsContext, o: Order, reason: string, paymentId?: string): Promise<void> {
  await ctx.inTx((tx, work) => askForPaymentIn(ctx, tx, work, o, reason, paymentId));
}

export async function askForPaymentIn(
  ctx: PaymentsContext,
  tx: Tx,
  work: TxWork,
  o: Order,
  reason: string,
  paymentId?: string,
): Promise<Order | null> {
  const deadline = ctx.now() + ctx.options.paymentRetryDeadlineMs;
  const next = await ctx.repo.transition(
    tx,
    o,
    'awaiting_payment_method',
    {
      deadline_at: new Date(deadline),
      reason,
      payment_attempt: o.paymentAttempt + 1,
      payment_method_id: null,
      ...(paymentId ? { payment_id: null, gateway: ctx.gateway.name } : {}),
    },
    ctx.now(),
    { data: { reason, ...(paymentId ? { paymentId } : {}) } },
  );
  if (!next) return null;
  work.notes.push({
    userId: o.buyerId,
    kind: 'payment_needed',
    title: 'Your payment did not go through',
    body: 'Please pay with another payment method before the deadline, or the item goes to the next bidder.',
    data: { orderId: o.id, reason, deadline: iso(deadline) },
  });
  work.messages.push({
    topic: TOPICS.deadline,
    payload: { orderId: o.id },
    dedupeKey: `deadline:${o.id}:${next.paymentAttempt}`,
    runAt: deadline,
  });
  return next;
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
  const now = ctx.now();
  if (o.kind !== 'auction') {
    return ctx.repo.transition(tx, o, 'payment_failed', { reason: 'authorization_expired' }, now, {
      data: { ...data, reason: 'authorization_expired' },
    });
  }
  if ((await ctx.repo.countReauthorizations(tx, o.id)) === 0) {
    const next = await ctx.repo.transition(tx, o, 'pending_payment', { payment_attempt: o.paymentAttempt + 1, payment_id: null }, now, {
      data: { ...data, reason: 'authorization_expired' },
    });
    if (next) work.messages.push({ topic: TOPICS.charge, payload: { orderId: o.id }, dedupeKey: `charge:${o.id}:${next.paymentAttempt}` });
    return next;
  }
  return askForPaymentIn(ctx, tx, work, o, 'authorization_expired', o.paymentId ?? undefined);
}
