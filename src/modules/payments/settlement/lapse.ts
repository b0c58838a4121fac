import type { HandlerResult } from '../../../engine/outbox.js';
import type { OrderCommand } from '../domain/index.js';
import { applyOrThrow, callGateway, decide } from '../order.uow.js';
import type { PaymentsContext } from '../payments.context.js';
import type { Order } from '../payments.repository.js';

/** The commands that close an order before capture. */
export type LapseCommand = Extract<OrderCommand, { type: 'decline_offer' | 'reject' | 'admin_cancel' | 'admin_next_offer' | 'deadline_lapsed' }>;

/**
 * Closes an order before capture (deadline passed, offer declined, seller rejected,
 * admin cancelled or moved on): the hold is voided first, then the order moves and,
 * for an auction not cancelled, the item is offered to the next bidder.
 */
export async function lapse(ctx: PaymentsContext, o: Order, command: LapseCommand): Promise<Order> {
  const d = decide(ctx, o, command);
  await callGateway(ctx, d.gateway);
  return ctx.inTx((tx, work) => applyOrThrow(ctx, tx, work, o, d));
}

/** Outbox handler: a payment or offer deadline passed: lapse the order and offer the item to the next bidder. */
export async function deadline(ctx: PaymentsContext, orderId: string): Promise<HandlerResult> {
  const o = await ctx.repo.getOrder(ctx.deps.sql, orderId);
  if (!o || !['awaiting_payment_method', 'requires_action', 'offered'].includes(o.status)) return undefined;
  const due = o.deadlineAt ? Date.parse(o.deadlineAt) : 0;
  if (due > ctx.now()) return { retryAt: due };
  await lapse(ctx, o, { type: 'deadline_lapsed' });
  return undefined;
}
