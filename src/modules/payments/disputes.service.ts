import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Principal } from '../identity/index.js';
import { canDisputeTransition, decideDispute, type DisputeCommand, type DisputeDecision, openedDispute } from './domain/index.js';
import { applyOrThrow, callGateway, decide } from './order.uow.js';
import { type OrdersService, viewer } from './orders.service.js';
import type { TxWork } from './payments.context.js';
import type { Dispute, Order } from './payments.repository.js';
import type { SettlementDeps } from './settlement/settlement.deps.js';

/** A dispute decision, or the refusal as the AppError the API answers with. */
function decideDisputeOrThrow(d: Dispute, c: DisputeCommand, now: number): DisputeDecision {
  const r = decideDispute(d, c, now);
  if (!r.ok) throw AppError.from(r.error);
  return r;
}

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
      const d = await this.ctx.repo.insertDispute(tx, openedDispute(o, { id: disputeId, reason, message }, now));
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
    const { d } = await this.disputeFor(p, id);
    const decision = decideDisputeOrThrow(d, { type: 'respond', by: viewer(p), message }, this.ctx.now());
    return this.ctx.inTx((tx, work) => this.applyDispute(tx, work, d, decision));
  }

  /** Writes a dispute decision: the row, the order's audit entries, the notices. */
  private async applyDispute(tx: Tx, work: TxWork, d: Dispute, decision: DisputeDecision): Promise<Dispute> {
    const now = this.ctx.now();
    let row = d;
    for (const e of decision.events) {
      const set = { status: e.status, ...(e.sellerResponse !== undefined ? { seller_response: e.sellerResponse } : {}) };
      row = await this.ctx.repo.updateDispute(tx, d.id, { ...set, ...(e.resolution ? { resolution: e.resolution } : {}) }, now);
    }
    for (const e of decision.orderEvents) await this.ctx.repo.addEvent(tx, d.orderId, e.name, e.actorId, e.data, now);
    work.notes.push(...decision.notices);
    return row;
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
      const resolved = decideDisputeOrThrow(ld, { type: 'resolve', by: viewer(p), outcome, refund: refund ?? 0, note }, this.ctx.now());
      return { dispute: await this.applyDispute(tx, work, ld, resolved), order };
    });
  }
}
