// What the audit log records of payments: every ledger posting, refunds and payouts by
// name, and every admin intervention on an order or dispute. Pure: the unit of work
// appends these in the transaction that books the change (payments.context.ts).
import type { AuditEntry } from '../audit/index.js';
import type { OrderCommand, Posting } from './domain/index.js';
import type { Order } from './payments.repository.js';

/** Admin commands by the audit action they write. */
const ADMIN_ACTIONS: Partial<Record<OrderCommand['type'], string>> = {
  admin_cancel: 'order.admin_cancel',
  admin_next_offer: 'order.admin_next_offer',
  retry_payment: 'order.admin_retry_payment',
  admin_release: 'order.admin_release',
  admin_refund: 'order.admin_refund',
  resolve_dispute: 'dispute.resolved',
};

/** The user who sent a command, or null for the system (workflow, webhooks). */
export function actorOf(c: OrderCommand | undefined): string | null {
  return c && 'by' in c ? c.by.userId : null;
}

/** The admin's intervention, when `c` is one; `before` and `after` are the order around it. */
export function commandAudit(before: Order, after: Order, c: OrderCommand | undefined): AuditEntry[] {
  const action = c ? ADMIN_ACTIONS[c.type] : undefined;
  if (!c || !action || !('by' in c)) return [];
  const base = { orderId: before.id, currency: before.currency, from: before.status, to: after.status };
  if (c.type === 'resolve_dispute')
    return [{ actorId: c.by.userId, action, subjectType: 'dispute', subjectId: c.dispute.id, data: { ...base, outcome: c.outcome, amount: c.amount } }];
  const reason = 'reason' in c ? c.reason : null;
  const amount = c.type === 'admin_refund' ? after.refundedAmount - before.refundedAmount : undefined;
  return [{ actorId: c.by.userId, action, subjectType: 'order', subjectId: before.id, data: { ...base, reason, ...(amount !== undefined ? { amount } : {}) } }];
}

/** A posting as written (`ledger.posted`), and by name when it is a refund or a payout. */
export function postingAudit(p: Posting, transactionId: string, actorId: string | null): AuditEntry[] {
  const amount = p.lines.reduce((n, l) => n + l.debit, 0);
  const lines = p.lines.map((l) => ({ account: l.account, ownerId: l.ownerId, debit: l.debit, credit: l.credit }));
  const out: AuditEntry[] = [
    {
      actorId,
      action: 'ledger.posted',
      subjectType: 'ledger_transaction',
      subjectId: transactionId,
      data: { kind: p.kind, orderId: p.orderId, currency: p.currency, amount, memo: p.memo, lines },
    },
  ];
  const money = { currency: p.currency, ledgerTransactionId: transactionId };
  if (p.kind === 'refund') {
    const refunded = p.lines.filter((l) => l.account === 'gateway_clearing').reduce((n, l) => n + l.credit, 0);
    out.push({ actorId, action: 'payment.refund', subjectType: 'order', subjectId: p.orderId, data: { ...money, amount: refunded } });
  } else if (p.kind === 'payout') {
    const paid = p.lines.filter((l) => l.account === 'seller_payable');
    const sellerId = paid[0]?.ownerId ?? null;
    out.push({ actorId, action: 'payment.payout', subjectType: 'order', subjectId: p.orderId, data: { ...money, sellerId, amount: paid.reduce((n, l) => n + l.debit, 0) } });
  }
  return out;
}
