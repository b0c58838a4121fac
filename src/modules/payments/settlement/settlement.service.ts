import { enqueue, type HandlerResult } from '../../../engine/outbox.js';
import { CircuitOpenError } from '../gateway/circuit-breaker.js';
import { GatewayError } from '../gateway/gateway.port.js';
import { newOrder } from '../order.uow.js';
import type { Order } from '../payments.repository.js';
import { type AuctionSoldPayload, type OnPaid, TOPICS } from '../payments.types.js';
import type { SettlementDeps } from './settlement.deps.js';
import { authorize } from './steps/authorize.js';
import { capture, compensateCapture } from './steps/capture.js';
import { bookOrRefund } from './steps/escrow.js';

/**
 * The settlement workflow of an auction order: create it when the auction closes
 * sold, then authorize, capture and book it. Each step is persisted before the next,
 * so a re-run (after a crash or a transient error) continues where it stopped.
 */
export class SettlementService {
  constructor(private readonly s: SettlementDeps) {}

  /** Registers what a paid order of this kind commits with its capture. */
  onOrderPaid(kind: Order['kind'], hook: OnPaid): void {
    this.s.paidHooks.set(kind, hook);
  }

  /** Auction closed sold: create the winner's order (once per auction) and start charging. */
  async settleAuction(p: AuctionSoldPayload): Promise<HandlerResult> {
    const info = await this.s.auctionInfo(p.auctionId);
    const { ctx } = this.s;
    const now = ctx.now();
    const ranking = p.ranking.filter((r) => r.bidderId !== p.sellerId && (p.reservePrice === null || r.amount >= p.reservePrice));
    await ctx.inTx(async (tx, work) => {
      const order = await ctx.repo.insertOrder(tx, {
        ...newOrder(ctx.deps.ids.next(), now),
        auctionId: p.auctionId,
        buyerId: p.winnerId,
        sellerId: p.sellerId,
        categoryId: info?.categoryId ?? null,
        currency: p.currency,
        total: p.price,
        items: [{ ref: p.auctionId, title: info?.title ?? 'Auction lot', quantity: 1, unitPrice: p.price, sellerId: p.sellerId }],
        ranking,
      });
      if (!order) return; // already settled by an earlier run
      await ctx.repo.addEvent(tx, order.id, 'created', null, { auctionId: p.auctionId, price: p.price }, now);
      work.messages.push({ topic: TOPICS.charge, payload: { orderId: order.id }, dedupeKey: `charge:${order.id}:0` });
      work.messages.push({ topic: TOPICS.voidHolds, payload: { auctionId: p.auctionId }, dedupeKey: `void_holds:${p.auctionId}` });
    });
    return undefined;
  }

  /** Outbox handler: authorizes then captures an auction order (gateway keys derived from the order and attempt). */
  async charge(orderId: string): Promise<HandlerResult> {
    let o = await this.s.ctx.repo.getOrder(this.s.ctx.deps.sql, orderId);
    if (!o) return undefined;
    if (o.status === 'pending_payment') {
      o = await authorize(this.s, o);
      if (!o) return undefined;
    }
    if (o.status === 'authorized' && o.paymentId) await this.captureAndBook(o);
    return undefined;
  }

  /** Captures an authorized order and books it; a capture the order no longer wants is refunded. */
  async captureAndBook(o: Order): Promise<void> {
    const r = await capture(this.s.ctx, o);
    if (!('captured' in r)) return;
    const booked = await bookOrRefund(this.s, o, r.captured);
    if (booked === 'stale') await compensateCapture(this.s.ctx, o.id, r.captured);
  }

  /** Runs the charge step now; if the gateway is unavailable, leaves it to the outbox (retried with backoff). */
  async chargeNowOrLater(o: Order): Promise<void> {
    try {
      await this.charge(o.id);
    } catch (err) {
      if (!(err instanceof GatewayError) && !(err instanceof CircuitOpenError)) throw err;
      const { ctx } = this.s;
      ctx.deps.log.warn({ err, orderId: o.id }, 'charge deferred to the outbox');
      await enqueue(
        ctx.deps.sql,
        [{ topic: TOPICS.charge, payload: { orderId: o.id }, dedupeKey: `charge:${o.id}:retry:${o.version}` }],
        ctx.now(),
      );
      ctx.deps.nudge();
    }
  }
}
