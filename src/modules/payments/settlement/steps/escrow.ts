import type { GatewayPayment } from '../../gateway/gateway.port.js';
import { applyOrderDecision, decide } from '../../order.uow.js';
import type { Order } from '../../payments.repository.js';
import type { OnPaid } from '../../payments.types.js';
import { PaidHookRefused, type SettlementDeps } from '../settlement.deps.js';
import { refundRefusedCapture } from './refund.js';

/**
 * Step "escrow": books a capture exactly once. The order moves from `authorized`
 * (version-guarded) to `in_escrow` (or `paid` for a sale without escrow, with its
 * commission and payout), with the ledger posting and the order's paid hook, in one
 * transaction. Used by the workflow and by the `payment.captured` webhook, whichever
 * comes first.
 */
export async function bookCapture(s: SettlementDeps, orderId: string, p: GatewayPayment, onPaid?: OnPaid) {
  const { ctx } = s;
  return ctx.inTx(async (tx, work): Promise<'booked' | 'already' | 'stale'> => {
    const o = await ctx.repo.getOrder(tx, orderId, true);
    if (!o) return 'stale';
    if (o.status !== 'authorized' || o.paymentId !== p.id) return o.capturedAmount > 0 ? 'already' : 'stale';
    // Only a sale without escrow takes its commission at capture.
    const rule = o.escrow ? ctx.options.defaultCommission : await s.commission.commissionRule(o.categoryId);
    const d = decide(ctx, o, { type: 'capture_booked', paymentId: p.id, amount: p.captured, rule });
    const next = await applyOrderDecision(ctx, tx, work, o, d);
    if (!next) throw new Error('order changed under a row lock');
    await s.paidHooks.run(tx, next, onPaid);
    return 'booked';
  });
}

/**
 * Books a capture; when the order's paid hook refuses (a flash-sale hold expired
 * meanwhile), runs the compensation (refund, cancel) instead. Returns the refusal so
 * that checkout can answer with it; the workflow and webhooks drop it.
 */
export async function bookOrRefund(s: SettlementDeps, o: Order, p: GatewayPayment, onPaid?: OnPaid) {
  try {
    return await bookCapture(s, o.id, p, onPaid);
  } catch (err) {
    if (!(err instanceof PaidHookRefused)) throw err;
    return refundRefusedCapture(s.ctx, o, p, err);
  }
}
