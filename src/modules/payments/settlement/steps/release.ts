import type { HandlerResult } from '../../../../engine/outbox.js';
import type { Tx } from '../../../../platform/db.js';
import type { CommissionRule, OrderCommand } from '../../domain/index.js';
import { applyOrThrow, decide } from '../../order.uow.js';
import type { TxWork } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';
import type { SettlementDeps } from '../settlement.deps.js';

/** The release command (buyer confirmed, admin, inspection period over), given the category's commission. */
export type ReleaseCommand = (rule: CommissionRule) => OrderCommand;

/**
 * Step "release": escrow -> seller payable minus commission (recorded now), then a
 * payout is queued. No compensation: money released is given back only by an admin
 * refund, which takes it from the seller's payable.
 */
export async function release(s: SettlementDeps, tx: Tx, work: TxWork, o: Order, command: ReleaseCommand): Promise<Order> {
  const rule = await s.commission.commissionRule(o.categoryId);
  return applyOrThrow(s.ctx, tx, work, o, decide(s.ctx, o, command(rule)));
}

/** Outbox handler: the inspection period of a shipped order ended without a dispute. */
export async function scheduledRelease(s: SettlementDeps, orderId: string): Promise<HandlerResult> {
  const o = await s.ctx.repo.getOrder(s.ctx.deps.sql, orderId);
  if (o?.status !== 'shipped') return undefined; // confirmed early, disputed or refunded
  const due = o.deadlineAt ? Date.parse(o.deadlineAt) : 0;
  if (due > s.ctx.now()) return { retryAt: due };
  await s.ctx.inTx((tx, work) => release(s, tx, work, o, (rule) => ({ type: 'scheduled_release', rule })));
  return undefined;
}
