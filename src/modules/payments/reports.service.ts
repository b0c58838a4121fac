import { AppError } from '../../platform/errors.js';
import type { Principal } from '../identity/index.js';
import { orderSeenBy, shippingAddressFor } from './domain/order.view.js';
import type { OrdersService } from './orders.service.js';
import type { PaymentsContext } from './payments.context.js';

type Totals = Record<string, { sales: number; fees: number; net: number; payouts: number }>;

/** Receipts, seller statements, platform revenue and the proof that the ledger balances. */
export class ReportsService {
  constructor(
    private readonly ctx: PaymentsContext,
    private readonly orders: OrdersService,
  ) {}

  async receipt(p: Principal, id: string) {
    const o = orderSeenBy(await this.orders.orderFor(p, id, 'any'), p);
    if (o.capturedAmount === 0) throw new AppError('RECEIPT_UNAVAILABLE', 'This order has not been paid');
    const events = await this.ctx.repo.events(o.id);
    const paidAt = events.find((e) => e.type === 'in_escrow' || e.type === 'paid')?.at ?? null;
    // The card is the buyer's: the seller's copy of the receipt leaves it out.
    const mayShowCard = p.userId === o.buyerId || p.isAdmin;
    const method =
      mayShowCard && o.paymentMethodId ? (await this.ctx.repo.methods(o.buyerId)).find((m) => m.id === o.paymentMethodId) : undefined;
    const sellerIds = o.sellerId ? [o.sellerId] : [...new Set(o.items.map((i) => i.sellerId).filter((s): s is string => !!s))];
    const names = await this.ctx.deps.names([o.buyerId, ...sellerIds]);
    const party = (id: string) => ({ id, displayName: names.get(id) ?? '' });
    return {
      orderId: o.id,
      kind: o.kind,
      currency: o.currency,
      items: o.items.map(({ ref, title, quantity, unitPrice }) => ({ ref, title, quantity, unitPrice, amount: quantity * unitPrice })),
      total: o.total,
      captured: o.capturedAmount,
      refunded: o.refundedAmount,
      paidAt,
      paymentMethod: method ? { brand: method.brand, last4: method.last4 } : null,
      status: o.status,
      sellers: sellerIds.map(party),
      buyer: party(o.buyerId),
      shippingAddress: shippingAddressFor(o, p),
    };
  }

  /** Seller statement: per order sales, fees, refunds and payouts in a period, with totals per currency. */
  async statement(sellerId: string, from: Date, to: Date) {
    const lines = await this.ctx.ledger.sellerLines(sellerId, from, to);
    const orders = new Map((await this.ctx.repo.ordersOf(sellerId, 'seller', 10_000)).map((o) => [o.id, o]));
    const rows = lines.map((l) => {
      const o = l.orderId ? orders.get(l.orderId) : undefined;
      const isCredit = l.kind === 'release' || l.kind === 'sale';
      return {
        at: l.at.toISOString(),
        orderId: l.orderId,
        type: l.kind,
        currency: l.currency,
        sale: isCredit ? (o ? o.capturedAmount - o.refundedAmount : l.amount) : 0,
        fee: isCredit ? (o?.commission ?? 0) : 0,
        net: isCredit || l.kind === 'refund' ? l.amount : 0,
        payout: l.kind === 'payout' ? -l.amount : 0,
      };
    });
    const totals: Totals = {};
    for (const r of rows) {
      const t = totals[r.currency] ?? { sales: 0, fees: 0, net: 0, payouts: 0 };
      totals[r.currency] = t;
      t.sales += r.sale;
      t.fees += r.fee;
      t.net += r.net;
      t.payouts += r.payout;
    }
    return { sellerId, from: from.toISOString(), to: to.toISOString(), rows, totals };
  }

  async revenue(from: Date, to: Date, period: 'day' | 'month') {
    return { from: from.toISOString(), to: to.toISOString(), period, rows: await this.ctx.ledger.revenue(from, to, period) };
  }

  async ledgerCheck() {
    const perCurrency = await this.ctx.ledger.trialBalance();
    const unbalanced = await this.ctx.ledger.unbalancedTransactions();
    return {
      balanced: perCurrency.every((c) => c.balanced) && unbalanced.length === 0,
      perCurrency,
      unbalancedTransactions: unbalanced,
      accounts: await this.ctx.ledger.balances(),
    };
  }
}
