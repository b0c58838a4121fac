import type { GatewayPayment } from '../../gateway/gateway.port.js';
import { applyOrderDecision, decide } from '../../order.uow.js';
import type { PaymentsContext } from '../../payments.context.js';
import type { Order, PaymentMethod } from '../../payments.repository.js';
import { askForPayment } from '../payment-retry.js';
import type { SettlementDeps } from '../settlement.deps.js';

/**
 * Step "authorize": holds the order's total on the buyer's card (`pending_payment` ->
 * `authorized`, or `requires_action` for 3-D Secure with a deadline). The gateway key
 * is derived from the order and attempt, so a re-run replays the first answer.
 * Returns the moved order, or null when this run is over (asked for another method,
 * or the order moved meanwhile and the hold was voided).
 */
export async function authorize(s: SettlementDeps, o: Order): Promise<Order | null> {
  const { ctx } = s;
  const method = await s.methods.usableMethod(o.buyerId, o.paymentMethodId);
  if (!method) {
    await askForPayment(ctx, o, 'no_payment_method');
    return null;
  }
  const p = await authorizeAtGateway(ctx, o, method);
  if (p.status === 'declined') {
    await askForPayment(ctx, o, p.declineCode ?? 'declined', p.id);
    return null;
  }
  const moved = await recordAuthorization(ctx, o, p, method);
  if (!moved) await compensateAuthorize(ctx, o.id, p.id);
  return moved;
}

/**
 * Asks the gateway to hold the order's total on the method. `inRequest` (checkout)
 * retries transient errors at once; the workflow leaves retries to the outbox.
 */
export function authorizeAtGateway(ctx: PaymentsContext, o: Order, method: PaymentMethod, opts = { inRequest: false }): Promise<GatewayPayment> {
  const call = () =>
    ctx.gateway.authorize({
      token: method.token,
      amount: o.total,
      currency: o.currency,
      idempotencyKey: `auth:${o.id}:${o.paymentAttempt}`,
      reference: o.id,
    });
  return opts.inRequest ? ctx.withRetry(call) : ctx.gw(call);
}

async function recordAuthorization(ctx: PaymentsContext, o: Order, p: GatewayPayment, method: PaymentMethod): Promise<Order | null> {
  const d = decide(
    ctx,
    o,
    p.status === 'requires_action'
      ? {
          type: 'requires_action',
          paymentId: p.id,
          gateway: ctx.gateway.name,
          paymentMethodId: method.id,
          retryDeadlineMs: ctx.options.paymentRetryDeadlineMs,
        }
      : { type: 'authorize_succeeded', paymentId: p.id, gateway: ctx.gateway.name, paymentMethodId: method.id },
  );
  return ctx.inTx((tx, work) => applyOrderDecision(ctx, tx, work, o, d));
}

/**
 * Compensation: someone else moved the order meanwhile (seller rejected, admin
 * cancelled), so this authorization is not the order's: release the hold.
 */
export async function compensateAuthorize(ctx: PaymentsContext, orderId: string, paymentId: string): Promise<void> {
  const fresh = await ctx.repo.getOrder(ctx.deps.sql, orderId);
  if (fresh && fresh.paymentId !== paymentId) await ctx.gw(() => ctx.gateway.void(paymentId, `void:${paymentId}`)).catch(() => {});
}
