import type { PaymentMethod } from './payments.repository.js';
import type { Order } from './payments.repository.js';

/** The API view of an order: no gateway ids, versions or idempotency data. */
export function presentOrder(o: Order) {
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
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

/** A short view of an order for lists (beside a dispute): who, what, how much. */
export function presentOrderSummary(o: Order) {
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
export function presentMethod(m: PaymentMethod) {
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
