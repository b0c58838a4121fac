import type { Tx } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import type { CommissionService } from './commission.service.js';
import { commissionFor } from './domain/commission.js';
import { refundPosting } from './domain/ledger.posting.js';
import { IN_ESCROW, type OrderStatus } from './domain/order.lifecycle.js';
import { badState } from './orders.service.js';
import type { PaymentsContext, TxWork } from './payments.context.js';
import type { Order, OrderPatch } from './payments.repository.js';

type Source = { account: 'escrow' | 'seller_payable' | 'platform_revenue'; ownerId: string | null; amount: number };
/** Where a refund's money comes from, what the order keeps, and which sellers pay part of it. */
type Split = { from: Source[]; patch: OrderPatch; debited: { sellerId: string; amount: number }[] };

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
    // Disputed orders are refunded through the dispute (POST /admin/disputes/:id/resolve).
    if (o.status === 'disputed' || !refundable(o, o.status) || !o.paymentId) throw badState(o, 'refund');
    const held = o.capturedAmount - o.refundedAmount;
    const refund = amount ?? held;
    if (!Number.isSafeInteger(refund) || refund < 1 || refund > held)
      throw new AppError('REFUND_AMOUNT_INVALID', `A refund must be between 1 and ${held}`, { held });
    const sellers = new Set(o.items.map((i) => i.sellerId ?? o.sellerId ?? null));
    if (!o.escrow && refund < held && sellers.size > 1)
      throw new AppError('REFUND_AMOUNT_INVALID', 'An order of several sellers can only be refunded in full', { held });
    const pid = o.paymentId;
    await this.ctx.gw(() => this.ctx.gateway.refund(pid, refund, `refund:${o.id}:admin:${o.refundedAmount}`));
    return this.ctx.inTx((tx, work) => this.book(tx, work, p, o, refund, reason));
  }

  private async book(tx: Tx, work: TxWork, p: Principal, o: Order, refund: number, reason: string): Promise<Order> {
    const locked = await this.ctx.repo.getOrder(tx, o.id, true);
    // The money left at the gateway: book it unless the order moved on in a way that
    // already accounts for it (a concurrent refund with the same key books once).
    if (!locked || locked.refundedAmount !== o.refundedAmount || !refundable(o, locked.status))
      throw new AppError('CONFLICT', 'The order changed meanwhile');
    const now = this.ctx.now();
    const left = o.capturedAmount - o.refundedAmount - refund;
    const split = locked.escrow
      ? { from: [{ account: 'escrow' as const, ownerId: null, amount: refund }], patch: {}, debited: [] }
      : await this.saleSplit(tx, locked, refund, left);
    const patch: OrderPatch = { refunded_amount: locked.refundedAmount + refund, ...split.patch };
    const sources = split.from.filter((f) => f.amount !== 0);
    await this.ctx.ledger.post(tx, refundPosting(locked, refund, sources), now);
    const data = { refund, reason, left };
    let next: Order | null;
    if (left === 0) {
      next = await this.ctx.repo.transition(tx, locked, 'refunded', { ...patch, deadline_at: null }, now, { actorId: p.userId, data });
    } else {
      next = await this.ctx.repo.patch(tx, locked, patch, now);
      if (next) await this.ctx.repo.addEvent(tx, locked.id, 'partially_refunded', p.userId, data, now);
    }
    if (!next) throw new AppError('CONFLICT', 'The order changed meanwhile');
    notifyRefund(work, locked, next, refund, reason, left, split.debited);
    return next;
  }

  /** A sale without escrow gives back from the sellers' payables and the platform's commission. */
  private async saleSplit(tx: Tx, locked: Order, refund: number, left: number): Promise<Split> {
    const shares = await this.ctx.ledger.saleShares(tx, locked.id);
    const platform = shares.filter((s) => s.account === 'platform_revenue').reduce((t, s) => t + s.amount, 0);
    const payable = shares.filter((s) => s.account === 'seller_payable' && s.amount !== 0);
    if (left === 0) {
      const from: Source[] = [
        ...payable.map((s) => ({ account: 'seller_payable' as const, ownerId: s.ownerId, amount: s.amount })),
        { account: 'platform_revenue', ownerId: null, amount: platform },
      ];
      const debited = payable.flatMap((s) => (s.ownerId ? [{ sellerId: s.ownerId, amount: s.amount }] : []));
      return { from, patch: { commission: 0, seller_amount: 0 }, debited };
    }
    const seller = payable[0];
    if (!seller?.ownerId) {
      return { from: [{ account: 'platform_revenue', ownerId: null, amount: refund }], patch: { commission: left, seller_amount: 0 }, debited: [] };
    }
    // Commission on what the seller keeps, never more than was taken, and the
    // platform gives back at most the refund.
    const rule = await this.commission.commissionRule(locked.categoryId);
    const after = Math.min(platform, Math.max(platform - refund, commissionFor(left, rule)));
    const fromSeller = refund - (platform - after);
    return {
      from: [
        { account: 'seller_payable', ownerId: seller.ownerId, amount: fromSeller },
        { account: 'platform_revenue', ownerId: null, amount: platform - after },
      ],
      patch: { commission: after, seller_amount: left - after },
      debited: [{ sellerId: seller.ownerId, amount: fromSeller }],
    };
  }
}

function notifyRefund(work: TxWork, o: Order, next: Order, refund: number, reason: string, left: number, debited: Split['debited']) {
  work.notes.push({
    userId: o.buyerId,
    kind: 'refunded',
    title: left === 0 ? 'You were refunded' : 'You were partly refunded',
    body: `${refund} ${o.currency} (minor units) is on its way back to your card. ${reason}`.trim(),
    data: { orderId: o.id, amount: refund, refundedTotal: next.refundedAmount },
  });
  for (const d of debited)
    work.notes.push({
      userId: d.sellerId,
      kind: 'sale_refunded',
      title: 'A sale was refunded',
      body: `${d.amount} ${o.currency} (minor units) was taken back from your earnings for this order.`,
      data: { orderId: o.id, amount: d.amount },
    });
}
