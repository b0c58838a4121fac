// The steps of an order that move money: capture, release, refunds and payouts. Each books
// its postings with the ledger.posting helpers, so every posting balances per currency.
import type { Problem } from '../../../platform/errors.js';
import { money, notice } from '../../../shared/notices.js';
import { type CommissionRule, commissionFor } from './commission.js';
import { canDisputeTransition } from './dispute.lifecycle.js';
import {
  capturePosting,
  directSalePosting,
  payoutPosting,
  type Posting,
  PostingBuilder,
  refundPosting,
  releasePosting,
} from './ledger.posting.js';
import { IN_ESCROW } from './order.lifecycle.js';
import { badState, isMoney, type OrderStep, problem } from './order.step.js';
import type {
  AdminRefundCommand,
  CaptureBookedCommand,
  OrderState,
  PayoutDoneCommand,
  ResolveDisputeCommand,
  SaleShare,
} from './order.types.js';
import { PAYMENT_TOPICS } from './order.types.js';

/** One seller's part of a sale: what they sold (`gross`) and the commission on it. */
export interface SellerShare {
  sellerId: string | null;
  gross: number;
  commission: number;
}

/**
 * Splits a captured `amount` by seller: lines sum to the order total, a partial amount is
 * shared pro rata and the rounding rest goes to the last seller; lines without a seller are
 * the platform's own (all commission).
 */
export function sellerShares(o: OrderState, amount: number, rule: CommissionRule): SellerShare[] {
  const bySeller = new Map<string | null, number>();
  for (const it of o.items) {
    const seller = it.sellerId ?? o.sellerId ?? null;
    bySeller.set(seller, (bySeller.get(seller) ?? 0) + it.quantity * it.unitPrice);
  }
  const total = [...bySeller.values()].reduce((s, x) => s + x, 0);
  const out: SellerShare[] = [];
  let left = amount;
  const entries = [...bySeller.entries()];
  entries.forEach(([sellerId, gross], i) => {
    const share = i === entries.length - 1 ? left : total === 0 ? 0 : Math.floor((gross * amount) / total);
    left -= share;
    out.push({ sellerId, gross: share, commission: sellerId ? commissionFor(share, rule) : share });
  });
  return out;
}

/** The posting of a sale without escrow: captured money straight to the sellers and the platform. */
export function salePosting(o: OrderState, amount: number, shares: SellerShare[]): Posting {
  if (shares.length === 1) return directSalePosting({ ...o, sellerId: shares[0]?.sellerId ?? null }, amount, shares[0]?.commission ?? 0);
  const b = new PostingBuilder('sale', o.currency, o.id, 'captured, no escrow')
    .move(['buyer', o.buyerId], ['gateway_clearing', null], amount)
    .debit('buyer', amount, o.buyerId);
  for (const s of shares) {
    if (s.sellerId) b.credit('seller_payable', s.gross - s.commission, s.sellerId).credit('platform_revenue', s.commission);
    else b.credit('platform_revenue', s.gross);
  }
  return b.build();
}

/** Books a capture: into escrow, or (no escrow) straight to sellers and platform with a payout queued. */
export function bookCapture(step: OrderStep, c: CaptureBookedCommand): Problem | null {
  const o = step.state;
  if (o.paymentId !== c.paymentId) {
    return problem('ORDER_STATE_INVALID', 'The capture is not of the payment of this order', {
      status: o.status,
      capturedAmount: o.capturedAmount,
    });
  }
  if (!isMoney(c.amount) || c.amount === 0) return problem('INVALID_COMMAND', 'A capture needs a positive amount');
  const amount = c.amount;
  if (o.escrow) {
    step.post(capturePosting(o, amount));
    step.move('in_escrow', { capturedAmount: amount }, null, { amount });
    if (o.sellerId)
      step.notify({
        userId: o.sellerId,
        kind: 'order_paid',
        message: notice('order_paid'),
        data: { orderId: o.id },
      });
  } else {
    const shares = sellerShares(o, amount, c.rule);
    const commission = shares.reduce((s, x) => s + x.commission, 0);
    step.post(salePosting(o, amount, shares));
    step.move('paid', { capturedAmount: amount, commission, sellerAmount: amount - commission }, null, { amount });
    if (shares.some((s) => s.sellerId)) step.enqueue(payoutJob(o));
  }
  step.notify({
    userId: o.buyerId,
    kind: 'payment_captured',
    message: notice('payment_captured', { amount: money(amount, o.currency) }),
    data: { orderId: o.id },
  });
  return null;
}

