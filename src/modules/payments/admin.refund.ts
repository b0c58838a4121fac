import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import type { CommissionService } from './commission.service.js';
import { IN_ESCROW, type OrderStatus, type SaleShare } from './domain/index.js';
import { applyOrderDecision, callGateway, decide } from './order.uow.js';
import { viewer } from './orders.service.js';
import type { PaymentsContext, TxWork } from './payments.context.js';
import type { Order } from './payments.repository.js';

const refundable = (o: Order, s: OrderStatus) => (o.escrow && IN_ESCROW.includes(s)) || (!o.escrow && (s === 'paid' || s === 'paid_out'));

/**
 * Admin refund, full or partial, of an order in escrow (money comes out of `escrow`) or
 * of a sale without escrow, `paid` or already `paid_out` (money comes back from the
 * seller's payable and the platform's commission: commission is recomputed on what the
 * seller keeps; after a payout the seller's payable goes negative, i.e. they owe it).
 * The gateway is called first with a key derived from the amount refunded so far, so a
 * retry replays instead of refunding twice; the booking is one version-guarded transaction.
 */
export class AdminRefund {
  constructor(
    private readonly ctx: PaymentsContext,
    private readonly commission: CommissionService,
  ) {}

  async refund(p: Principal, o: Order, amount: number | null, reason: string): Promise<Order> {
    // Disputed orders are refunded through the dispute (POST /admin/disputes/:id/resolve): the command refuses them.
    const refund = amount ?? o.capturedAmount - o.refundedAmount;
    const first = decide(this.ctx, o, await this.command(this.ctx.deps.sql, p, o, refund, reason));
    await callGateway(this.ctx, first.gateway);
    return this.ctx.inTx((tx, work) => this.book(tx, work, p, o, refund, reason));
  }

  private async command(db: Tx | PaymentsContext['deps']['sql'], p: Principal, o: Order, amount: number, reason: string) {
    const saleShares: SaleShare[] = o.escrow ? [] : await this.ctx.ledger.saleShares(db, o.id);
    const rule = await this.commission.commissionRule(o.categoryId);
    return { type: 'admin_refund' as const, by: viewer(p), amount, reason, rule, saleShares };
  }

  private async book(tx: Tx, work: TxWork, p: Principal, o: Order, refund: number, reason: string): Promise<Order> {
    const locked = await this.ctx.repo.getOrder(tx, o.id, true);
    // The money left at the gateway: book it unless the order moved on in a way that
    // already accounts for it (a concurrent refund with the same key books once).
    if (!locked || locked.refundedAmount !== o.refundedAmount || !refundable(o, locked.status))
      throw new AppError('CONFLICT', 'The order changed meanwhile');
    const d = decide(this.ctx, locked, await this.command(tx, p, locked, refund, reason));
    const next = await applyOrderDecision(this.ctx, tx, work, locked, d);
    if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile');
    return next;
  }
}
