import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import { canDisputeTransition } from './domain/dispute.lifecycle.js';
import { refundPosting } from './domain/ledger.posting.js';
import type { OrdersService } from './orders.service.js';
import { badState } from './orders.service.js';
import { iso, orderChanged, type TxWork } from './payments.context.js';
import type { Dispute, Order } from './payments.repository.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';
import { release } from './settlement/steps/release.js';

const disputeNotFound = () => new AppError('DISPUTE_NOT_FOUND', 'No such dispute');

type Resolution = {
  outcome: 'refund' | 'release';
  refund: number;
  /** What was held when the refund was decided (all of it: the order is refunded). */
  held: number;
  note: string;
  to: 'resolved_refund' | 'resolved_release';
};

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
    if (o.status !== 'in_escrow' && o.status !== 'shipped') throw badState(o, 'dispute');
    const now = this.ctx.now();
    return this.ctx.inTx(async (tx, work) => {
      const next = await this.ctx.repo.transition(tx, o, 'disputed', { deadline_at: null }, now, { actorId: p.userId, data: { reason } });
      if (!next) throw orderChanged();
      const d = await this.ctx.repo.insertDispute(tx, {
        id: this.ctx.deps.ids.next(),
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
      if (o.sellerId)
        work.notes.push({
          userId: o.sellerId,
          kind: 'dispute_opened',
          title: 'A buyer opened a dispute',
          body: reason,
          data: { orderId: o.id, disputeId: d.id },
        });
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
    const to = outcome === 'refund' ? 'resolved_refund' : 'resolved_release';
    if (!canDisputeTransition(d.status, to) || o.status !== 'disputed') throw new AppError('DISPUTE_STATE_INVALID', `The dispute is ${d.status}`);
    const held = o.capturedAmount - o.refundedAmount;
    const refund = outcome === 'refund' ? (amount ?? held) : 0;
    if (refund < 0 || refund > held || (outcome === 'refund' && refund === 0)) {
      throw new AppError('REFUND_AMOUNT_INVALID', `A refund must be between 1 and ${held}`, { held });
    }
    if (refund > 0) {
      const pid = o.paymentId as string;
      await this.ctx.gw(() => this.ctx.gateway.refund(pid, refund, `refund:${d.id}`));
    }
    return this.ctx.inTx((tx, work) => this.bookResolution(tx, work, p, d, o, { outcome, refund, held, note, to }));
  }

  private async bookResolution(tx: Tx, work: TxWork, p: Principal, d: Dispute, o: Order, r: Resolution) {
    const locked = await this.ctx.repo.getOrder(tx, o.id, true);
    const ld = await this.ctx.repo.dispute(tx, d.id, true);
    if (!locked || !ld || locked.status !== 'disputed' || !canDisputeTransition(ld.status, r.to))
      throw new AppError('CONFLICT', 'The dispute changed meanwhile');
    const now = this.ctx.now();
    let order = r.refund > 0 ? await this.bookRefund(tx, p, d, locked, r, now) : locked;
    if (order.status === 'disputed') order = await release(this.s, tx, work, order, p.userId, `dispute_${r.outcome}`);
    const resolution = { outcome: r.outcome, refund: r.refund, note: r.note, by: p.userId, at: iso(now) };
    const dispute = await this.ctx.repo.updateDispute(tx, d.id, { status: r.to, resolution }, now);
    for (const u of [d.buyerId, d.sellerId]) {
      if (u)
        work.notes.push({
          userId: u,
          kind: 'dispute_resolved',
          title: 'Dispute resolved',
          body: r.refund > 0 ? `Refund of ${r.refund} ${o.currency} (minor units) to the buyer.` : 'The payment was released to the seller.',
          data: { orderId: o.id, disputeId: d.id, outcome: r.outcome, refund: r.refund },
        });
    }
    return { dispute, order };
  }

  /** Books a dispute refund out of escrow: the order is refunded if it was all, else it stays disputed. */
  private async bookRefund(tx: Tx, p: Principal, d: Dispute, locked: Order, r: Resolution, now: number): Promise<Order> {
    const { refund, held } = r;
    await this.ctx.ledger.post(tx, refundPosting(locked, refund, [{ account: 'escrow', ownerId: null, amount: refund }]), now);
    const patch = { refunded_amount: locked.refundedAmount + refund };
    if (refund === held) {
      return (await this.ctx.repo.transition(tx, locked, 'refunded', patch, now, {
        actorId: p.userId,
        data: { refund, disputeId: d.id },
      })) as Order;
    }
    const order = (await this.ctx.repo.patch(tx, locked, patch, now)) as Order;
    await this.ctx.repo.addEvent(tx, locked.id, 'partially_refunded', p.userId, { refund, disputeId: d.id }, now);
    return order;
  }
}
