import type { OrderSummary, OrderView, PaymentMethodView } from '../../shared/api/payments.js';
import { allowedActions } from './domain/order.actions.js';
import { shippingAddressFor, type Viewer } from './domain/order.view.js';
import type { Dispute, Order, PaymentMethod } from './payments.repository.js';

/** Who looks at an order, and when: the view lists what they may do now. */
export interface OrderViewer extends Viewer {
  now: number;
  /** A dispute of the order is open or answered (see `hasOpenDispute`). */
  hasOpenDispute: boolean;
}

/** Is one of an order's disputes still to be resolved? */
export const hasOpenDispute = (disputes: readonly Pick<Dispute, 'status'>[]): boolean =>
  disputes.some((d) => d.status === 'open' || d.status === 'responded');

/** The API view of an order for `viewer`: no gateway ids, versions or idempotency data. */
export function presentOrder(o: Order, viewer: OrderViewer): OrderView {
  return {
    id: o.id,
    kind: o.kind,
    buyerId: o.buyerId,
    sellerId: o.sellerId,
    status: o.status,
    currency: o.currency,
    total: o.total,
    items: o.items,
    auctionId: o.auctionId,
    offerRank: o.offerRank,
    escrow: o.escrow,
    paymentMethodId: o.paymentMethodId,
    capturedAmount: o.capturedAmount,
    refundedAmount: o.refundedAmount,
    commission: o.commission,
    sellerAmount: o.sellerAmount,
    carrier: o.carrier,
    tracking: o.tracking,
    deadlineAt: o.deadlineAt,
    reason: o.reason,
    shippingAddress: shippingAddressFor(o, viewer),
    hasShippingAddress: o.shippingAddress !== null,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    allowedActions: allowedActions({ ...o, hasOpenDispute: viewer.hasOpenDispute }, viewer, viewer.now),
  };
}

/** A short view of an order for lists (beside a dispute): who, what, how much. */
export function presentOrderSummary(o: Order): OrderSummary {
  return {
    id: o.id,
    kind: o.kind,
    status: o.status,
    buyerId: o.buyerId,
    sellerId: o.sellerId,
    auctionId: o.auctionId,
    title: o.items.map((i) => i.title).join(', '),
    currency: o.currency,
    total: o.total,
    capturedAmount: o.capturedAmount,
    refundedAmount: o.refundedAmount,
    createdAt: o.createdAt,
  };
}

/** The API view of a payment method: never the token. */
export function presentMethod(m: PaymentMethod): PaymentMethodView {
  return {
    id: m.id,
    brand: m.brand,
    last4: m.last4,
    expMonth: m.expMonth,
    expYear: m.expYear,
    isDefault: m.isDefault,
    createdAt: m.createdAt,
  };
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote always; neutralise spreadsheet formulas.
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** Rows of plain objects as CSV with a header line. */
export function toCsv(rows: Record<string, unknown>[], columns: string[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
}
