import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import { canDisputeTransition } from './domain/dispute.lifecycle.js';
import { applyOrThrow, callGateway, decide } from './order.uow.js';
import { type OrdersService, viewer } from './orders.service.js';
import { iso } from './payments.context.js';
import type { Dispute, Order } from './payments.repository.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';

const disputeNotFound = () => new AppError('DISPUTE_NOT_FOUND', 'No such dispute');

/** Disputes: the buyer opens one on an order in escrow, the seller responds, an admin resolves it. */
export class DisputesService {
  constructor(
    private readonly s: SettlementDeps,
    private readonly orders: OrdersService,
  ) {}

  private get ctx() {
    return this.s.ctx;
  }

  async openDispute(p: Principal, id: string, reason: string, message: string): Promise<Dispute> {
    const o = await this.orders.orderFor(p, id, 'buyer');
    const disputeId = this.ctx.deps.ids.next();
    const decision = decide(this.ctx, o, { type: 'open_dispute', by: viewer(p), disputeId, reason });
    const now = this.ctx.now();
    return this.ctx.inTx(async (tx, work) => {
      await applyOrThrow(this.ctx, tx, work, o, decision);
      const d = await this.ctx.repo.insertDispute(tx, {
        id: disputeId,
        orderId: o.id,
        buyerId: o.buyerId,
        sellerId: o.sellerId,
        status: 'open',
        reason,
        message,
        sellerResponse: null,
        resolution: null,
        createdAt: iso(now),
        updatedAt: iso(now),
      });
      if (!d) throw new AppError('DISPUTE_EXISTS', 'This order already has an open dispute', undefined, 409);
      return d;
    });
  }

  private async disputeFor(p: Principal, id: string): Promise<{ d: Dispute; o: Order }> {
    if (!isUuid(id)) throw disputeNotFound();
    const d = await this.ctx.repo.dispute(this.ctx.deps.sql, id);
    if (!d || (!p.isAdmin && d.buyerId !== p.userId && d.sellerId !== p.userId)) throw disputeNotFound();
    const o = await this.ctx.repo.getOrder(this.ctx.deps.sql, d.orderId);
    if (!o) throw disputeNotFound();
    return { d, o };
  }

  async disputes(p: Principal, orderId: string): Promise<Dispute[]> {
    await this.orders.orderFor(p, orderId, 'any');
    return this.ctx.repo.disputesOf(orderId);
  }

  async respondDispute(p: Principal, id: string, message: string): Promise<Dispute> {
    const { d, o } = await this.disputeFor(p, id);
    if (d.sellerId !== p.userId) throw new AppError('FORBIDDEN', 'Only the seller can respond');
    if (!canDisputeTransition(d.status, 'responded')) throw new AppError('DISPUTE_STATE_INVALID', `The dispute is ${d.status}`);
    return this.ctx.inTx(async (tx, work) => {
      const r = await this.ctx.repo.updateDispute(tx, d.id, { status: 'responded', seller_response: message }, this.ctx.now());
      await this.ctx.repo.addEvent(tx, o.id, 'dispute_responded', p.userId, { disputeId: d.id }, this.ctx.now());
      work.notes.push({
        userId: d.buyerId,
        kind: 'dispute_response',
        title: 'The seller responded to your dispute',
        body: message,
        data: { orderId: o.id, disputeId: d.id },
      });
      return r;
    });
  }

  /**
   * Admin resolves: refund the buyer (all or part; the rest is released to the seller
   * minus commission on what they keep), or release everything to the seller.
   */
  async resolveDispute(p: Principal, id: string, outcome: 'refund' | 'release', amount: number | null, note: string) {
    const { d, o } = await this.disputeFor(p, id);
    const rule = await this.s.commission.commissionRule(o.categoryId);
    // The amount is fixed before the gateway is asked, so the booking below refunds exactly that.
    const refund = outcome === 'refund' ? (amount ?? o.capturedAmount - o.refundedAmount) : null;
    const command = (dispute: Dispute) =>
      ({ type: 'resolve_dispute', by: viewer(p), dispute, outcome, amount: refund, rule }) as const;
    await callGateway(this.ctx, decide(this.ctx, o, command(d)).gateway);
    return this.ctx.inTx(async (tx, work) => {
      const locked = await this.ctx.repo.getOrder(tx, o.id, true);
      const ld = await this.ctx.repo.dispute(tx, d.id, true);
      const to = outcome === 'refund' ? 'resolved_refund' : 'resolved_release';
      if (!locked || !ld || locked.status !== 'disputed' || !canDisputeTransition(ld.status, to))
        throw new AppError('CONFLICT', 'The dispute changed meanwhile');
      const order = await applyOrThrow(this.ctx, tx, work, locked, decide(this.ctx, locked, command(ld)));
      const now = this.ctx.now();
      const resolution = { outcome, refund: refund ?? 0, note, by: p.userId, at: iso(now) };
      const dispute = await this.ctx.repo.updateDispute(tx, d.id, { status: to, resolution }, now);
      return { dispute, order };
    });
  }
}
