import type { Tx } from '../../../../platform/db.js';
import { commissionFor } from '../../domain/commission.js';
import { capturePosting, directSalePosting, PostingBuilder } from '../../domain/ledger.posting.js';
import type { GatewayPayment } from '../../gateway/gateway.port.js';
import type { TxWork } from '../../payments.context.js';
import type { Order } from '../../payments.repository.js';
import { type OnPaid, TOPICS } from '../../payments.types.js';
import { PaidHookRefused, type SettlementDeps } from '../settlement.deps.js';
import { refundRefusedCapture } from './refund.js';

type Share = { sellerId: string | null; gross: number; commission: number };

/**
 * Step "escrow": books a capture exactly once. The order moves from `authorized`
 * (version-guarded) to `in_escrow` (or `paid` for a sale without escrow, with its
 * commission and payout), with the ledger posting and the order's paid hook, in one
 * transaction. Used by the workflow and by the `payment.captured` webhook, whichever
 * comes first.
 */
export async function bookCapture(s: SettlementDeps, orderId: string, p: GatewayPayment, onPaid?: OnPaid) {
  return s.ctx.inTx(async (tx, work): Promise<'booked' | 'already' | 'stale'> => {
    const o = await s.ctx.repo.getOrder(tx, orderId, true);
    if (!o) return 'stale';
    if (o.status !== 'authorized' || o.paymentId !== p.id) return o.capturedAmount > 0 ? 'already' : 'stale';
    const amount = p.captured;
    const next = o.escrow ? await bookEscrow(s, tx, work, o, amount) : await bookSale(s, tx, work, o, amount);
    if (!next) throw new Error('order changed under a row lock');
    work.notes.push({
      userId: o.buyerId,
      kind: 'payment_captured',
      title: 'Payment complete',
      body: `We charged ${amount} ${o.currency} (minor units).`,
      data: { orderId: o.id },
    });
    await s.paidHooks.run(tx, next, onPaid);
    return 'booked';
  });
}

async function bookEscrow(s: SettlementDeps, tx: Tx, work: TxWork, o: Order, amount: number): Promise<Order | null> {
  const now = s.ctx.now();
  await s.ctx.ledger.post(tx, capturePosting(o, amount), now);
  const next = await s.ctx.repo.transition(tx, o, 'in_escrow', { captured_amount: amount }, now, { data: { amount } });
  if (o.sellerId)
    work.notes.push({
      userId: o.sellerId,
      kind: 'order_paid',
      title: 'Payment received: please ship',
      body: 'The buyer paid; the money is held in escrow until delivery.',
      data: { orderId: o.id },
    });
  return next;
}

async function bookSale(s: SettlementDeps, tx: Tx, work: TxWork, o: Order, amount: number): Promise<Order | null> {
  const now = s.ctx.now();
  const shares = await sellerShares(s, o, amount);
  const commission = shares.reduce((t, x) => t + x.commission, 0);
  await s.ctx.ledger.post(tx, salePosting(o, amount, shares), now);
  const patch = { captured_amount: amount, commission, seller_amount: amount - commission };
  const next = await s.ctx.repo.transition(tx, o, 'paid', patch, now, { data: { amount } });
  if (shares.some((x) => x.sellerId)) work.messages.push({ topic: TOPICS.payout, payload: { orderId: o.id }, dedupeKey: `payout:${o.id}` });
  return next;
}

async function sellerShares(s: SettlementDeps, o: Order, amount: number): Promise<Share[]> {
  const rule = await s.commission.commissionRule(o.categoryId);
  const bySeller = new Map<string | null, number>();
  for (const it of o.items)
    bySeller.set(it.sellerId ?? o.sellerId ?? null, (bySeller.get(it.sellerId ?? o.sellerId ?? null) ?? 0) + it.quantity * it.unitPrice);
  // Lines sum to the order total; a partial amount is shared pro rata, the rest to the first seller.
  const total = [...bySeller.values()].reduce((t, x) => t + x, 0);
  const out: Share[] = [];
  let left = amount;
  const entries = [...bySeller.entries()];
  entries.forEach(([sellerId, gross], i) => {
    const share = i === entries.length - 1 ? left : total === 0 ? 0 : Math.floor((gross * amount) / total);
    left -= share;
    out.push({ sellerId, gross: share, commission: sellerId ? commissionFor(share, rule) : share });
  });
  return out;
}

function salePosting(o: Order, amount: number, shares: Share[]) {
  if (shares.length === 1) return directSalePosting({ ...o, sellerId: shares[0]?.sellerId ?? null }, amount, shares[0]?.commission ?? 0);
  const b = new PostingBuilder('sale', o.currency, o.id, 'captured, no escrow')
    .move(['buyer', o.buyerId], ['gateway_clearing', null], amount)
    .debit('buyer', amount, o.buyerId);
  for (const x of shares) {
    if (x.sellerId) b.credit('seller_payable', x.gross - x.commission, x.sellerId).credit('platform_revenue', x.commission);
    else b.credit('platform_revenue', x.gross);
  }
  return b.build();
}

/**
 * Books a capture; when the order's paid hook refuses (a flash-sale hold expired
 * meanwhile), runs the compensation (refund, cancel) instead. Returns the refusal so
 * that checkout can answer with it; the workflow and webhooks drop it.
 */
export async function bookOrRefund(s: SettlementDeps, o: Order, p: GatewayPayment, onPaid?: OnPaid) {
  try {
    return await bookCapture(s, o.id, p, onPaid);
  } catch (err) {
    if (!(err instanceof PaidHookRefused)) throw err;
    return refundRefusedCapture(s.ctx, o, p, err);
  }
}