function payoutJob(o: OrderState) {
  return { topic: PAYMENT_TOPICS.payout, payload: { orderId: o.id }, dedupeKey: `payout:${o.id}` };
}

/** Escrow -> seller payable minus commission on what is left, then a payout is queued. */
export function release(step: OrderStep, actorId: string | null, reason: string, rule: CommissionRule): Problem | null {
  const o = step.state;
  const amount = o.capturedAmount - o.refundedAmount;
  if (!isMoney(amount) || amount === 0) return badState(o, 'release');
  const commission = o.sellerId ? commissionFor(amount, rule) : amount;
  step.post(releasePosting(o, amount, commission));
  step.move('released', { commission, sellerAmount: amount - commission, deadlineAt: null }, actorId, { reason, amount, commission });
  if (o.sellerId) {
    step.notify({
      userId: o.sellerId,
      kind: 'released',
      message: notice('released', { net: money(amount - commission, o.currency), commission: money(commission, o.currency) }),
      data: { orderId: o.id, amount, commission },
    });
    step.enqueue(payoutJob(o));
  }
  return null;
}

/** Pays out what the order left payable to each seller (from the ledger), then books the payouts. */
export function payoutDone(step: OrderStep, c: PayoutDoneCommand): Problem | null {
  const o = step.state;
  if (!Array.isArray(c.payouts) || c.payouts.some((p) => !isMoney(p.amount) || p.amount === 0 || !p.sellerId)) {
    return problem('INVALID_COMMAND', 'Each payout needs a seller and a positive amount');
  }
  for (const s of c.payouts) {
    const idempotencyKey = `payout:${o.id}:${s.sellerId}`;
    step.call({ op: 'payout', sellerId: s.sellerId, amount: s.amount, currency: o.currency, idempotencyKey });
  }
  for (const s of c.payouts) {
    step.post(payoutPosting({ id: o.id, currency: o.currency, sellerId: s.sellerId }, s.amount));
    step.notify({
      userId: s.sellerId,
      kind: 'payout',
      message: notice('payout', { amount: money(s.amount, o.currency) }),
      data: { orderId: o.id, amount: s.amount },
    });
  }
  step.move('paid_out', {}, null, { payouts: c.payouts });
  return null;
}

const refundRange = (held: number) => problem('REFUND_AMOUNT_INVALID', `A refund must be between 1 and ${held}`, { held });

/**
 * Admin resolves a dispute: refund the buyer (all or part; the rest is released to the seller
 * minus commission on what they keep), or release everything to the seller.
 */
export function resolveDispute(step: OrderStep, c: ResolveDisputeCommand): Problem | null {
  const o = step.state;
  const d = c.dispute;
  if (!canDisputeTransition(d.status, c.outcome === 'refund' ? 'resolved_refund' : 'resolved_release')) {
    return problem('DISPUTE_STATE_INVALID', `The dispute is ${d.status}`);
  }
  const held = o.capturedAmount - o.refundedAmount;
  const refund = c.outcome === 'refund' ? (c.amount ?? held) : 0;
  if (!isMoney(refund) || refund > held || (c.outcome === 'refund' && refund === 0)) return refundRange(held);
  if (refund > 0) {
    step.call({ op: 'refund', paymentId: o.paymentId ?? '', amount: refund, idempotencyKey: `refund:${d.id}` });
    step.post(refundPosting(o, refund, [{ account: 'escrow', ownerId: null, amount: refund }]));
    const change = { refundedAmount: o.refundedAmount + refund };
    const data = { refund, disputeId: d.id };
    if (refund === held) step.move('refunded', change, c.by.userId, data);
    else {
      step.patch(change);
      step.note('partially_refunded', c.by.userId, data);
    }
  }
  if (step.state.status === 'disputed') {
    const released = release(step, c.by.userId, `dispute_${c.outcome}`, c.rule);
    if (released) return released;
  }
  for (const userId of [d.buyerId, d.sellerId]) {
    if (userId)
      step.notify({
        userId,
        kind: 'dispute_resolved',
        message: refund > 0 ? notice('dispute_refund', { amount: money(refund, o.currency) }) : notice('dispute_release'),
        data: { orderId: o.id, disputeId: d.id, outcome: c.outcome, refund },
      });
  }
  return null;
}

/**
 * Admin refund, full or partial, of an order in escrow (out of `escrow`) or of a sale without
 * escrow, paid or already paid out (back from the seller's payable and the platform's
 * commission, recomputed on what the seller keeps; after a payout the payable goes negative).
 */
