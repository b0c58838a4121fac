import type { HandlerResult } from '../../../../engine/outbox.js';
import type { Tx } from '../../../../platform/db.js';
import { commissionFor } from '../../domain/commission.js';
import { releasePosting } from '../../domain/ledger.posting.js';
import { orderChanged, type TxWork } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';
import { TOPICS } from '../../payments.types.js';
import type { SettlementDeps } from '../settlement.deps.js';

/**
 * Step "release": escrow -> seller payable minus commission (recorded now), then a
 * payout is queued. No compensation: money released is given back only by an admin
 * refund, which takes it from the seller's payable.
 */
export async function release(s: SettlementDeps, tx: Tx, work: TxWork, o: Order, actorId: string | null, reason: string): Promise<Order> {
  const now = s.ctx.now();
  const amount = o.capturedAmount - o.refundedAmount;
  const commission = o.sellerId ? commissionFor(amount, await s.commission.commissionRule(o.categoryId)) : amount;
  await s.ctx.ledger.post(tx, releasePosting(o, amount, commission), now);
  const next = await s.ctx.repo.transition(tx, o, 'released', { commission, seller_amount: amount - commission, deadline_at: null }, now, {
    actorId,
    data: { reason, amount, commission },
  });
  if (!next) throw orderChanged();
  if (o.sellerId) {
    work.notes.push({
      userId: o.sellerId,
      kind: 'released',
      title: 'Funds released',
      body: `${amount - commission} ${o.currency} (minor units) after a commission of ${commission}.`,
      data: { orderId: o.id, amount, commission },
    });
    work.messages.push({ topic: TOPICS.payout, payload: { orderId: o.id }, dedupeKey: `payout:${o.id}` });
  }
  return next;
}

/** Outbox handler: the inspection period of a shipped order ended without a dispute. */
export async function scheduledRelease(s: SettlementDeps, orderId: string): Promise<HandlerResult> {
  const o = await s.ctx.repo.getOrder(s.ctx.deps.sql, orderId);
  if (o?.status !== 'shipped') return undefined; // confirmed early, disputed or refunded
  const due = o.deadlineAt ? Date.parse(o.deadlineAt) : 0;
  if (due > s.ctx.now()) return { retryAt: due };
  await s.ctx.inTx((tx, work) => release(s, tx, work, o, null, 'inspection_period_lapsed'));
  return undefined;
}