export function adminRefund(step: OrderStep, c: AdminRefundCommand): Problem | null {
  const o = step.state;
  const inEscrow = o.escrow && IN_ESCROW.includes(o.status);
  const sold = !o.escrow && (o.status === 'paid' || o.status === 'paid_out');
  if (!(inEscrow || sold) || !o.paymentId) return badState(o, 'refund');
  const held = o.capturedAmount - o.refundedAmount;
  const refund = c.amount ?? held;
  if (!isMoney(refund) || refund < 1 || refund > held) return refundRange(held);
  const sellers = new Set(o.items.map((i) => i.sellerId ?? o.sellerId ?? null));
  if (!o.escrow && refund < held && sellers.size > 1) {
    return problem('REFUND_AMOUNT_INVALID', 'An order of several sellers can only be refunded in full', { held });
  }
  const left = held - refund;
  const split = o.escrow ? escrowSplit(refund) : saleSplit(c, refund, left);
  if (split.from.reduce((s, f) => s + f.amount, 0) !== refund || split.from.some((f) => !isMoney(f.amount))) {
    return problem('INVALID_COMMAND', 'The sale shares do not cover the refund');
  }
  step.call({ op: 'refund', paymentId: o.paymentId, amount: refund, idempotencyKey: `refund:${o.id}:admin:${o.refundedAmount}` });
  step.post(refundPosting(o, refund, split.from.filter((f) => f.amount !== 0)));
  const change = { refundedAmount: o.refundedAmount + refund, ...split.change };
  const data = { refund, reason: c.reason, left };
  if (left === 0) step.move('refunded', { ...change, deadlineAt: null }, c.by.userId, data);
  else {
    step.patch(change);
    step.note('partially_refunded', c.by.userId, data);
  }
  refundNotices(step, o, { refund, full: left === 0, reason: c.reason }, split.debited);
  return null;
}

interface RefundSplit {
  from: SaleShare[];
  debited: { sellerId: string; amount: number }[];
  change: { commission?: number; sellerAmount?: number };
}

function escrowSplit(refund: number): RefundSplit {
  return { from: [{ account: 'escrow', ownerId: null, amount: refund }], debited: [], change: {} };
}

/** Where the refund of a sale without escrow comes from, and the commission left on what the seller keeps. */
function saleSplit(c: AdminRefundCommand, refund: number, left: number): RefundSplit {
  const shares = c.saleShares;
  const platform = shares.filter((s) => s.account === 'platform_revenue').reduce((t, s) => t + s.amount, 0);
  const payable = shares.filter((s) => s.account === 'seller_payable' && s.amount !== 0);
  if (left === 0) {
    const debited: RefundSplit['debited'] = [];
    for (const s of payable) if (s.ownerId) debited.push({ sellerId: s.ownerId, amount: s.amount });
    return {
      from: [
        ...payable.map((s) => ({ account: 'seller_payable' as const, ownerId: s.ownerId, amount: s.amount })),
        { account: 'platform_revenue', ownerId: null, amount: platform },
      ],
      debited,
      change: { commission: 0, sellerAmount: 0 },
    };
  }
  const seller = payable[0];
  if (!seller?.ownerId) {
    const from: SaleShare[] = [{ account: 'platform_revenue', ownerId: null, amount: refund }];
    return { from, debited: [], change: { commission: left, sellerAmount: 0 } };
  }
  // Commission on what the seller keeps, never more than was taken; the platform gives back at most the refund.
  const after = Math.min(platform, Math.max(platform - refund, commissionFor(left, c.rule)));
  const fromSeller = refund - (platform - after);
  return {
    from: [
      { account: 'seller_payable', ownerId: seller.ownerId, amount: fromSeller },
      { account: 'platform_revenue', ownerId: null, amount: platform - after },
    ],
    debited: [{ sellerId: seller.ownerId, amount: fromSeller }],
    change: { commission: after, sellerAmount: left - after },
  };
}

function refundNotices(
  step: OrderStep,
  o: OrderState,
  { refund, full, reason }: { refund: number; full: boolean; reason: string },
  debited: RefundSplit['debited'],
): void {
  step.notify({
    userId: o.buyerId,
    kind: 'refunded',
    message: notice(full ? 'refunded' : 'refunded_part', { amount: money(refund, o.currency), reason }),
    data: { orderId: o.id, amount: refund, refundedTotal: step.state.refundedAmount },
  });
  for (const d of debited)
    step.notify({
      userId: d.sellerId,
      kind: 'sale_refunded',
      message: notice('sale_refunded', { amount: money(d.amount, o.currency) }),
      data: { orderId: o.id, amount: d.amount },
    });
}
